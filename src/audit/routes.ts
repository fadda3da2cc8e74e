import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../access/policy.ts';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../shared/errors.ts';
import { csvCell } from '../shared/csv.ts';
import { recordAuditNow, verifyAuditChains } from './audit-log.ts';
import { dateInput } from '../shared/input.ts';
import { auditResponses } from './responses.ts';

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit',
    {
      schema: {
        response: auditResponses['GET /api/audit'],
        tags: ['audit'],
        querystring: z.object({
          action: z.string().max(64).optional(),
          actorId: z.string().uuid().optional(),
          from: dateInput().optional(),
          to: dateInput().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!can(actor, 'audit.read')) throw notFound('Route');
      let q = ctx.db
        .selectFrom('audit_log')
        .select(['seq', 'actor_id', 'action', 'target_type', 'target_id', 'ip', 'detail', 'created_at', 'hash'])
        .where('org_id', '=', actor.orgId);
      // LIKE wildcards in the search are matched literally (action names contain underscores).
      if (req.query.action) q = q.where('action', 'like', `${req.query.action.replace(/[\\%_]/g, '\\$&')}%`);
      if (req.query.actorId) q = q.where('actor_id', '=', req.query.actorId);
      if (req.query.from) q = q.where('created_at', '>=', req.query.from);
      if (req.query.to) q = q.where('created_at', '<', req.query.to);
      const rows = await q.orderBy('seq', 'desc').limit(req.query.limit).execute();
      return { events: rows.map((e) => ({ ...e, seq: Number(e.seq), created_at: e.created_at.toISOString() })) };
    },
  );

  r.get(
    '/api/audit/export.csv',
    {
      schema: {
        response: auditResponses['GET /api/audit/export.csv'],
        tags: ['audit'],
        description: "The organization's audit log as CSV, with each entry's hash for independent verification.",
        querystring: z.object({ from: dateInput().optional(), to: dateInput().optional() }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!can(actor, 'audit.read')) throw notFound('Route');
      let q = ctx.db
        .selectFrom('audit_log')
        .select(['seq', 'created_at', 'actor_id', 'action', 'target_type', 'target_id', 'ip', 'detail', 'prev_hash', 'hash'])
        .where('org_id', '=', actor.orgId);
      if (req.query.from) q = q.where('created_at', '>=', req.query.from);
      if (req.query.to) q = q.where('created_at', '<', req.query.to);
      const rows = await q.orderBy('seq').limit(100_000).execute();
      const header = ['seq', 'time', 'actor_id', 'action', 'target_type', 'target_id', 'ip', 'detail', 'prev_hash', 'hash'];
      const lines = [
        header.join(','),
        ...rows.map((r) =>
          [r.seq, r.created_at, r.actor_id, r.action, r.target_type, r.target_id, r.ip, r.detail, r.prev_hash, r.hash]
            .map(csvCell)
            .join(','),
        ),
      ];
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'audit.export',
        targetType: 'audit_log',
        ip: actor.ip,
        detail: { rows: rows.length },
      });
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"');
      return lines.join('\r\n') + '\r\n';
    },
  );

  r.get('/api/audit/verify', { schema: { response: auditResponses['GET /api/audit/verify'], tags: ['audit'] } }, async (req) => {
    const actor = requireActor(req);
    if (!can(actor, 'audit.read')) throw notFound('Route');
    const [report] = await verifyAuditChains(ctx.db, actor.orgId);
    return { ok: report?.ok ?? true, checked: report?.checked ?? 0, firstBroken: report?.firstBroken ?? null };
  });
}
