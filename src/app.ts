import { guardRoutes } from './guard/routes.ts';
import { publisherRoutes } from './publisher/routes.ts';
import { oversightRoutes } from './oversight/routes.ts';
import { policyRoutes } from './policies/routes.ts';
import { signalRoutes } from './signals/routes.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { ERRORS } from './shared/errors.ts';
import { replicaHealth } from './db/index.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { accountRoutes } from './accounts/routes.ts';
import { archiveRoutes } from './archive/routes.ts';
import { privacyRoutes } from './privacy/routes.ts';
import { identityRoutes } from './identity/routes.ts';
import { scimRoutes } from './identity/scim.ts';
import { auditRoutes } from './audit/routes.ts';
import { communityRoutes } from './community/routes.ts';
import { joinRoutes } from './community/join-routes.ts';
import { assertReadable } from './community/index.ts';
import { mediaRoutes } from './media/index.ts';
import { assertMessageReadable } from './messaging/service.ts';
import { notFound } from './shared/errors.ts';
import { consentRoutes } from './consent/routes.ts';
import { screeningRoutes } from './screening/index.ts';
import { goalRoutes } from './goals/index.ts';
import { eventRoutes } from './events/index.ts';
import { fundraisingRoutes } from './fundraising/index.ts';
import { directoryRoutes } from './directory/routes.ts';
import { messagingRoutes } from './messaging/routes.ts';
import { moderationRoutes } from './moderation/routes.ts';
import { notificationRoutes } from './notify/routes.ts';
import { RealtimeHub } from './notify/realtime.ts';
import { organizationRoutes } from './organizations/routes.ts';
import { securityRoutes } from './security/routes.ts';
import { pathOnly, REDACTED_LOG_PATHS } from './shared/logger.ts';
import { registerAuth } from './accounts/session-hook.ts';
import type { AppContext } from './http/context.ts';
import { registerContracts } from './http/contracts.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerHardening } from './http/hardening.ts';
import { can } from './access/policy.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: ctx.config.bodyLimitBytes,
    // A client gets 30 s to send its request (slow senders do not hold sockets); handlers are bounded by
    // the database timeouts.
    requestTimeout: 30_000,
    routerOptions: { maxParamLength: 200 },
    trustProxy: ctx.config.trustProxy,
    logger:
      opts.logger === false || ctx.config.logLevel === 'silent'
        ? false
        : {
            level: ctx.config.logLevel,
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            serializers: {
              // Path only: query strings may carry search terms; bodies are never logged.
              req: (req) => ({ method: req.method, url: pathOnly(req.url), id: req.id }),
            },
          },
  });
  app.setValidatorCompiler(validatorCompiler);
  registerContracts(app, { strict: ctx.config.strictResponses });
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Harborline API', version: '0.1.0', description: 'Community, publisher and guard for healthcare on social media.' },
      // Every failure has this shape; the id says which error it is and fixes its status.
      components: {
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['id', 'message'],
                properties: {
                  id: {
                    type: 'string',
                    enum: Object.keys(ERRORS),
                    description: Object.entries(ERRORS)
                      .map(([id, e]) => `${id} (${e.status}): ${e.meaning}`)
                      .join('\n'),
                  },
                  message: { type: 'string' },
                  details: { type: 'object' },
                },
              },
            },
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  registerHardening(app, ctx.config);
  registerAuth(app, ctx);

  // Load balancers tell "up" from "up but the database is unreachable" (503).
  app.get('/api/health', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return { ok: true, database: ctx.database.kind, ...(ctx.replica !== ctx.db && { replica: await replicaHealth(ctx.replica) }) };
    } catch {
      reply.header('retry-after', '5');
      return reply.code(503).send({ ok: false, database: 'unreachable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  accountRoutes(app, ctx);
  communityRoutes(app, ctx);
  joinRoutes(app, ctx);
  guardRoutes(app, ctx);
  auditRoutes(app, ctx);
  securityRoutes(app, ctx);
  organizationRoutes(app, ctx);
  const hub = new RealtimeHub();
  await hub.start(ctx.database);
  app.addHook('onClose', () => hub.close());
  notificationRoutes(app, ctx, hub);
  messagingRoutes(app, ctx);
  directoryRoutes(app, ctx);
  consentRoutes(app, ctx);
  screeningRoutes(app, ctx);
  goalRoutes(app, ctx);
  eventRoutes(app, ctx);
  fundraisingRoutes(app, ctx);
  moderationRoutes(app, ctx);
  archiveRoutes(app, ctx);
  privacyRoutes(app, ctx);
  identityRoutes(app, ctx);
  scimRoutes(app, ctx);
  signalRoutes(app, ctx);
  policyRoutes(app, ctx);
  oversightRoutes(app, ctx);
  publisherRoutes(app, ctx);
  // A picture is seen by whoever may see the record it is attached to; the features owning records say who.
  mediaRoutes(app, ctx, async (actor, kind, id) => {
    if (kind === 'post' || kind === 'comment') return assertReadable(ctx.db, actor, kind, id);
    if (kind === 'message') return assertMessageReadable(ctx.db, actor, id);
    // Provider profiles are read by everyone in the organization (the picture is already checked to be its own).
    if (kind === 'provider_profile') return;
    // Publisher posts: those who compose and approve them see their pictures (the public sees them on the networks).
    if (kind === 'network_post' && can(actor, 'publisher.approve')) return;
    throw notFound('Picture');
  });

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      // Brotli or gzip copies made at build time (web/vite.config.ts), chosen by the browser's Accept-Encoding.
      preCompressed: true,
      // Asset names carry their content hash: a browser may keep them; index.html is always asked again.
      setHeaders: (res, file) =>
        res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    // The single-page app owns every non-API path.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html')
        .send('<!doctype html><title>Harborline</title><p>The web UI is not built. Run <code>npm run build:web</code>.</p>'),
    );
  }
  return app;
}
