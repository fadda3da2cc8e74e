import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../accounts/session-hook.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { ROLES } from '../shared/enums.ts';
import { AppError, notFound, tooManyRequests } from '../shared/errors.ts';
import { recordAuditNow } from '../audit/audit-log.ts';
import { nameInput } from '../shared/input.ts';
import { createScimToken } from './scim-protocol.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { Ok } from '../shared/responses.ts';
import { finishSaml, finishSso, removeSsoSettings, saveSsoSettings, serviceProviderMetadata, ssoSettings, startSso } from './sso.ts';

const BROWSER_COOKIE = 'hl_sso';
const CALLBACK = '/api/auth/sso/callback';
const Role = z.enum(ROLES);
const Common = {
  groupsClaim: z.string().trim().min(1).max(300),
  roleMap: z.record(z.string().trim().min(1).max(200), Role),
  defaultRole: Role.nullable(),
  requireForStaff: z.boolean(),
};
const OidcSettings = z.object({
  kind: z.literal('oidc'),
  issuer: z.string().trim().url().max(500),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(2000).optional(),
  ...Common,
});
const SamlSettings = z.object({
  kind: z.literal('saml'),
  entityId: z.string().trim().min(1).max(500),
  ssoUrl: z.string().trim().url().max(1000),
  certificate: z.string().trim().min(100).max(20_000),
  ...Common,
});
const SettingsView = z.object({
  kind: z.enum(['oidc', 'saml']),
  issuer: z.string(),
  clientId: z.string().nullable(),
  ssoUrl: z.string().nullable(),
  certificate: z.object({ fingerprint: z.string(), expiresAt: z.string() }).nullable(),
  groupsClaim: z.string(),
  roleMap: z.record(z.string(), Role),
  defaultRole: Role.nullable(),
  requireForStaff: z.boolean(),
  updatedAt: z.string(),
});

