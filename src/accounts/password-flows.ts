import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/policy.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import type { Tx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { queueMail } from '../notify/mailer.ts';
import { raiseAlert } from '../security/alerts.ts';
import { sha256Hex } from '../shared/canonical.ts';
import { AppError, conflict, tooManyRequests, unprocessable } from '../shared/errors.ts';
import { startSession, type SessionOutcome } from './login.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../security/passwords.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { revokeAllSessions } from './sessions.ts';

const RESET_MS = 30 * 60_000;
const newToken = () => randomBytes(32).toString('base64url');

async function assertGoodPassword(password: string, context: string[]) {
  const problem = await passwordProblem(password, context);
  if (problem) throw unprocessable('weak_password', problem);
}

export async function changePassword(ctx: AppContext, actor: Actor, current: string, next: string): Promise<void> {
  const limit = await hitRateLimit(ctx.db, `password-change:${actor.userId}`, 5, 15 * 60_000);
  if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
  const user = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'email', 'display_name'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current))) throw new AppError('wrong_password', 'Your current password is not right.');
  await assertGoodPassword(next, [user.email.split('@')[0], ...user.display_name.split(/\s+/)]);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: await hashPassword(next) })
      .where('id', '=', actor.userId)
      .execute();
    await voidResetLinks(tx, actor.userId);
  });
  // Other devices signed in with the old password are signed out.
  await revokeAllSessions(ctx.db, actor.userId, actor.sessionId);
  await recordAuditNow(ctx.db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'auth.password_changed',
    targetType: 'user',
    targetId: actor.userId,
    ip: actor.ip,
  });
  await raiseAlert(ctx.db, { orgId: actor.orgId, userId: actor.userId, kind: 'password_changed' });
}

/** A changed password ends every reset link sent before (a stolen link must not undo the change). */
async function voidResetLinks(tx: Tx, userId: string): Promise<void> {
  await tx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/**
 * Asks for a reset link. The answer is the same, and comes as fast, whether or not the address has an
 * account: only the rate limits run before answering; finding the account and sending the mail happen
 * after (a failure there is logged without the address).
 */
export async function requestPasswordReset(ctx: AppContext, emailRaw: string, ip: string | null): Promise<void> {
  const email = emailRaw.trim().toLowerCase();
  const byIp = await hitRateLimit(ctx.db, `reset:ip:${ip}`, 10, 60 * 60_000);
  const byEmail = await hitRateLimit(ctx.db, `reset:email:${email}`, 3, 60 * 60_000);
  if (!byIp.allowed || !byEmail.allowed) throw tooManyRequests(Math.max(byIp.retryAfterSeconds, byEmail.retryAfterSeconds));
  setImmediate(() => {
    sendResetLink(ctx, email, ip).catch((e: unknown) =>
      process.stderr.write(`password reset mail failed: ${e instanceof Error ? e.name : 'error'}\n`),
    );
  });
}

async function sendResetLink(ctx: AppContext, email: string, ip: string | null): Promise<void> {
  const user = await ctx.db
    .selectFrom('users as u')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'm.org_id'])
    .where('u.email', '=', email)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return;
  const token = newToken();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('password_resets')
      .values({ token_hash: sha256Hex(token), user_id: user.id, expires_at: new Date(Date.now() + RESET_MS) })
      .execute();
    const base = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
    await queueMail(tx, {
      orgId: user.org_id,
      to: email,
      subject: 'Reset your Harborline password',
      body: `Someone asked to reset the password for this address.\n\nOpen this link within 30 minutes to choose a new one:\n${base}/reset-password#${token}\n\nIf it was not you, ignore this message; your password stays as it is.`,
    });
    await recordAudit(tx, {
      orgId: user.org_id,
      actorId: user.id,
      action: 'auth.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
      ip,
    });
  });
}

