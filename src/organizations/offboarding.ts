import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { holdScheduledPostsOf, publisherSettings } from '../publisher/posts.ts';
import { readOrgSettings } from '../repositories/index.ts';
import { raiseAlert } from '../security/alerts.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';

/**
 * Workforce termination (HIPAA §164.308(a)(3)(ii)(C)): the member's sessions end at once and sign-in is
 * refused; channels they connected are flagged for someone to take over; their approved posts not yet sent
 * are held for a fresh approval; everything they wrote stays (records are the organization's).
 */
export async function deactivateMember(db: Db, actor: Actor, userId: string, reason: string) {
  if (userId === actor.userId) throw badRequest('You cannot deactivate yourself; ask another administrator.');
  return db.transaction().execute(async (tx) => {
    const member = await tx
      .selectFrom('memberships')
      .select(['role', 'deactivated_at'])
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!member) throw notFound('Member');
    if (member.deactivated_at) throw conflict('This member is already deactivated.');
    if (member.role === 'admin') {
      const admins = await tx
        .selectFrom('memberships')
        .select('user_id')
        .where('org_id', '=', actor.orgId)
        .where('role', '=', 'admin')
        .where('deactivated_at', 'is', null)
        .execute();
      if (admins.length <= 1) throw conflict('This is the last active administrator; make someone else an administrator first.');
    }
    const now = new Date();
    await tx
      .updateTable('memberships')
      .set({ deactivated_at: now, deactivated_by: actor.userId })
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', userId)
      .execute();
    const sessions = await tx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('org_id', '=', actor.orgId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    const channels = await tx
      .updateTable('channels')
      .set({ owner_departed_at: now })
      .where('org_id', '=', actor.orgId)
      .where('created_by', '=', userId)
      .where('status', '!=', 'revoked')
      .returning('id')
      .execute();
    const { approvalHours } = publisherSettings(await readOrgSettings(tx, actor.orgId));
    const heldPosts = await holdScheduledPostsOf(tx, actor.orgId, userId, approvalHours);
    const detail = { sessionsEnded: sessions.length, channelsFlagged: channels.length, postsHeld: heldPosts, role: member.role };
    await tx
      .insertInto('membership_changes')
      .values({ org_id: actor.orgId, user_id: userId, change: 'deactivated', reason, by_id: actor.userId, detail: JSON.stringify(detail) })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'member.deactivated',
      targetType: 'user',
      targetId: userId,
      ip: actor.ip,
      detail,
    });
    if (channels.length)
      await raiseAlert(tx, {
        orgId: actor.orgId,
        userId,
        kind: 'channel_owner_departed',
        detail: { channels: channels.length, by: actor.displayName },
      });
    return detail;
  });
}

/** Gives a deactivated member their access back (a mistake, a return); held posts stay held. */
export async function reactivateMember(db: Db, actor: Actor, userId: string) {
  await db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('memberships')
      .set({ deactivated_at: null, deactivated_by: null })
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', userId)
      .where('deactivated_at', 'is not', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('Deactivated member');
    await tx
      .insertInto('membership_changes')
      .values({ org_id: actor.orgId, user_id: userId, change: 'reactivated', by_id: actor.userId })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'member.reactivated',
      targetType: 'user',
      targetId: userId,
      ip: actor.ip,
    });
  });
}

/** Who was deactivated or reactivated, when and by whom, newest first. */
export async function offboardingReport(db: Db, orgId: string) {
  const rows = await db
    .selectFrom('membership_changes as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('users as b', 'b.id', 'c.by_id')
    .select(['c.id', 'c.change', 'c.reason', 'c.detail', 'c.at', 'u.display_name as member', 'u.email', 'b.display_name as by'])
    .where('c.org_id', '=', orgId)
    .orderBy('c.at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    change: r.change,
    member: r.member,
    email: r.email,
    reason: r.reason,
    by: r.by,
    at: r.at.toISOString(),
    detail: r.detail,
  }));
}
