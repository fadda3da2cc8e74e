import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { readOrgSettings } from '../repositories/index.ts';
import { notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { COMMENT_THREAD_NETWORKS, lengthOnNetwork } from './connectors/index.ts';
import { textAsSent } from './links.ts';
import { publisherSettings } from './posts.ts';

/**
 * What each chosen channel would receive, before anything is stored: every part as sent (tracked links
 * included), counted the way that network counts, whether it fits, and whether later parts go out as a
 * thread or as comments under the post.
 */
export async function previewPost(
  db: Db,
  actor: Actor,
  input: { body: string; followUps: string[]; channelIds: string[]; campaign: string | null },
) {
  const ids = [...new Set(input.channelIds)];
  if (ids.some((id) => !isUuid(id))) throw notFound('Channel');
  const channels = ids.length
    ? await db
        .selectFrom('channels')
        .select(['id', 'name', 'network', 'max_length', 'can_post'])
        .where('org_id', '=', actor.orgId)
        .where('id', 'in', ids)
        .orderBy('name')
        .execute()
    : [];
  if (channels.length !== ids.length) throw notFound('Channel');
  const tracking = { on: publisherSettings(await readOrgSettings(db, actor.orgId)).linkTracking, campaign: input.campaign };
  const parts = [input.body, ...input.followUps].map((p) => cleanText(p).trim()).filter(Boolean);
  return channels.map((c) => ({
    channelId: c.id,
    channel: c.name,
    network: c.network,
    maxLength: c.max_length,
    canPost: c.can_post,
    followUpsAs: COMMENT_THREAD_NETWORKS.has(c.network) ? ('comments' as const) : ('thread' as const),
    parts: parts.map((text) => {
      const sent = textAsSent(text, c, tracking);
      const length = lengthOnNetwork(c.network, sent);
      return { text: sent, length, fits: length <= c.max_length };
    }),
  }));
}
