import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { conflict } from '../shared/errors.ts';
import { dateInput, nameInput } from '../shared/input.ts';
import { archiveResponses } from './responses.ts';
import {
  assignReviewers,
  codeDocument,
  createReviewSet,
  queryOf,
  REVIEW_TAGS,
  reviewItems,
  reviewSetSummary,
  savedSearch,
} from './review.ts';

const Id = z.object({ id: z.string().uuid() });
export const ArchiveQueryInput = z.object({
  custodianId: z.string().uuid().optional(),
  from: dateInput().optional(),
  to: dateInput().optional(),
  keyword: z.string().trim().min(1).max(200).optional(),
  recordKind: z.string().max(40).optional(),
  channel: z.string().max(120).optional(),
});

/** Saved searches and review sets: how officers review what a matter needs before producing it. */
export function reviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['archive'];
  const officer = (req: Parameters<typeof requirePermission>[0]) => requirePermission(req, 'archive.read');

  r.get('/api/archive/saved-searches', { schema: { response: archiveResponses['GET /api/archive/saved-searches'], tags } }, async (req) => {
    const actor = officer(req);
    const rows = await ctx.db
      .selectFrom('saved_searches as s')
      .leftJoin('users as u', 'u.id', 's.created_by')
      .select(['s.id', 's.name', 's.query', 's.created_at', 'u.display_name as by'])
      .where('s.org_id', '=', actor.orgId)
      .orderBy('s.name')
      .execute();
    return { searches: rows.map((s) => ({ id: s.id, name: s.name, query: s.query, by: s.by, at: s.created_at.toISOString() })) };
  });

  r.post(
    '/api/archive/saved-searches',
    {
      schema: {
        response: archiveResponses['POST /api/archive/saved-searches'],
        tags,
        body: z.object({ name: nameInput(2, 120), query: ArchiveQueryInput }),
      },
    },
    async (req, reply) => {
      const actor = officer(req);
      const q = req.body.query;
      if (q.from && q.to && q.from >= q.to) throw conflict('The search starts after it ends; swap the dates.');
      const row = await ctx.db.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom('saved_searches')
          .select('id')
          .where('org_id', '=', actor.orgId)
          .where('name', '=', req.body.name)
          .executeTakeFirst();
        if (existing) throw conflict(`A saved search is already called "${req.body.name}".`);
        const saved = await tx
          .insertInto('saved_searches')
          .values({ org_id: actor.orgId, name: req.body.name, query: JSON.stringify(q), created_by: actor.userId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'ediscovery.search_saved',
          targetType: 'saved_search',
          targetId: saved.id,
          ip: actor.ip,
        });
        return saved;
      });
      reply.code(201);
      return { id: row.id };
    },
  );

  r.delete(
    '/api/archive/saved-searches/:id',
    { schema: { response: archiveResponses['DELETE /api/archive/saved-searches/:id'], tags, params: Id } },
    async (req) => {
      const actor = officer(req);
      await savedSearch(ctx.db, actor.orgId, req.params.id);
      const usedByHold = await ctx.db
        .selectFrom('legal_holds')
        .select('id')
        .where('saved_search_id', '=', req.params.id)
        .where('released_at', 'is', null)
        .executeTakeFirst();
      if (usedByHold) throw conflict('A legal hold in force was placed from this search; release the hold first.');
      await ctx.db.transaction().execute(async (tx) => {
        await tx.updateTable('legal_holds').set({ saved_search_id: null }).where('saved_search_id', '=', req.params.id).execute();
        await tx.deleteFrom('saved_searches').where('id', '=', req.params.id).execute();
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'ediscovery.search_deleted',
          targetType: 'saved_search',
          targetId: req.params.id,
          ip: actor.ip,
        });
      });
      return { ok: true as const };
    },
  );

  r.get('/api/archive/review-sets', { schema: { response: archiveResponses['GET /api/archive/review-sets'], tags } }, async (req) => {
    const actor = officer(req);
    const sets = await ctx.db
      .selectFrom('review_sets')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    return { sets: await Promise.all(sets.map((s) => reviewSetSummary(ctx.db, actor.orgId, s.id))) };
  });

  r.post(
    '/api/archive/review-sets',
    {
      schema: {
        response: archiveResponses['POST /api/archive/review-sets'],
        tags,
        body: z
          .object({ name: nameInput(2, 120), query: ArchiveQueryInput.optional(), savedSearchId: z.string().uuid().optional() })
          .refine((b) => Boolean(b.query) !== Boolean(b.savedSearchId), { message: 'give either query or savedSearchId' }),
      },
    },
    async (req, reply) => {
      const actor = officer(req);
      const query = req.body.savedSearchId
        ? queryOf((await savedSearch(ctx.db, actor.orgId, req.body.savedSearchId)).query)
        : req.body.query!;
      reply.code(201);
      return createReviewSet(ctx.db, actor, { name: req.body.name, query });
    },
  );

  r.get(
    '/api/archive/review-sets/:id',
    { schema: { response: archiveResponses['GET /api/archive/review-sets/:id'], tags, params: Id } },
    async (req) => reviewSetSummary(ctx.db, officer(req).orgId, req.params.id),
  );

  r.get(
    '/api/archive/review-sets/:id/items',
    {
      schema: {
        response: archiveResponses['GET /api/archive/review-sets/:id/items'],
        tags,
        params: Id,
        querystring: z.object({
          mine: z.enum(['true', 'false']).default('false'),
          tag: z.enum(REVIEW_TAGS).optional(),
          unreviewed: z.enum(['true', 'false']).default('false'),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      const actor = officer(req);
      const q = req.query;
      return reviewItems(ctx.db, actor, req.params.id, {
        mine: q.mine === 'true',
        tag: q.tag,
        unreviewed: q.unreviewed === 'true',
        offset: q.offset,
        limit: q.limit,
      });
    },
  );

  r.post(
    '/api/archive/review-sets/:id/assign',
    {
      schema: {
        response: archiveResponses['POST /api/archive/review-sets/:id/assign'],
        tags,
        params: Id,
        body: z.object({ reviewerIds: z.array(z.string().uuid()).min(1).max(50) }),
      },
    },
    async (req) => assignReviewers(ctx.db, officer(req), req.params.id, [...new Set(req.body.reviewerIds)]),
  );

  r.put(
    '/api/archive/review-sets/:id/items/:position',
    {
      schema: {
        response: archiveResponses['PUT /api/archive/review-sets/:id/items/:position'],
        tags,
        params: z.object({ id: z.string().uuid(), position: z.coerce.number().int().min(1).max(10_000_000) }),
        body: z.object({ tags: z.array(z.enum(REVIEW_TAGS)).max(4), note: z.string().trim().max(2000).default('') }),
      },
    },
    async (req) => codeDocument(ctx.db, officer(req), req.params.id, req.params.position, req.body),
  );
}