export async function confirmPasswordReset(ctx: AppContext, token: string, next: string, ip: string | null): Promise<void> {
  const hash = sha256Hex(token);
  const reset = await ctx.db.selectFrom('password_resets').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!reset || reset.used_at || reset.expires_at.getTime() < Date.now())
    throw new AppError('reset_expired', 'This reset link has expired or was already used. Ask for a new one.');
  const user = await ctx.db
    .selectFrom('users as u')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.email', 'u.display_name', 'm.org_id'])
    .where('u.id', '=', reset.user_id)
    .executeTakeFirstOrThrow();
  await assertGoodPassword(next, [user.email.split('@')[0], ...user.display_name.split(/\s+/)]);
  await ctx.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('password_resets')
      .set({ used_at: new Date() })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('reset_expired', 'This reset link was already used.');
    await tx
      .updateTable('users')
      .set({ password_hash: await hashPassword(next) })
      .where('id', '=', reset.user_id)
      .execute();
    await voidResetLinks(tx, reset.user_id);
    await recordAudit(tx, {
      orgId: user.org_id,
      actorId: reset.user_id,
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: reset.user_id,
      ip,
    });
  });
  await revokeAllSessions(ctx.db, reset.user_id);
  if (user.org_id)
    await raiseAlert(ctx.db, { orgId: user.org_id, userId: reset.user_id, kind: 'password_changed', detail: { via: 'reset link' } });
}

const INVITE_MS = 7 * 24 * 3_600_000;

export async function createInvitation(
  ctx: AppContext,
  actor: Actor,
  email: string,
  role: string,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const normalized = email.trim().toLowerCase();
  const existing = await ctx.db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select('u.id')
    .where('u.email', '=', normalized)
    .where('m.org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (existing) throw conflict('That person is already a member of your organization.');
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITE_MS);
  const inv = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('invitations')
      .values({
        org_id: actor.orgId,
        email: normalized,
        role: role as never,
        token_hash: sha256Hex(token),
        invited_by: actor.userId,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const org = await tx.selectFrom('organizations').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
    const base = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
    await queueMail(tx, {
      orgId: actor.orgId,
      to: normalized,
      subject: `You are invited to ${org.name} on Harborline`,
      body: `${actor.displayName} invited you to join ${org.name} on Harborline as ${role}.\n\nAccept within 7 days:\n${base}/invite#${token}`,
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: row.id,
      ip: actor.ip,
      detail: { role },
    });
    return row;
  });
  return { id: inv.id, token, expiresAt };
}

export async function acceptInvitation(
  ctx: AppContext,
  input: { token: string; displayName: string; password: string; ip: string | null; userAgent: string | null },
): Promise<SessionOutcome> {
  const hash = sha256Hex(input.token);
  const inv = await ctx.db.selectFrom('invitations').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!inv || inv.accepted_at || inv.expires_at.getTime() < Date.now())
    throw new AppError('invitation_expired', 'This invitation has expired or was already used.');
  await assertGoodPassword(input.password, [inv.email.split('@')[0], ...input.displayName.split(/\s+/)]);
  const passwordHash = await hashPassword(input.password);
  const userId = await ctx.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('invitations')
      .set({ accepted_at: new Date() })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('invitation_expired', 'This invitation was already used.');
    const existing = await tx.selectFrom('users').select('id').where('email', '=', inv.email).executeTakeFirst();
    if (existing) throw conflict('An account with this email exists already; sign in and ask an admin to add you.');
    const user = await tx
      .insertInto('users')
      .values({ email: inv.email, display_name: input.displayName, password_hash: passwordHash, totp_secret: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('memberships').values({ org_id: inv.org_id, user_id: user.id, role: inv.role }).execute();
    await recordAudit(tx, {
      orgId: inv.org_id,
      actorId: user.id,
      action: 'invitation.accept',
      targetType: 'user',
      targetId: user.id,
      ip: input.ip,
      detail: { role: inv.role, invitationId: inv.id },
    });
    if (inv.role === 'admin')
      await raiseAlert(tx, {
        orgId: inv.org_id,
        userId: user.id,
        kind: 'admin_granted',
        detail: { by: inv.invited_by, via: 'invitation' },
      });
    return user.id;
  });
  return startSession(ctx, userId, inv.org_id, input, 'invitation');
}
