import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { listSignalAlerts, signalScopes, signalSeries } from './service.ts';
import { SYNDROMES, SYNDROME_NAMES } from './syndromes.ts';
import { signalsResponses } from './responses.ts';

/** Public-health signals: symptom mentions per day with EARS C2 and CUSUM alarms. */
export function signalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['signals'];
  r.get('/api/signals/scopes', { schema: { response: signalsResponses['GET /api/signals/scopes'], tags } }, async (req) => {
    const actor = requirePermission(req, 'signals.read');
    return {
      scopes: await signalScopes(ctx.replica, actor.orgId),
      syndromes: SYNDROME_NAMES.map((s) => ({ id: s, label: SYNDROMES[s].label })),
    };
  });
  r.get(
    '/api/signals',
    {
      schema: {
        response: signalsResponses['GET /api/signals'],
        tags,
        querystring: z.object({
          syndrome: z.enum(SYNDROME_NAMES as [string, ...string[]]).default('respiratory'),
          scope: z.string().max(120).default('all'),
          days: z.coerce.number().int().min(14).max(365).default(90),
        }),
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'signals.read');
      return signalSeries(ctx.replica, actor.orgId, req.query.syndrome as keyof typeof SYNDROMES, req.query.scope, req.query.days);
    },
  );
  r.get('/api/signals/alerts', { schema: { response: signalsResponses['GET /api/signals/alerts'], tags } }, async (req) => ({
    alerts: await listSignalAlerts(ctx.replica, requirePermission(req, 'signals.read')),
  }));
}
