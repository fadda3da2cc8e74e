import type { Db, Tx } from '../db/database.ts';

/**
 * A patient's care team: the clinicians (active, of the organization) in a care-team conversation with
 * them. Self-screening alerts and goal suggestions go by it.
 */
export async function careTeamOf(db: Db | Tx, orgId: string, patientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('thread_participants as mine')
    .innerJoin('message_threads as t', 't.id', 'mine.thread_id')
    .innerJoin('thread_participants as other', 'other.thread_id', 't.id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'other.user_id').onRef('m.org_id', '=', 't.org_id'))
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .distinct()
    .where('mine.user_id', '=', patientId)
    .where('t.org_id', '=', orgId)
    .where('t.kind', '=', 'care_team')
    .where('m.role', '=', 'clinician')
    .where('u.disabled_at', 'is', null)
    .where('m.deactivated_at', 'is', null)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The active clinicians of the organization among these ids. */
export async function cliniciansAmong(db: Db | Tx, orgId: string, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'clinician')
    .where('u.disabled_at', 'is', null)
    .where('m.deactivated_at', 'is', null)
    .where('m.user_id', 'in', [...ids])
    .execute();
  return rows.map((r) => r.user_id);
}
