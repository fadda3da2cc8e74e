import { randomBytes } from 'node:crypto';
import { recordAuditNow } from '../audit/audit-log.ts';
import type { AppContext } from '../http/context.ts';
import { recordLogin } from '../security/login-anomalies.ts';
import { acceptTotp, consumeRecoveryCode } from '../security/second-factor.ts';
import { sha256Hex } from '../shared/canonical.ts';
import { ssoRequiredForStaff } from '../repositories/index.ts';
import { AppError, tooManyRequests } from '../shared/errors.ts';
import { verifyPassword } from '../security/passwords.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { clearFailures, recordFailure, secondsToWait } from './throttle.ts';
import { createSession, type CreatedSession } from './sessions.ts';

const CHALLENGE_MS = 5 * 60_000;
const CHALLENGE_ATTEMPTS = 5;
// A real argon2id hash of a random password: unknown emails cost the same time as known ones.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$pWxtEK9aWNPxLaL63D/bEQ$ujC0CVtOj5cXuNnYC08tHtpSunfqJzN8wgW3/58WGO0';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginInput extends ClientInfo {
  email: string;
  password: string;
  orgSlug?: string;
}

export interface SessionOutcome extends CreatedSession {
  kind: 'session';
  userId: string;
  orgId: string;
}
export interface SecondFactorOutcome {
  kind: 'second_factor';
  challenge: string;
  methods: ('totp' | 'recovery_code' | 'passkey')[];
}

/** A person's memberships, oldest first (the first is where sign-in goes when no organization is named). */
function membershipsOf(ctx: AppContext, userId: string) {
  return ctx.db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'm.role', 'o.slug', 'm.suspended_until', 'm.deactivated_at'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .execute();
}
type MembershipRow = Awaited<ReturnType<typeof membershipsOf>>[number];

const suspendedUntil = (until: Date) =>
  new AppError(
    'account_suspended',
    `A moderator suspended this account until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC. To appeal, contact the organization.`,
  );

/** A deactivated or suspended member is refused (audited) once they have proven who they are. */
async function refuseBlocked(ctx: AppContext, userId: string, membership: MembershipRow, ip: string | null): Promise<void> {
  const suspended = membership.suspended_until && membership.suspended_until.getTime() > Date.now() ? membership.suspended_until : null;
  // Staff of an organization that requires its identity provider do not sign in here (patients do; the
  // administrators keep a local way in for when the provider is down: break-glass).
  const ssoOnly = membership.role !== 'patient' && membership.role !== 'admin' && (await ssoRequiredForStaff(ctx.db, membership.org_id));
  const refusal = membership.deactivated_at
    ? { action: 'auth.login_deactivated', error: deactivated() }
    : suspended
      ? { action: 'auth.login_suspended', error: suspendedUntil(suspended) }
      : ssoOnly
        ? {
            action: 'auth.login_sso_required',
            error: new AppError(
              'sso_required',
              'Your organization signs its staff in with its own accounts: use “Sign in with your organization”.',
            ),
          }
        : null;
  if (!refusal) return;
  await recordAuditNow(ctx.db, {
    orgId: membership.org_id,
    actorId: userId,
    action: refusal.action,
    targetType: 'user',
    targetId: userId,
    ip,
  });
  throw refusal.error;
}

/**
 * Passwordless sign-in: the passkey (verified on the device) has proven who this is; the organization is
 * the one named or their first. No second factor: the passkey is both.
 */
export async function passwordlessLogin(
  ctx: AppContext,
  userId: string,
  orgSlug: string | undefined,
  client: ClientInfo,
): Promise<SessionOutcome> {
  const memberships = await membershipsOf(ctx, userId);
  const membership = orgSlug ? memberships.find((m) => m.slug === orgSlug) : memberships[0];
  if (!membership) throw new AppError('passkey_invalid', 'That passkey could not sign you in.');
  await refuseBlocked(ctx, userId, membership, client.ip);
  return startSession(ctx, userId, membership.org_id, client, 'passkey_only');
}

const invalid = () => new AppError('invalid_credentials', 'Email or password is wrong.');
const deactivated = () =>
  new AppError(
    'account_deactivated',
    'This account was deactivated by the organization. If you still work there, contact an administrator.',
  );

