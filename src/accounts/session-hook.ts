import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAuditNow } from '../audit/audit-log.ts';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { resolveSession } from './sessions.ts';

export const SESSION_COOKIE = 'hl_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// What a user whose role requires two-factor may do before enrolling.
const ENROLLMENT_ROUTES = [
  '/api/session',
  '/api/auth/logout',
  '/api/auth/logout-all',
  '/api/auth/sessions',
  '/api/security/2fa/',
  '/api/security/passkeys/',
];

/**
 * Resolves the session cookie on every API request. State-changing requests made with a session must
 * echo its CSRF token in `x-csrf-token` (the cookie is also SameSite=Strict).
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(ctx.db, token, { idleMs: ctx.config.sessionIdleMs, maxMs: ctx.config.sessionMaxMs });
    if (!session) return;
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('csrf_failed', 'Missing or wrong CSRF token (x-csrf-token header).');
    }
    if (session.mustEnrollTwoFactor && !ENROLLMENT_ROUTES.some((r) => req.url.startsWith(r))) {
      throw new AppError(
        'two_factor_required',
        'Your organization requires two-factor sign-in for your role. Set it up under Security first.',
      );
    }
    req.actor = {
      userId: session.userId,
      orgId: session.orgId,
      role: session.role,
      displayName: session.displayName,
      sessionId: session.sessionId,
      ip: req.ip ?? null,
      breakGlass: session.breakGlass,
      orgSettings: session.orgSettings,
      silencedUntil: session.silencedUntil,
    };
    if (session.breakGlass) {
      // Every request made under emergency access is audited, reads included.
      await recordAuditNow(ctx.db, {
        orgId: session.orgId,
        actorId: session.userId,
        action: 'break_glass.access',
        targetType: 'route',
        targetId: `${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0]}`,
        ip: req.ip ?? null,
      });
    }
  });
}

export function setSessionCookie(reply: FastifyReply, ctx: AppContext, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AppContext): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies });
}
