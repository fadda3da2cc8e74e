import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../access/policy.ts';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { csvCell } from '../shared/csv.ts';
import { recordAuditNow, verifyAuditChains } from './audit-log.ts';
import { dateInput } from '../shared/input.ts';
import { auditResponses } from './responses.ts';

const Filters = z.object({
  action: z.string().trim().max(64).optional(),
  actorId: z.string().uuid().optional(),
  targetType: z.string().trim().max(40).optional(),
  targetId: z.string().trim().max(64).optional(),
  from: dateInput().optional(),
  to: dateInput().optional(),
});
type Filters = z.infer<typeof Filters>;

/** The organization's audit entries matching the filters, with who did it and the name of a person they concern. */
function auditQuery(db: Db, orgId: string, f: Filters) {
  let q = db
    .selectFrom('audit_log as l')
    .leftJoin('users as a', 'a.id', 'l.actor_id')
    // A target that is a person shows their name; other targets show their kind and id.
    // Compared as text: a target id is not always a uuid, and a cast could fail on any row.
    .leftJoin('users as t', (j) =>
      j.on((eb) => eb.and([eb('l.target_type', '=', 'user'), eb(sql`t.id::text`, '=', eb.ref('l.target_id'))])),
    )
    .where('l.org_id', '=', orgId);
  // An action with a dot at the end, or no dot, is a prefix ("auth." or "auth"); otherwise exact. LIKE
  // wildcards in it are matched literally (action names contain underscores).
  if (f.action) {
    const literal = f.action.replace(/[\\%_]/g, '\\$&');
    q = f.action.includes('.') && !f.action.endsWith('.') ? q.where('l.action', '=', f.action) : q.where('l.action', 'like', `${literal}%`);
  }
  if (f.actorId) q = q.where('l.actor_id', '=', f.actorId);
  if (f.targetType) q = q.where('l.target_type', '=', f.targetType);
  if (f.targetId) q = q.where('l.target_id', '=', f.targetId);
  if (f.from) q = q.where('l.created_at', '>=', f.from);
  if (f.to) q = q.where('l.created_at', '<', f.to);
  return q;
}

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit',
    {
      schema: {
        response: auditResponses['GET /api/audit'],
        tags: ['audit'],
        description: 'A page of the audit log, newest first; `before` is the seq to continue below (from `nextBefore`).',
        querystring: Filters.extend({
          before: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!can(actor, 'audit.read')) throw notFound('Route');
      const { before, limit, ...filters } = req.query;
      if (filters.from && filters.to && filters.from >= filters.to) throw badRequest('"from" must be before "to".');
      let q = auditQuery(ctx.db, actor.orgId, filters);
      if (before) q = q.where('l.seq', '<', String(before));
      const rows = await q
        .select(['l.seq', 'l.actor_id', 'l.action', 'l.target_type', 'l.target_id', 'l.ip', 'l.detail', 'l.created_at', 'l.hash'])
        .select(['a.display_name as actor_name', 't.display_name as target_name'])
        .orderBy('l.seq', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        events: page.map((e) => ({ ...e, seq: Number(e.seq), created_at: e.created_at.toISOString() })),
        nextBefore: rows.length > limit ? Number(page[page.length - 1].seq) : null,
      };
    },
  );

  r.get(
    '/api/audit/export.csv',
    {
      schema: {
        response: auditResponses['GET /api/audit/export.csv'],
        tags: ['audit'],
        description:
          "The organization's audit log (with the same filters as the screen) as CSV, with names and each entry's hash for independent verification.",
        querystring: Filters,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!can(actor, 'audit.read')) throw notFound('Route');
      const rows = await auditQuery(ctx.db, actor.orgId, req.query)
        .select([
          'l.seq',
          'l.created_at',
          'l.actor_id',
          'l.action',
          'l.target_type',
          'l.target_id',
          'l.ip',
          'l.detail',
          'l.prev_hash',
          'l.hash',
        ])
        .select(['a.display_name as actor_name', 't.display_name as target_name'])
        .orderBy('l.seq')
        .limit(100_000)
        .execute();
      const header = [
        'seq',
        'time',
        'actor',
        'actor_id',
        'action',
        'target_type',
        'target_id',
        'target',
        'ip',
        'detail',
        'prev_hash',
        'hash',
      ];
      const lines = [
        header.join(','),
        ...rows.map((r) =>
          [
            r.seq,
            r.created_at,
            r.actor_name ?? (r.actor_id ? 'Unknown' : 'System'),
            r.actor_id,
            r.action,
            r.target_type,
            r.target_id,
            r.target_name,
            r.ip,
            r.detail,
            r.prev_hash,
            r.hash,
          ]
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

  r.get(
    '/api/audit/people',
    {
      schema: {
        response: auditResponses['GET /api/audit/people'],
        tags: ['audit'],
        description: 'Everyone who appears as the actor of an audit entry, by name (for the filter).',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!can(actor, 'audit.read')) throw notFound('Route');
      // The organization's members (never the whole users table) who acted at least once.
      const rows = await ctx.db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.display_name'])
        .where('m.org_id', '=', actor.orgId)
        .where((eb) =>
          eb.exists(
            eb.selectFrom('audit_log as l').select('l.seq').whereRef('l.actor_id', '=', 'u.id').where('l.org_id', '=', actor.orgId),
          ),
        )
        .orderBy('u.display_name')
        .limit(1000)
        .execute();
      return { people: rows.map((p) => ({ id: p.id, name: p.display_name })) };
    },
  );

  r.get('/api/audit/verify', { schema: { response: auditResponses['GET /api/audit/verify'], tags: ['audit'] } }, async (req) => {
    const actor = requireActor(req);
    if (!can(actor, 'audit.read')) throw notFound('Route');
    const [report] = await verifyAuditChains(ctx.db, actor.orgId);
    return { ok: report?.ok ?? true, checked: report?.checked ?? 0, firstBroken: report?.firstBroken ?? null };
  });
}