/**
 * Password step. Failed attempts slow further attempts on this account from this network (see
 * throttle.ts); nothing locks the account. Unknown emails get the same answers and the same work.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<SessionOutcome | SecondFactorOutcome> {
  const email = input.email.trim().toLowerCase();
  const wait = await secondsToWait(ctx.db, 'login', email, input.ip);
  if (wait) throw tooManyRequests(wait);

  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  if (!user) {
    await verifyPassword(DUMMY_HASH, input.password);
    await recordFailure(ctx.db, 'login', email, input.ip);
    throw invalid();
  }
  const memberships = await membershipsOf(ctx, user.id);
  const ok = (await verifyPassword(user.password_hash, input.password)) && !user.disabled_at;
  const membership = input.orgSlug ? memberships.find((m) => m.slug === input.orgSlug) : memberships[0];
  const orgId = membership?.org_id ?? memberships[0]?.org_id ?? null;
  if (!ok || !membership) {
    await recordFailure(ctx.db, 'login', email, input.ip);
    await recordLogin(ctx.db, { userId: user.id, orgId, ip: input.ip, userAgent: input.userAgent, succeeded: false });
    await recordAuditNow(ctx.db, {
      orgId,
      actorId: user.id,
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user.id,
      ip: input.ip,
    });
    throw invalid();
  }
  await clearFailures(ctx.db, 'login', email, input.ip);
  await refuseBlocked(ctx, user.id, membership, input.ip);

  const passkeys = await ctx.db.selectFrom('webauthn_credentials').select('id').where('user_id', '=', user.id).limit(1).execute();
  if (user.totp_enabled || passkeys.length) {
    const challenge = randomBytes(32).toString('base64url');
    await ctx.db
      .insertInto('login_challenges')
      .values({
        token_hash: sha256Hex(challenge),
        user_id: user.id,
        org_id: membership.org_id,
        expires_at: new Date(Date.now() + CHALLENGE_MS),
      })
      .execute();
    const methods: SecondFactorOutcome['methods'] = [];
    if (user.totp_enabled) methods.push('totp', 'recovery_code');
    if (passkeys.length) methods.push('passkey');
    return { kind: 'second_factor', challenge, methods };
  }
  return startSession(ctx, user.id, membership.org_id, input, 'password');
}

export async function startSession(
  ctx: AppContext,
  userId: string,
  orgId: string,
  client: ClientInfo,
  method: string,
): Promise<SessionOutcome> {
  // Every way in (password, second factor, passkey, single sign-on) ends here: a deactivated or suspended
  // member gets no session.
  const member = await ctx.db
    .selectFrom('memberships')
    .select(['deactivated_at', 'suspended_until'])
    .where('user_id', '=', userId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!member || member.deactivated_at) throw deactivated();
  if (member.suspended_until && member.suspended_until.getTime() > Date.now()) throw suspendedUntil(member.suspended_until);
  const session = await createSession(
    ctx.db,
    { userId, orgId, ip: client.ip, userAgent: client.userAgent },
    { idleMs: ctx.config.sessionIdleMs, maxMs: ctx.config.sessionMaxMs },
  );
  await recordLogin(ctx.db, { userId, orgId, ip: client.ip, userAgent: client.userAgent, succeeded: true });
  await recordAuditNow(ctx.db, {
    orgId,
    actorId: userId,
    action: 'auth.login',
    targetType: 'user',
    targetId: userId,
    ip: client.ip,
    detail: { method },
  });
  return { kind: 'session', ...session, userId, orgId };
}

/** Loads a pending second-factor challenge, counting the attempt; too many attempts end it. */
export async function takeChallenge(ctx: AppContext, challenge: string) {
  const hash = sha256Hex(challenge);
  const row = await ctx.db.selectFrom('login_challenges').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!row || row.expires_at.getTime() < Date.now() || row.attempts >= CHALLENGE_ATTEMPTS) {
    throw new AppError('challenge_expired', 'This sign-in has expired. Start again with your password.');
  }
  await ctx.db
    .updateTable('login_challenges')
    .set({ attempts: row.attempts + 1 })
    .where('token_hash', '=', hash)
    .execute();
  return { ...row, finish: () => ctx.db.deleteFrom('login_challenges').where('token_hash', '=', hash).execute() };
}

/** Second step with a TOTP code or a single-use recovery code. */
export async function completeSecondFactor(
  ctx: AppContext,
  input: ClientInfo & { challenge: string; code: string },
): Promise<SessionOutcome> {
  const ch = await takeChallenge(ctx, input.challenge);
  const limit = await hitRateLimit(ctx.db, `2fa:${ch.user_id}`, 10, 15 * 60_000);
  if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
  const user = await ctx.db
    .selectFrom('users')
    .select(['totp_secret', 'totp_enabled'])
    .where('id', '=', ch.user_id)
    .executeTakeFirstOrThrow();
  const code = input.code.trim();
  let method: string | null = null;
  if (user.totp_enabled && user.totp_secret && (await acceptTotp(ctx.db, ctx.secrets, ch.user_id, user.totp_secret, code))) method = 'totp';
  else if (await consumeRecoveryCode(ctx.db, ch.user_id, code)) method = 'recovery_code';
  if (!method) {
    await recordAuditNow(ctx.db, {
      orgId: ch.org_id,
      actorId: ch.user_id,
      action: 'auth.second_factor_failed',
      targetType: 'user',
      targetId: ch.user_id,
      ip: input.ip,
    });
    throw new AppError('invalid_code', 'That code is not valid. Check your authenticator app and try again.');
  }
  await ch.finish();
  return startSession(ctx, ch.user_id, ch.org_id, input, method);
}
