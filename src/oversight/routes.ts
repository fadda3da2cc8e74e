import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { decideReview, digestFigures, sendComplianceDigest, staffActivity, supervisoryReviews } from './service.ts';
import { oversightResponses } from './responses.ts';

/** Staff oversight for compliance officers: activity, supervisory sampling and the weekly digest. */
export function oversightRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['oversight'];
  const officer = (req: Parameters<typeof requirePermission>[0]) => requirePermission(req, 'oversight.read');

  r.get(
    '/api/oversight/staff',
    {
      schema: {
        response: oversightResponses['GET /api/oversight/staff'],
        tags,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
      },
    },
    async (req) => {
      const actor = officer(req);
      return {
        days: req.query.days,
        staff: await staffActivity(ctx.replica, actor.orgId, new Date(Date.now() - req.query.days * 86_400_000)),
      };
    },
  );
  r.get(
    '/api/oversight/reviews',
    {
      schema: {
        response: oversightResponses['GET /api/oversight/reviews'],
        tags,
        querystring: z.object({ status: z.enum(['open', 'decided']).default('open') }),
      },
    },
    async (req) => ({ reviews: await supervisoryReviews(ctx.db, officer(req), req.query.status) }),
  );
  r.post(
    '/api/oversight/reviews/:id',
    {
      schema: {
        response: oversightResponses['POST /api/oversight/reviews/:id'],
        tags,
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ decision: z.enum(['appropriate', 'concern']), note: z.string().max(1000).default('') }),
      },
    },
    async (req) => {
      await decideReview(ctx.db, officer(req), req.params.id, req.body.decision, req.body.note);
      return { ok: true };
    },
  );
  r.get('/api/oversight/digest', { schema: { response: oversightResponses['GET /api/oversight/digest'], tags } }, async (req) => {
    const actor = officer(req);
    const last = await ctx.db
      .selectFrom('compliance_digests')
      .select(['period_end', 'sent_at'])
      .where('org_id', '=', actor.orgId)
      .orderBy('sent_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const since = last?.period_end ?? new Date(Date.now() - 7 * 86_400_000);
    return { lastSentAt: last?.sent_at.toISOString() ?? null, preview: await digestFigures(ctx.replica, actor.orgId, since, new Date()) };
  });
  r.post('/api/oversight/digest', { schema: { response: oversightResponses['POST /api/oversight/digest'], tags } }, async (req) => {
    const actor = officer(req);
    const sent = await ctx.db.transaction().execute((tx) => sendComplianceDigest(tx, actor.orgId));
    return { recipients: sent.recipients };
  });
}
