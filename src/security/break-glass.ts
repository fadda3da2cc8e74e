import { can, type Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { queueMail } from '../notify/mailer.ts';
import { badRequest, forbidden, notFound } from '../shared/errors.ts';
import { raiseAlert } from './alerts.ts';

export const MAX_BREAK_GLASS_MINUTES = 240;

/**
 * Emergency access: an admin lets a member read everything in the organization for a short time. The
 * grant, and every request made under it, is audited; every admin and compliance officer is alerted.
 */
export async function grantBreakGlass(db: Db, actor: Actor, input: { userId: string; reason: string; minutes: number }) {
  if (!can(actor, 'break_glass.grant')) throw forbidden('Only admins grant emergency access.');
  if (input.minutes < 1 || input.minutes > MAX_BREAK_GLASS_MINUTES) throw badRequest(`Emergency access lasts 1 to ${MAX_BREAK_GLASS_MINUTES} minutes.`);
  const member = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.display_name']).where('m.org_id', '=', actor.orgId).where('m.user_id', '=', input.userId).executeTakeFirst();
  if (!member) throw notFound('Member');
  const expiresAt = new Date(Date.now() + input.minutes * 60_000);
  return db.transaction().execute(async (tx) => {
    const grant = await tx.insertInto('break_glass_grants').values({ org_id: actor.orgId, user_id: member.id, granted_by: actor.userId, reason: input.reason, expires_at: expiresAt }).returning(['id', 'expires_at']).executeTakeFirstOrThrow();
    await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'break_glass.grant', targetType: 'user', targetId: member.id, ip: actor.ip, detail: { grantId: grant.id, minutes: input.minutes } });
    await raiseAlert(tx, { orgId: actor.orgId, userId: member.id, kind: 'break_glass', detail: { grantId: grant.id, grantedBy: actor.displayName, minutes: input.minutes } });
    const overseers = await tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('u.email').where('m.org_id', '=', actor.orgId).where('m.role', 'in', ['admin', 'compliance']).execute();
    for (const o of overseers) {
      await queueMail(tx, { orgId: actor.orgId, to: o.email, subject: 'Emergency access granted', body: `${actor.displayName} granted emergency (break-glass) access to ${member.display_name} for ${input.minutes} minutes. Every request made with it is in the audit log.` });
    }
    return grant;
  });
}

export async function revokeBreakGlass(db: Db, actor: Actor, grantId: string) {
  if (!can(actor, 'break_glass.grant')) throw forbidden('Only admins revoke emergency access.');
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('break_glass_grants').set({ revoked_at: new Date() }).where('id', '=', grantId).where('org_id', '=', actor.orgId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound('Grant');
    await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'break_glass.revoke', targetType: 'break_glass_grant', targetId: grantId, ip: actor.ip });
  });
}
