import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { approveDisposition, cancelDisposition, listDispositions, previewDisposition, requestDisposition } from './disposition.ts';
import { retentionResponses } from './retention-responses.ts';
import { addFloor, createRule, listRules, retireRule, updateRule } from './rules.ts';

const Id = z.object({ id: z.string().uuid() });
const label = z.string().trim().min(2).max(40);
const Period = {
  years: z.number().int().min(0).max(100),
  basis: z.string().trim().min(3).max(300),
  effectiveFrom: z.string().datetime({ offset: true }).nullable().default(null),
  acknowledgeShort: z.boolean().default(false),
};

/** Retention rules and floors (officers), and destruction with two keys (those who may dispose). */
export function retentionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['archive'];
  const officer = (req: Parameters<typeof requirePermission>[0]) => requirePermission(req, 'archive.read');
  const disposer = (req: Parameters<typeof requirePermission>[0]) => requirePermission(req, 'archive.dispose');

  r.get('/api/archive/rules', { schema: { response: retentionResponses['GET /api/archive/rules'], tags } }, async (req) =>
    listRules(ctx.db, officer(req).orgId),
  );
  r.post(
    '/api/archive/rules',
    {
      schema: {
        response: retentionResponses['POST /api/archive/rules'],
        tags,
        body: z.object({ recordClass: label, jurisdiction: label, ...Period }),
      },
    },
    async (req, reply) => {
      const out = await createRule(ctx.db, officer(req), req.body);
      reply.code(201);
      return out;
    },
  );
  r.put(
    '/api/archive/rules/:id',
    { schema: { response: retentionResponses['PUT /api/archive/rules/:id'], tags, params: Id, body: z.object(Period) } },
    async (req) => updateRule(ctx.db, officer(req), req.params.id, req.body),
  );
  r.post(
    '/api/archive/rules/:id/retire',
    { schema: { response: retentionResponses['POST /api/archive/rules/:id/retire'], tags, params: Id } },
    async (req) => {
      await retireRule(ctx.db, officer(req), req.params.id);
      return { ok: true };
    },
  );
  r.post(
    '/api/archive/floors',
    {
      schema: {
        response: retentionResponses['POST /api/archive/floors'],
        tags,
        body: z.object({
          recordClass: label,
          jurisdiction: z.string().trim().min(1).max(40),
          years: z.number().int().min(1).max(100),
          basis: z.string().trim().min(3).max(300),
        }),
      },
    },
    async (req, reply) => {
      const out = await addFloor(ctx.db, officer(req), req.body);
      reply.code(201);
      return out;
    },
  );

  r.get(
    '/api/archive/disposition/preview',
    {
      schema: {
        response: retentionResponses['GET /api/archive/disposition/preview'],
        tags,
        description:
          'What the retention schedule would destroy now, by record class and jurisdiction, and what a hold keeps (nothing is touched).',
      },
    },
    async (req) => previewDisposition(ctx.db, ctx.secrets, disposer(req).orgId),
  );
  r.get('/api/archive/dispositions', { schema: { response: retentionResponses['GET /api/archive/dispositions'], tags } }, async (req) => {
    const actor = disposer(req);
    return {
      requests: await listDispositions(ctx.db, actor.orgId),
      delayHours: ctx.config.dispositionDelayMs / 3_600_000,
      me: actor.userId,
    };
  });
  r.post(
    '/api/archive/dispositions',
    {
      schema: {
        response: retentionResponses['POST /api/archive/dispositions'],
        tags,
        description: 'Ask for the expired records to be destroyed; someone else approves, and it runs after the delay.',
      },
    },
    async (req, reply) => {
      const actor = disposer(req);
      const request = await requestDisposition(ctx.db, ctx.secrets, actor, actor.orgId);
      reply.code(201);
      return { request: { id: request.id, status: request.status } };
    },
  );
  r.post(
    '/api/archive/dispositions/:id/approve',
    { schema: { response: retentionResponses['POST /api/archive/dispositions/:id/approve'], tags, params: Id } },
    async (req) => approveDisposition(ctx.db, disposer(req), req.params.id, ctx.config.dispositionDelayMs),
  );
  r.post(
    '/api/archive/dispositions/:id/cancel',
    { schema: { response: retentionResponses['POST /api/archive/dispositions/:id/cancel'], tags, params: Id } },
    async (req) => {
      await cancelDisposition(ctx.db, disposer(req), req.params.id);
      return { ok: true };
    },
  );
}
