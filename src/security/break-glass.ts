import { can, rolesThatCan, type Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { queueMail } from '../notify/mailer.ts';
import { notify } from '../notify/notifications.ts';
import { AppError, badRequest, forbidden, notFound } from '../shared/errors.ts';
import { raiseAlert } from './alerts.ts';
import { memberIds } from '../repositories/index.ts';

export const MAX_BREAK_GLASS_MINUTES = 240;
/** A request nobody approved within this time lapses. */
const REQUEST_LAPSES_MS = 30 * 60_000;

/**
 * Emergency access: a clinician reads everything in the organization for a short time, for care. Two
 * people are always involved: a clinician asks for themself (or an admin asks for a clinician) and a
 * second person, an admin or compliance officer who is neither the requester nor the grantee, approves.
 * Patients and non-clinical staff never get it. The request, the approval and every request made under
 * it are audited; admins and compliance officers are alerted.
 */
export async function requestBreakGlass(db: Db, actor: Actor, input: { userId: string; reason: string; minutes: number }) {
  const forSelf = input.userId === actor.userId;
  if (!(forSelf && actor.role === 'clinician') && !can(actor, 'break_glass.grant'))
    throw forbidden('Clinicians ask for emergency access for themselves; admins may ask for a clinician.');
  if (input.minutes < 1 || input.minutes > MAX_BREAK_GLASS_MINUTES)
    throw badRequest(`Emergency access lasts 1 to ${MAX_BREAK_GLASS_MINUTES} minutes.`);
  const member = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'm.role'])
    .where('m.org_id', '=', actor.orgId)
    .where('m.user_id', '=', input.userId)
    .executeTakeFirst();
  if (!member) throw notFound('Member');
  if (member.role !== 'clinician')
    throw new AppError('not_clinical', 'Emergency access is for clinicians caring for a patient; this member is not a clinician.');
  return db.transaction().execute(async (tx) => {
    const grant = await tx
      .insertInto('break_glass_grants')
      .values({
        org_id: actor.orgId,
        user_id: member.id,
        requested_by: actor.userId,
        reason: input.reason,
        minutes: input.minutes,
        expires_at: new Date(Date.now() + REQUEST_LAPSES_MS),
      })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'break_glass.request',
      targetType: 'user',
      targetId: member.id,
      ip: actor.ip,
      detail: { grantId: grant.id, minutes: input.minutes },
    });
    await notify(tx, {
      orgId: actor.orgId,
      userIds: await memberIds(tx, actor.orgId, { roles: rolesThatCan('break_glass.approve'), except: [actor.userId, member.id] }),
      kind: 'moderation',
      title: `Emergency access requested for ${member.display_name}: needs a second person's approval`,
      link: '/admin',
      email: true,
    });
    return { id: grant.id, status: 'pending' as const, lapsesAt: grant.expires_at };
  });
}

/** The second person approves: access starts now and lasts the requested minutes. */
export async function approveBreakGlass(db: Db, actor: Actor, grantId: string) {
  if (!can(actor, 'break_glass.approve')) throw forbidden('Only admins and compliance officers approve emergency access.');
  return db.transaction().execute(async (tx) => {
    const g = await tx
      .selectFrom('break_glass_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select(['g.id', 'g.user_id', 'g.requested_by', 'g.minutes', 'g.approved_at', 'g.revoked_at', 'g.expires_at', 'u.display_name'])
      .where('g.id', '=', grantId)
      .where('g.org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!g) throw notFound('Request');
    if (g.requested_by === actor.userId || g.user_id === actor.userId)
      throw new AppError('second_person_required', 'A second person must approve: not the one who asked, nor the one who gets access.');
    if (g.approved_at || g.revoked_at || g.expires_at.getTime() < Date.now())
      throw new AppError('not_pending', 'This request is no longer waiting for approval.');
    const expiresAt = new Date(Date.now() + g.minutes * 60_000);
    await tx
      .updateTable('break_glass_grants')
      .set({ approved_by: actor.userId, approved_at: new Date(), expires_at: expiresAt })
      .where('id', '=', g.id)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'break_glass.grant',
      targetType: 'user',
      targetId: g.user_id,
      ip: actor.ip,
      detail: { grantId: g.id, minutes: g.minutes, requestedBy: g.requested_by },
    });
    await raiseAlert(tx, {
      orgId: actor.orgId,
      userId: g.user_id,
      kind: 'break_glass',
      detail: { grantId: g.id, grantedBy: actor.displayName, minutes: g.minutes },
    });
    const overseers = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.email')
      .where('m.org_id', '=', actor.orgId)
      .where('m.role', 'in', ['admin', 'compliance'])
      .execute();
    for (const o of overseers) {
      await queueMail(tx, {
        orgId: actor.orgId,
        to: o.email,
        subject: 'Emergency access granted',
        body: `${actor.displayName} approved emergency (break-glass) access for ${g.display_name} for ${g.minutes} minutes. Every request made with it is in the audit log.`,
      });
    }
    return { id: g.id, status: 'active' as const, expiresAt };
  });
}

/** Pending requests and live grants: all of them for admins and compliance, one's own for others. */
export async function listBreakGlass(db: Db, actor: Actor) {
  let q = db
    .selectFrom('break_glass_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('users as r', 'r.id', 'g.requested_by')
    .leftJoin('users as a', 'a.id', 'g.approved_by')
    .select([
      'g.id',
      'g.user_id',
      'g.requested_by',
      'g.reason',
      'g.minutes',
      'g.expires_at',
      'g.approved_at',
      'g.created_at',
      'u.display_name as grantee',
      'r.display_name as requester',
      'a.display_name as approver',
    ])
    .where('g.org_id', '=', actor.orgId)
    .where('g.revoked_at', 'is', null)
    .where('g.expires_at', '>', new Date());
  if (!can(actor, 'break_glass.approve'))
    q = q.where((eb) => eb.or([eb('g.user_id', '=', actor.userId), eb('g.requested_by', '=', actor.userId)]));
  const rows = await q.orderBy('g.created_at', 'desc').limit(100).execute();
  return rows.map((g) => ({
    id: g.id,
    userId: g.user_id,
    grantee: g.grantee,
    requester: g.requester,
    approver: g.approver,
    reason: g.reason,
    minutes: g.minutes,
    status: g.approved_at ? ('active' as const) : ('pending' as const),
    expiresAt: g.expires_at.toISOString(),
    canApprove: !g.approved_at && can(actor, 'break_glass.approve') && g.requested_by !== actor.userId && g.user_id !== actor.userId,
  }));
}

/** Ends a grant or withdraws a request: admins for any, the requester for their own. */
export async function revokeBreakGlass(db: Db, actor: Actor, grantId: string) {
  await db.transaction().execute(async (tx) => {
    let q = tx
      .updateTable('break_glass_grants')
      .set({ revoked_at: new Date() })
      .where('id', '=', grantId)
      .where('org_id', '=', actor.orgId)
      .where('revoked_at', 'is', null);
    if (!can(actor, 'break_glass.grant')) q = q.where('requested_by', '=', actor.userId);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound('Grant');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'break_glass.revoke',
      targetType: 'break_glass_grant',
      targetId: grantId,
      ip: actor.ip,
    });
  });
}
