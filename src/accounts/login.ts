import { recordAuditNow } from '../audit/audit-log.ts';
import type { AppContext } from '../http/context.ts';
import { AppError, tooManyRequests } from '../shared/errors.ts';
import { verifyPassword } from './passwords.ts';
import { hitRateLimit } from './rate-limit.ts';
import { createSession, type CreatedSession } from './sessions.ts';

const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 15 * 60_000;
// A real hash of a random password: unknown emails cost the same time as known ones.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$pWxtEK9aWNPxLaL63D/bEQ$ujC0CVtOj5cXuNnYC08tHtpSunfqJzN8wgW3/58WGO0';

export interface LoginInput {
  email: string;
  password: string;
  orgSlug?: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult extends CreatedSession {
  userId: string;
  orgId: string;
}

const invalid = () => new AppError(401, 'invalid_credentials', 'Email or password is wrong.');

/** Password login with per-IP and per-account throttling and a lockout after repeated failures. */
export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const ipLimit = await hitRateLimit(ctx.db, `login:ip:${input.ip}`, 30, 15 * 60_000);
  if (!ipLimit.allowed) throw tooManyRequests(ipLimit.retryAfterSeconds);
  const accountLimit = await hitRateLimit(ctx.db, `login:email:${email}`, 10, 15 * 60_000);
  if (!accountLimit.allowed) throw tooManyRequests(accountLimit.retryAfterSeconds);

  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  if (!user) {
    await verifyPassword(DUMMY_HASH, input.password);
    throw invalid();
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    const seconds = Math.ceil((user.locked_until.getTime() - Date.now()) / 1000);
    throw new AppError(423, 'account_locked', `Too many failed sign-ins. This account is locked for ${Math.ceil(seconds / 60)} more minutes.`);
  }
  const memberships = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'm.role', 'o.slug'])
    .where('m.user_id', '=', user.id)
    .orderBy('m.created_at')
    .execute();
  const ok = !user.disabled_at && (await verifyPassword(user.password_hash, input.password));
  const membership = input.orgSlug ? memberships.find((m) => m.slug === input.orgSlug) : memberships[0];
  if (!ok || !membership) {
    const failures = user.failed_logins + 1;
    const lock = failures >= LOCK_AFTER_FAILURES;
    await ctx.db
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(Date.now() + LOCK_MS) : user.locked_until })
      .where('id', '=', user.id)
      .execute();
    const orgId = memberships[0]?.org_id ?? null;
    await recordAuditNow(ctx.db, { orgId, actorId: user.id, action: lock ? 'auth.locked' : 'auth.login_failed', targetType: 'user', targetId: user.id, ip: input.ip });
    if (lock && orgId) {
      await ctx.db.insertInto('security_alerts').values({ org_id: orgId, user_id: user.id, kind: 'account_locked', detail: JSON.stringify({ failures }) }).execute();
    }
    throw invalid();
  }
  await ctx.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  const knownIp = await ctx.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).where('ip', '=', input.ip).limit(1).executeTakeFirst();
  const session = await createSession(ctx.db, { userId: user.id, orgId: membership.org_id, ip: input.ip, userAgent: input.userAgent }, { idleMs: ctx.config.sessionIdleMs, maxMs: ctx.config.sessionMaxMs });
  const hadSessions = await ctx.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).limit(2).execute();
  if (!knownIp && hadSessions.length > 1) {
    await ctx.db.insertInto('security_alerts').values({ org_id: membership.org_id, user_id: user.id, kind: 'new_ip', detail: JSON.stringify({ ip: input.ip }) }).execute();
  }
  await recordAuditNow(ctx.db, { orgId: membership.org_id, actorId: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, ip: input.ip });
  return { ...session, userId: user.id, orgId: membership.org_id };
}