/** Our public origin: the configured one, else the one the browser used. */
function originOf(ctx: AppContext, req: FastifyRequest): string {
  return ctx.config.publicUrl ? new URL(ctx.config.publicUrl).origin : `${req.protocol}://${req.headers.host}`;
}
const callbackUrl = (ctx: AppContext, req: FastifyRequest) => `${originOf(ctx, req)}${CALLBACK}`;
const OrgSlug = z.object({ org: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be an organization’s short name') });

/** Single sign-on with the organization's OpenID Connect provider: its settings (admins) and the sign-in round trip. */
export function identityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['identity'];
  const admin = (req: FastifyRequest) => requirePermission(req, 'org.manage_members');
  // Unauthenticated round trips (each start stores a flow, each refusal an audit entry): bounded per network.
  const limitSso = async (req: FastifyRequest) => {
    const limit = await hitRateLimit(ctx.db, `sso:${req.ip}`, 60, 15 * 60_000);
    if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
  };

  r.get(
    '/api/org/sso',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            provider: SettingsView.nullable(),
            oidc: z.object({ redirectUri: z.string() }),
            saml: z.object({ entityId: z.string(), acsUrl: z.string(), metadataUrl: z.string() }),
          }),
        },
      },
    },
    async (req) => ssoSettings(ctx, admin(req).orgId, originOf(ctx, req)),
  );

  r.put(
    '/api/org/sso',
    {
      schema: {
        tags,
        description:
          'Connect (or change) the organization’s identity provider: OpenID Connect (its discovery document is fetched first) or SAML 2.0 (its certificate is read first).',
        body: z.discriminatedUnion('kind', [OidcSettings, SamlSettings]),
        response: { 200: Ok },
      },
    },
    async (req) => {
      await saveSsoSettings(ctx, admin(req), req.body);
      return { ok: true as const };
    },
  );

  r.delete('/api/org/sso', { schema: { tags, response: { 200: Ok } } }, async (req) => {
    await removeSsoSettings(ctx, admin(req));
    return { ok: true as const };
  });

  r.get(
    '/api/org/scim-tokens',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            tokens: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
            endpoint: z.string(),
          }),
        },
      },
    },
    async (req) => {
      const actor = admin(req);
      const rows = await ctx.db
        .selectFrom('scim_tokens')
        .select(['id', 'name', 'created_at', 'last_used_at'])
        .where('org_id', '=', actor.orgId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      return {
        tokens: rows.map((t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.created_at.toISOString(),
          lastUsedAt: t.last_used_at?.toISOString() ?? null,
        })),
        endpoint: `${originOf(ctx, req)}/scim/v2`,
      };
    },
  );

  r.post(
    '/api/org/scim-tokens',
    {
      schema: {
        tags,
        description: 'A bearer token for the identity system’s SCIM 2.0 provisioning; shown once.',
        body: z.object({ name: nameInput(2, 80) }),
        response: { 201: z.object({ id: z.string(), token: z.string() }) },
      },
    },
    async (req, reply) => {
      const actor = admin(req);
      const made = await createScimToken(ctx, actor, req.body.name);
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'scim.token_created',
        targetType: 'scim_token',
        targetId: made.id,
        ip: actor.ip,
      });
      reply.code(201);
      return made;
    },
  );

  r.delete(
    '/api/org/scim-tokens/:id',
    { schema: { tags, params: z.object({ id: z.string().uuid() }), response: { 200: Ok } } },
    async (req) => {
      const actor = admin(req);
      const res = await ctx.db
        .updateTable('scim_tokens')
        .set({ revoked_at: new Date() })
        .where('id', '=', req.params.id)
        .where('org_id', '=', actor.orgId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw notFound('Token');
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'scim.token_revoked',
        targetType: 'scim_token',
        targetId: req.params.id,
        ip: actor.ip,
      });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/sso/:org',
    {
      schema: {
        tags,
        description: 'Sign in with the organization’s identity provider: redirects there.',
        // A browser navigation answered with a redirect, like the publisher's OAuth callback: not an API call.
        hide: true,
        params: OrgSlug,
      },
    },
    async (req, reply) => {
      await limitSso(req);
      let started;
      try {
        started = await startSso(ctx, req.params.org, originOf(ctx, req));
      } catch (e) {
        // A mistyped short name or a provider that does not answer: said on the sign-in page, and audited.
        if (!(e instanceof AppError)) throw e;
        await recordAuditNow(ctx.db, {
          orgId: null,
          actorId: null,
          action: 'auth.sso_failed',
          ip: req.ip ?? null,
          detail: { reason: e.id === 'not_found' ? 'unknown_organization' : 'provider_unreachable' },
        });
        return backToSignIn(req, reply, e);
      }
      const { url, browser } = started;
      // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
      if (browser)
        reply.setCookie(BROWSER_COOKIE, browser, {
          path: CALLBACK,
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.secureCookies,
          maxAge: 600,
        });
      return reply.redirect(url.href, 302);
    },
  );

  r.get(
    CALLBACK,
    { schema: { hide: true, tags, description: 'Where the identity provider sends the browser back.' } },
    async (req, reply) => {
      await limitSso(req);
      const browser = req.cookies[BROWSER_COOKIE];
      reply.clearCookie(BROWSER_COOKIE, { path: CALLBACK });
      const here = new URL(req.url, callbackUrl(ctx, req));
      try {
        const session = await finishSso(ctx, here, browser, { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
        setSessionCookie(reply, ctx, session.token, session.expiresAt);
        return reply.redirect('/', 302);
      } catch (e) {
        return backToSignIn(req, reply, e);
      }
    },
  );

  r.get(
    '/api/auth/saml/:org/metadata',
    { schema: { hide: true, tags, params: OrgSlug, description: 'Our SAML 2.0 service provider metadata, for the IdP’s administrator.' } },
    async (req, reply) =>
      reply.type('application/samlmetadata+xml').send(await serviceProviderMetadata(ctx, req.params.org, originOf(ctx, req))),
  );

  // The IdP posts its answer as an HTML form (HTTP-POST binding): a cross-site POST that carries no session,
  // so it needs no CSRF token; the signed, single-use assertion is what is checked.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1_048_576 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/auth/saml/:org/acs',
      {
        schema: {
          hide: true,
          tags,
          params: OrgSlug,
          description: 'SAML 2.0 assertion consumer service (HTTP-POST binding), for SP- and IdP-initiated sign-in.',
        },
      },
      async (req, reply) => {
        await limitSso(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        try {
          const session = await finishSaml(
            ctx,
            req.params.org,
            originOf(ctx, req),
            typeof body.SAMLResponse === 'string' ? body.SAMLResponse : '',
            { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null },
          );
          setSessionCookie(reply, ctx, session.token, session.expiresAt);
          return reply.redirect('/', 303);
        } catch (e) {
          return backToSignIn(req, reply, e);
        }
      },
    );
  });
}

/** Back to the sign-in page with a reason code it knows how to say (never free text in a URL). */
function backToSignIn(req: FastifyRequest, reply: FastifyReply, e: unknown) {
  const reason = e instanceof AppError ? e.id : 'sso_failed';
  if (!(e instanceof AppError)) req.log.error({ err: { name: (e as Error).name } }, 'single sign-on failed');
  return reply.redirect(`/?sso_error=${encodeURIComponent(reason)}`, 303);
}
