import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';

/**
 * The Sandbox network as its public would see it: the organization's sandbox posts, newest first, with
 * the simulated reactions delivered so far and the organization's own answers.
 */
export async function sandboxTimeline(db: Db, actor: Actor) {
  const channels = await db
    .selectFrom('channels')
    .select(['id', 'name', 'handle', 'status'])
    .where('org_id', '=', actor.orgId)
    .where('network', '=', 'sandbox')
    .orderBy('name')
    .execute();
  const posts = await db
    .selectFrom('sandbox_posts')
    .select(['id', 'channel_id', 'body', 'in_reply_to', 'continues', 'picture_alts', 'created_at', 'edited_at', 'deleted_at'])
    .where('org_id', '=', actor.orgId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  const events = await db
    .selectFrom('sandbox_events')
    .select(['id', 'post_id', 'kind', 'author_handle', 'author_name', 'body', 'rating', 'deliver_at'])
    .where('org_id', '=', actor.orgId)
    .where('deliver_at', '<=', sql<Date>`now()`)
    .orderBy('seq')
    .limit(2000)
    .execute();
  const answers = new Map(posts.filter((p) => p.in_reply_to).map((p) => [p.in_reply_to!, p]));
  const handleOf = new Map(channels.map((c) => [c.id, c.handle]));
  return {
    channels: channels.map((c) => ({ id: c.id, name: c.name, handle: c.handle, status: c.status })),
    posts: posts
      .filter((p) => !p.in_reply_to)
      .map((p) => {
        const mine = events.filter((e) => e.post_id === p.id);
        return {
          id: p.id,
          handle: handleOf.get(p.channel_id) ?? 'sandbox',
          body: p.deleted_at ? '' : p.body,
          removed: p.deleted_at !== null,
          edited: p.edited_at !== null,
          // The post this one continues (a thread's next part).
          continues: p.continues,
          pictures: p.deleted_at ? [] : p.picture_alts,
          at: p.created_at.toISOString(),
          likes: mine.filter((e) => e.kind === 'like').length,
          reposts: mine.filter((e) => e.kind === 'repost').length,
          conversation: mine
            .filter((e) => e.kind !== 'like' && e.kind !== 'repost')
            .map((e) => ({
              id: e.id,
              kind: e.kind,
              from: e.author_name,
              handle: e.author_handle,
              body: e.body,
              rating: e.rating,
              at: e.deliver_at.toISOString(),
              answer: answers.get(e.id)?.body ?? null,
            })),
        };
      }),
  };
}
