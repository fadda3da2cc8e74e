import { actionsFor } from '../access/policy.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAuditNow } from '../audit/audit-log.ts';
import { requireActor } from '../http/auth.ts';
import { clearSessionCookie, setSessionCookie } from './session-hook.ts';
import type { AppContext } from '../http/context.ts';
import { authenticationOptions, PasskeyResponse, passwordlessOptions, verifyPasskey, verifyPasswordless } from '../security/passkeys.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import {
  completeSecondFactor,
  login,
  passwordlessLogin,
  startSession,
  takeChallenge,
  type SecondFactorOutcome,
  type SessionOutcome,
} from './login.ts';
import { acceptInvitation, changePassword, confirmPasswordReset, requestPasswordReset } from './password-flows.ts';
import { listMySessions, revokeAllSessions, revokeMySession, revokeSession } from './sessions.ts';
import { describeDevice } from './devices.ts';
import { notFound, tooManyRequests } from '../shared/errors.ts';
import { nameInput } from '../shared/input.ts';
import { LOCALES } from '../shared/enums.ts';
import { parseOrgSettings } from '../repositories/index.ts';
import { accountsResponses } from './responses.ts';
import { exportMyData } from './data-export.ts';
import { FileDownload } from '../shared/responses.ts';

const LoginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
  org: z.string().min(1).max(64).optional(),
});
const Password = z.string().min(1).max(256);

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/me/export',
    {
      schema: {
        response: { 200: FileDownload },
        tags: ['accounts'],
        description: 'Your own data as JSON: account, what you wrote, consents, self-screening results, goals, event replies and pledges.',
      },
    },
    async (req, reply) => {
      const data = await exportMyData(ctx.db, requireActor(req));
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="my-harborline-data.json"')
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    },
  );
  const r = app.withTypeProvider<ZodTypeProvider>();
  const client = (req: { ip?: string; headers: Record<string, unknown> }) => ({
    ip: req.ip ?? null,
    userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
  });

  const answer = async (outcome: SessionOutcome | SecondFactorOutcome, reply: Parameters<typeof setSessionCookie>[0]) => {
    if (outcome.kind === 'second_factor') return { secondFactor: { challenge: outcome.challenge, methods: outcome.methods } };
    setSessionCookie(reply, ctx, outcome.token, outcome.expiresAt);
    return { csrfToken: outcome.csrfToken, session: await sessionView(ctx, outcome.userId, outcome.orgId) };
  };

  r.post(
    '/api/auth/login',
    { schema: { response: accountsResponses['POST /api/auth/login'], tags: ['accounts'], body: LoginBody } },
    async (req, reply) =>
      answer(await login(ctx, { email: req.body.email, password: req.body.password, orgSlug: req.body.org, ...client(req) }), reply),
  );

  r.post(
    '/api/auth/passkey/options',
    {
      schema: {
        response: accountsResponses['POST /api/auth/passkey/options'],
        tags: ['accounts'],
        description: 'Passwordless sign-in, step one: a challenge for any passkey of this site.',
      },
    },
    async (req) => {
      const limit = await hitRateLimit(ctx.db, `passwordless:${req.ip}`, 30, 15 * 60_000);
      if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
      return passwordlessOptions(ctx, req);
    },
  );

  r.post(
    '/api/auth/passkey',
    {
      schema: {
        response: accountsResponses['POST /api/auth/login'],
        tags: ['accounts'],
        description:
          'Passwordless sign-in, step two: the passkey’s answer (verified on the device); signs in to the named organization or your first.',
        body: z.object({ response: PasskeyResponse, org: z.string().max(64).optional() }),
      },
    },
    async (req, reply) => {
      const limit = await hitRateLimit(ctx.db, `passwordless:${req.ip}`, 30, 15 * 60_000);
      if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
      const userId = await verifyPasswordless(ctx, req, req.body.response as never);
      return answer(await passwordlessLogin(ctx, userId, req.body.org, client(req)), reply);
    },
  );

  r.post(
    '/api/auth/login/second-factor',
    {
      schema: {
        response: accountsResponses['POST /api/auth/login/second-factor'],
        tags: ['accounts'],
        body: z.object({ challenge: z.string().min(10).max(100), code: z.string().trim().min(6).max(20) }),
      },
    },
    async (req, reply) =>
      answer(await completeSecondFactor(ctx, { challenge: req.body.challenge, code: req.body.code, ...client(req) }), reply),
  );

  r.post(
    '/api/auth/login/passkey/options',
    {
      schema: {
        response: accountsResponses['POST /api/auth/login/passkey/options'],
        tags: ['accounts'],
        body: z.object({ challenge: z.string().min(10).max(100) }),
      },
    },
    async (req) => {
      const ch = await takeChallenge(ctx, req.body.challenge);
      return authenticationOptions(ctx, req, ch.user_id);
    },
  );

  r.post(
    '/api/auth/login/passkey',
    {
      schema: {
        response: accountsResponses['POST /api/auth/login/passkey'],
        tags: ['accounts'],
        body: z.object({ challenge: z.string().min(10).max(100), response: PasskeyResponse }),
      },
    },
    async (req, reply) => {
      const ch = await takeChallenge(ctx, req.body.challenge);
      await verifyPasskey(ctx, req, ch.user_id, req.body.response as never);
      await ch.finish();
      return answer(await startSession(ctx, ch.user_id, ch.org_id, client(req), 'passkey'), reply);
    },
  );

  r.get('/api/session', { schema: { response: accountsResponses['GET /api/session'], tags: ['accounts'] } }, async (req) => {
    const actor = requireActor(req);
    const csrf = await ctx.db.selectFrom('sessions').select('csrf_token').where('id', '=', actor.sessionId).executeTakeFirstOrThrow();
    return { csrfToken: csrf.csrf_token, session: await sessionView(ctx, actor.userId, actor.orgId) };
  });

  r.put(
    '/api/me/locale',
    {
      schema: {
        response: accountsResponses['PUT /api/me/locale'],
        tags: ['accounts'],
        body: z.object({ locale: z.enum(LOCALES) }),
        description: 'The language this person reads the app in, on every device.',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await ctx.db.updateTable('users').set({ locale: req.body.locale }).where('id', '=', actor.userId).execute();
      return { ok: true };
    },
  );

  r.post(
    '/api/me/onboarded',
    {
      schema: {
        response: accountsResponses['POST /api/me/onboarded'],
        tags: ['accounts'],
        description: 'The first-visit guide is done (or dismissed): it is not shown again, on any device.',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await ctx.db
        .updateTable('users')
        .set({ onboarded_at: new Date() })
        .where('id', '=', actor.userId)
        .where('onboarded_at', 'is', null)
        .execute();
      return { ok: true };
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { response: accountsResponses['POST /api/auth/logout'], tags: ['accounts'] } },
    async (req, reply) => {
      const actor = requireActor(req);
      await revokeSession(ctx.db, actor.sessionId);
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'auth.logout',
        targetType: 'session',
        ip: actor.ip,
      });
      clearSessionCookie(reply, ctx);
      return { ok: true };
    },
  );

  r.get(
    '/api/auth/sessions',
    {
      schema: {
        response: accountsResponses['GET /api/auth/sessions'],
        tags: ['accounts'],
        description: 'Where you are signed in: device, network, when it started and was last used; this one marked.',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await listMySessions(ctx.db, actor.userId, actor.orgId);
      return {
        sessions: rows.map((s) => ({
          id: s.id,
          device: describeDevice(s.user_agent),
          network: s.ip,
          startedAt: s.created_at.toISOString(),
          lastSeenAt: s.last_seen_at.toISOString(),
          current: s.id === actor.sessionId,
        })),
      };
    },
  );

  r.delete(
    '/api/auth/sessions/:id',
    {
      schema: {
        response: accountsResponses['DELETE /api/auth/sessions/:id'],
        tags: ['accounts'],
        description: 'Sign out one of your sessions (another device, or this one).',
        params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a session id') }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!(await revokeMySession(ctx.db, actor.userId, req.params.id))) throw notFound('Session');
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'auth.session_revoked',
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
      });
      if (req.params.id === actor.sessionId) clearSessionCookie(reply, ctx);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/logout-all',
    {
      schema: {
        response: accountsResponses['POST /api/auth/logout-all'],
        tags: ['accounts'],
        description: 'Log out all devices, this one included.',
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const revoked = await revokeAllSessions(ctx.db, actor.userId);
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'auth.logout_all',
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
        detail: { revoked },
      });
      clearSessionCookie(reply, ctx);
      return { ok: true, revoked };
    },
  );

  r.post(
    '/api/auth/password',
    {
      schema: {
        response: accountsResponses['POST /api/auth/password'],
        tags: ['accounts'],
        body: z.object({ currentPassword: Password, newPassword: Password }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await changePassword(ctx, actor, req.body.currentPassword, req.body.newPassword);
      return { ok: true };
    },
  );

  r.post(
    '/api/auth/password-reset',
    {
      schema: {
        response: accountsResponses['POST /api/auth/password-reset'],
        tags: ['accounts'],
        body: z.object({ email: z.string().trim().min(3).max(254) }),
      },
    },
    async (req) => {
      await requestPasswordReset(ctx, req.body.email, client(req).ip);
      // Same answer whether or not the address has an account.
      return { ok: true, message: 'If that address has an account, a reset link is on its way.' };
    },
  );

  r.post(
    '/api/auth/password-reset/confirm',
    {
      schema: {
        response: accountsResponses['POST /api/auth/password-reset/confirm'],
        tags: ['accounts'],
        body: z.object({ token: z.string().min(10).max(100), newPassword: Password }),
      },
    },
    async (req) => {
      await confirmPasswordReset(ctx, req.body.token, req.body.newPassword, client(req).ip);
      return { ok: true };
    },
  );

  r.post(
    '/api/invitations/accept',
    {
      schema: {
        response: accountsResponses['POST /api/invitations/accept'],
        tags: ['accounts'],
        body: z.object({ token: z.string().min(10).max(100), displayName: nameInput(2, 100), password: Password }),
      },
    },
    async (req, reply) => answer(await acceptInvitation(ctx, { ...req.body, ...client(req) }), reply),
  );
}

export async function sessionView(ctx: AppContext, userId: string, orgId: string) {
  const row = await ctx.db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select([
      'u.id',
      'u.display_name',
      'u.email',
      'u.totp_enabled',
      'u.onboarded_at',
      'u.locale',
      'm.role',
      'o.id as org_id',
      'o.name as org_name',
      'o.slug as org_slug',
      'o.settings',
    ])
    .select((eb) =>
      eb.exists(eb.selectFrom('webauthn_credentials as w').select('w.id').whereRef('w.user_id', '=', 'u.id')).as('has_passkey'),
    )
    .where('u.id', '=', userId)
    .where('m.org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const required = parseOrgSettings(row.settings).require2faRoles.includes(row.role);
  return {
    user: { id: row.id, displayName: row.display_name, email: row.email, twoFactor: row.totp_enabled, passkey: Boolean(row.has_passkey) },
    organization: { id: row.org_id, name: row.org_name, slug: row.org_slug },
    role: row.role,
    /** What this role may do (the one permission table); the web shows pages and buttons from it. */
    can: actionsFor(row.role),
    mustEnrollTwoFactor: required && !row.totp_enabled && !row.has_passkey,
    /** Whether the first-visit guide for the role was finished or dismissed. */
    onboarded: row.onboarded_at !== null,
    locale: row.locale,
  };
}
