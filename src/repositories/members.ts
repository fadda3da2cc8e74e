import type { Db, Role, Tx } from '../db/index.ts';

/**
 * Who belongs to an organization, in what role: the questions features ask of `memberships`, asked one
 * way. (Queries that list members with their content join the table themselves.)
 */

/** Ids of the members holding one of `roles` (all members when omitted), leaving out `except`. */
export async function memberIds(db: Db | Tx, orgId: string, opts: { roles?: readonly Role[]; except?: readonly string[] } = {}) {
  // Deactivated (offboarded) members are no one's recipients any more.
  let query = db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('deactivated_at', 'is', null);
  if (opts.roles) {
    if (opts.roles.length === 0) return [];
    query = query.where('role', 'in', [...opts.roles]);
  }
  const except = opts.except?.filter(Boolean) ?? [];
  if (except.length) query = query.where('user_id', 'not in', except);
  return (await query.execute()).map((m) => m.user_id);
}

/** A member's role in the organization, or undefined when the user is not a member of it. */
export async function roleOf(db: Db | Tx, orgId: string, userId: string, opts: { forUpdate?: boolean } = {}): Promise<Role | undefined> {
  let query = db.selectFrom('memberships').select('role').where('org_id', '=', orgId).where('user_id', '=', userId);
  if (opts.forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst())?.role;
}

/** Which of `userIds` are members of the organization, with their roles. */
export async function membersAmong(db: Db | Tx, orgId: string, userIds: readonly string[]): Promise<Array<{ userId: string; role: Role }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('org_id', '=', orgId)
    .where('user_id', 'in', [...userIds])
    .execute();
  return rows.map((r) => ({ userId: r.user_id, role: r.role }));
}

/** A member's trust level (weights their flags), 0 when unknown. */
export async function trustLevelOf(db: Db | Tx, orgId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select('trust_level')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.trust_level ?? 0;
}
