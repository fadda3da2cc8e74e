import type { Db, Tx } from '../db/index.ts';

/** Whether the organization requires its staff to sign in through its identity provider (administrators excepted). */
export async function ssoRequiredForStaff(db: Db | Tx, orgId: string): Promise<boolean> {
  const row = await db.selectFrom('identity_providers').select('require_for_staff').where('org_id', '=', orgId).executeTakeFirst();
  return row?.require_for_staff ?? false;
}
