import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { PostVisibility } from '../db/schema.ts';
import { notify } from '../notify/notifications.ts';
import { CARE_TEAM_ROLES } from './visibility.ts';

/** `@[Name]` mentions a member by the name others see: their pseudonym if they have one, else their name. */
const MENTION = /@\[([^\]\n[]{2,100})\]/g;
const MAX_MENTIONS = 20;

export function mentionedLabels(texts: readonly string[]): string[] {
  const labels = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(MENTION)) labels.add(m[1].trim().toLowerCase());
  return [...labels].slice(0, MAX_MENTIONS);
}

/** Members as others may name them (never a pseudonymous member's real name). */
function membersByLabel(db: Db | Tx, communityId: string) {
  return db
    .selectFrom('community_members as cm')
    .innerJoin('users as u', 'u.id', 'cm.user_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'cm.user_id').onRef('m.org_id', '=', 'cm.org_id'))
    .select(['cm.user_id', 'm.role', sql<string>`coalesce(cm.pseudonym, u.display_name)`.as('label')])
    .where('cm.community_id', '=', communityId)
    .where('m.deactivated_at', 'is', null);
}

/**
 * Tells the members a visible post or reply mentions, if they can read it: a care-team post reaches only
 * the care team, whoever is named. The notice names who mentioned them, never the text.
 */
export async function notifyMentions(
  tx: Tx,
  m: {
    orgId: string;
    authorId: string;
    authorLabel: string;
    communityId: string;
    visibility: PostVisibility;
    texts: string[];
    link: string;
  },
): Promise<void> {
  const labels = mentionedLabels(m.texts);
  if (labels.length === 0) return;
  const named = await membersByLabel(tx, m.communityId)
    .where(sql<string>`lower(coalesce(cm.pseudonym, u.display_name))`, 'in', labels)
    .execute();
  const readers = named.filter((n) => n.user_id !== m.authorId && (m.visibility !== 'care_team' || CARE_TEAM_ROLES.includes(n.role)));
  await notify(tx, {
    orgId: m.orgId,
    userIds: readers.map((r) => r.user_id),
    kind: 'mention',
    title: `${m.authorLabel} mentioned you`,
    link: m.link,
    email: true,
  });
}

/** Names to complete after "@" in a community's composer: members whose visible name starts with what was typed. */
export async function mentionCandidates(db: Db, communityId: string, prefix: string): Promise<{ label: string; staff: boolean }[]> {
  const escaped = prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await membersByLabel(db, communityId)
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(coalesce(cm.pseudonym, u.display_name))`, 'like', `${escaped}%`),
        eb(sql<string>`lower(coalesce(cm.pseudonym, u.display_name))`, 'like', `% ${escaped}%`),
      ]),
    )
    .orderBy(sql`coalesce(cm.pseudonym, u.display_name)`)
    .limit(8)
    .execute();
  return rows.map((r) => ({ label: r.label, staff: r.role !== 'patient' }));
}
