import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAuditNow } from '../audit/audit-log.ts';
import { clearSessionCookie, requireActor, setSessionCookie } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { login } from './login.ts';
import { revokeAllSessions, revokeSession } from './sessions.ts';

const LoginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
  org: z.string().min(1).max(64).optional(),
});

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/auth/login', { schema: { tags: ['accounts'], body: LoginBody } }, async (req, reply) => {
    const result = await login(ctx, {
      email: req.body.email,
      password: req.body.password,
      orgSlug: req.body.org,
      ip: req.ip ?? null,
      userAgent: req.headers['user-agent'] ?? null,
    });
    setSessionCookie(reply, ctx, result.token, result.expiresAt);
    return { csrfToken: result.csrfToken, session: await sessionView(ctx, result.userId, result.orgId) };
  });

  r.get('/api/session', { schema: { tags: ['accounts'] } }, async (req) => {
    const actor = requireActor(req);
    const csrf = await ctx.db.selectFrom('sessions').select('csrf_token').where('id', '=', actor.sessionId).executeTakeFirstOrThrow();
    return { csrfToken: csrf.csrf_token, session: await sessionView(ctx, actor.userId, actor.orgId) };
  });

  r.post('/api/auth/logout', { schema: { tags: ['accounts'] } }, async (req, reply) => {
    const actor = requireActor(req);
    await revokeSession(ctx.db, actor.sessionId);
    await recordAuditNow(ctx.db, { orgId: actor.orgId, actorId: actor.userId, action: 'auth.logout', targetType: 'session', ip: actor.ip });
    clearSessionCookie(reply, ctx);
    return { ok: true };
  });

  r.post('/api/auth/logout-all', { schema: { tags: ['accounts'] } }, async (req, reply) => {
    const actor = requireActor(req);
    const revoked = await revokeAllSessions(ctx.db, actor.userId);
    await recordAuditNow(ctx.db, { orgId: actor.orgId, actorId: actor.userId, action: 'auth.logout_all', targetType: 'user', targetId: actor.userId, ip: actor.ip, detail: { revoked } });
    clearSessionCookie(reply, ctx);
    return { ok: true, revoked };
  });
}

async function sessionView(ctx: AppContext, userId: string, orgId: string) {
  const row = await ctx.db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['u.id', 'u.display_name', 'u.email', 'u.totp_enabled', 'm.role', 'o.id as org_id', 'o.name as org_name', 'o.slug as org_slug'])
    .where('u.id', '=', userId)
    .where('m.org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return {
    user: { id: row.id, displayName: row.display_name, email: row.email, twoFactor: row.totp_enabled },
    organization: { id: row.org_id, name: row.org_name, slug: row.org_slug },
    role: row.role,
  };
}
