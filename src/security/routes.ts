import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../access/policy.ts';
import { verifyPassword } from '../security/passwords.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { recordAuditNow } from '../audit/audit-log.ts';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { AppError, badRequest, notFound, tooManyRequests } from '../shared/errors.ts';
import { raiseAlert } from './alerts.ts';
import { approveBreakGlass, listBreakGlass, MAX_BREAK_GLASS_MINUTES, requestBreakGlass, revokeBreakGlass } from './break-glass.ts';
import { finishRegistration, PasskeyResponse, registrationOptions } from './passkeys.ts';
import { acceptTotp, sealTotpSecret } from './second-factor.ts';
import { newRecoveryCodes, newTotpSecret } from './totp.ts';
import { nameInput } from '../shared/input.ts';
import { securityResponses } from './responses.ts';

const Uuid = z.string().uuid();

export function securityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['security'];

  r.post(
    '/api/security/2fa/setup',
    {
      schema: {
        response: securityResponses['POST /api/security/2fa/setup'],
        tags,
        description: 'Start TOTP enrollment: a new secret and its otpauth:// URI.',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const user = await ctx.db
        .selectFrom('users')
        .select(['email', 'totp_enabled'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      if (user.totp_enabled)
        throw new AppError('already_enabled', 'Two-factor sign-in is already on. Turn it off first to change the device.');
      const { secret, uri } = newTotpSecret(user.email);
      await ctx.db
        .updateTable('users')
        .set({ totp_secret: sealTotpSecret(ctx.secrets, actor.userId, secret), totp_last_step: null })
        .where('id', '=', actor.userId)
        .execute();
      // The QR code is drawn here, not by a web service: the secret never leaves the server's answer.
      return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
    },
  );

  r.post(
    '/api/security/2fa/enable',
    {
      schema: {
        response: securityResponses['POST /api/security/2fa/enable'],
        tags,
        body: z.object({ code: z.string().trim().min(6).max(10) }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const limit = await hitRateLimit(ctx.db, `2fa-enable:${actor.userId}`, 10, 15 * 60_000);
      if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
      const user = await ctx.db
        .selectFrom('users')
        .select(['totp_secret', 'totp_enabled'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      if (user.totp_enabled) throw new AppError('already_enabled', 'Two-factor sign-in is already on.');
      if (!user.totp_secret) throw badRequest('Start the setup first.');
      if (!(await acceptTotp(ctx.db, ctx.secrets, actor.userId, user.totp_secret, req.body.code)))
        throw new AppError('code_mismatch', 'That code does not match. Check the time on your phone and try the next code.');
      const { codes, hashes } = newRecoveryCodes();
      await ctx.db.updateTable('users').set({ totp_enabled: true, recovery_codes: hashes }).where('id', '=', actor.userId).execute();
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'security.2fa_enabled',
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
      });
      await raiseAlert(ctx.db, { orgId: actor.orgId, userId: actor.userId, kind: 'two_factor_changed', detail: { enabled: true } });
      return { recoveryCodes: codes };
    },
  );

  r.post(
    '/api/security/2fa/disable',
    {
      schema: {
        response: securityResponses['POST /api/security/2fa/disable'],
        tags,
        body: z.object({ password: z.string().min(1).max(256), code: z.string().trim().min(6).max(20) }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const user = await ctx.db
        .selectFrom('users')
        .select(['password_hash', 'totp_secret', 'totp_enabled'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      if (!user.totp_enabled || !user.totp_secret) throw new AppError('not_enabled', 'Two-factor sign-in is not on.');
      if (
        !(await verifyPassword(user.password_hash, req.body.password)) ||
        !(await acceptTotp(ctx.db, ctx.secrets, actor.userId, user.totp_secret, req.body.code))
      ) {
        throw new AppError('wrong_password', 'Password or code is wrong.');
      }
      await ctx.db
        .updateTable('users')
        .set({ totp_enabled: false, totp_secret: null, recovery_codes: [] })
        .where('id', '=', actor.userId)
        .execute();
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'security.2fa_disabled',
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
      });
      await raiseAlert(ctx.db, { orgId: actor.orgId, userId: actor.userId, kind: 'two_factor_changed', detail: { enabled: false } });
      return { ok: true };
    },
  );

  r.post(
    '/api/security/passkeys/options',
    {
      schema: {
        response: securityResponses['POST /api/security/passkeys/options'],
        tags,
        description: 'WebAuthn registration options for a new passkey.',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return registrationOptions(ctx, req, actor);
    },
  );

  r.post(
    '/api/security/passkeys',
    {
      schema: {
        response: securityResponses['POST /api/security/passkeys'],
        tags,
        body: z.object({ name: nameInput(1, 60).default('Passkey'), response: PasskeyResponse }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await finishRegistration(ctx, req, actor, req.body.response as never, req.body.name);
      reply.code(201);
      return { ok: true };
    },
  );

  r.get('/api/security/passkeys', { schema: { response: securityResponses['GET /api/security/passkeys'], tags } }, async (req) => {
    const actor = requireActor(req);
    const rows = await ctx.db
      .selectFrom('webauthn_credentials')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('user_id', '=', actor.userId)
      .orderBy('created_at')
      .execute();
    return {
      passkeys: rows.map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.created_at.toISOString(),
        lastUsedAt: p.last_used_at?.toISOString() ?? null,
      })),
    };
  });

  r.delete(
    '/api/security/passkeys/:id',
    { schema: { response: securityResponses['DELETE /api/security/passkeys/:id'], tags, params: z.object({ id: z.string().max(1024) }) } },
    async (req) => {
      const actor = requireActor(req);
      const res = await ctx.db
        .deleteFrom('webauthn_credentials')
        .where('id', '=', req.params.id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw notFound('Passkey');
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'security.passkey_removed',
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
      });
      return { ok: true };
    },
  );

  r.get(
    '/api/security/alerts',
    {
      schema: {
        response: securityResponses['GET /api/security/alerts'],
        tags,
        querystring: z.object({ scope: z.enum(['mine', 'organization']).default('mine') }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const orgWide = req.query.scope === 'organization';
      if (orgWide && !can(actor, 'security.read_alerts')) throw notFound('Route');
      let q = ctx.db
        .selectFrom('security_alerts as a')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.id', 'a.kind', 'a.detail', 'a.created_at', 'a.read_at', 'a.user_id', 'u.display_name'])
        .where('a.org_id', '=', actor.orgId);
      if (!orgWide) q = q.where('a.user_id', '=', actor.userId);
      const rows = await q.orderBy('a.created_at', 'desc').limit(200).execute();
      return {
        alerts: rows.map((a) => ({
          id: a.id,
          kind: a.kind,
          detail: a.detail,
          user: a.user_id ? { id: a.user_id, name: a.display_name } : null,
          createdAt: a.created_at.toISOString(),
          read: a.read_at !== null,
        })),
      };
    },
  );

  r.post(
    '/api/security/alerts/:id/read',
    { schema: { response: securityResponses['POST /api/security/alerts/:id/read'], tags, params: z.object({ id: Uuid }) } },
    async (req) => {
      const actor = requireActor(req);
      let q = ctx.db
        .updateTable('security_alerts')
        .set({ read_at: new Date() })
        .where('id', '=', req.params.id)
        .where('org_id', '=', actor.orgId);
      if (!can(actor, 'security.read_alerts')) q = q.where('user_id', '=', actor.userId);
      const res = await q.executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw notFound('Alert');
      return { ok: true };
    },
  );

  r.post(
    '/api/security/break-glass',
    {
      schema: {
        response: securityResponses['POST /api/security/break-glass'],
        tags,
        description: 'Ask for emergency access: a clinician for themself, or an admin for a clinician. A second person approves.',
        body: z.object({
          userId: Uuid,
          reason: z.string().trim().min(10).max(500),
          minutes: z.number().int().min(1).max(MAX_BREAK_GLASS_MINUTES),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const grant = await requestBreakGlass(ctx.db, actor, req.body);
      reply.code(201);
      return { grant: { id: grant.id, status: grant.status, lapsesAt: grant.lapsesAt.toISOString() } };
    },
  );

  r.get(
    '/api/security/break-glass',
    {
      schema: {
        response: securityResponses['GET /api/security/break-glass'],
        tags,
        description: 'Pending requests and live grants (all for approvers, your own otherwise).',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return { grants: await listBreakGlass(ctx.db, actor) };
    },
  );

  r.post(
    '/api/security/break-glass/:id/approve',
    { schema: { response: securityResponses['POST /api/security/break-glass/:id/approve'], tags, params: z.object({ id: Uuid }) } },
    async (req) => {
      const actor = requireActor(req);
      const grant = await approveBreakGlass(ctx.db, actor, req.params.id);
      return { grant: { id: grant.id, status: grant.status, expiresAt: grant.expiresAt.toISOString() } };
    },
  );

  r.delete(
    '/api/security/break-glass/:id',
    { schema: { response: securityResponses['DELETE /api/security/break-glass/:id'], tags, params: z.object({ id: Uuid }) } },
    async (req) => {
      const actor = requireActor(req);
      await revokeBreakGlass(ctx.db, actor, req.params.id);
      return { ok: true };
    },
  );
}
