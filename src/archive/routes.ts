import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { recordVersions, verifyArchive } from './archive-writer.ts';
import { createProduction, downloadProduction, searchArchive, type ProductionSource } from './ediscovery.ts';
import { createReadStream } from 'node:fs';
import { mediaStorage } from '../shared/media-store.ts';
import { holdCoverage, requestErasure, retryRestrictedErasures, verifyCertificate } from './retention.ts';
import { queryOf, savedSearch } from './review.ts';
import { ArchiveQueryInput as Query, reviewRoutes } from './review-routes.ts';
import { retentionRoutes } from './retention-routes.ts';
import { dateInput, nameInput } from '../shared/input.ts';
import { displayNames, membersAmong, roleOf } from '../repositories/index.ts';
import { archiveResponses } from './responses.ts';

const Id = z.object({ id: z.string().uuid() });

/** Records management and eDiscovery, for compliance officers. */
export function archiveRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['archive'];
  const officer = (req: Parameters<typeof requireActor>[0]) => requirePermission(req, 'archive.read');
  retentionRoutes(app, ctx);
  reviewRoutes(app, ctx);

  /**
   * A hold placed from a saved search takes its custodian, channel and dates; its keyword phrase becomes
   * one hold keyword per word, which keeps a superset of what the search finds (holding more is safe).
   */
  const holdFromSavedSearch = async (orgId: string, id: string) => {
    const q = queryOf((await savedSearch(ctx.db, orgId, id)).query);
    return {
      custodianIds: q.custodianId ? [q.custodianId] : [],
      channels: q.channel ? [q.channel] : [],
      keywords: (q.keyword ?? '').split(/\s+/).filter((w) => w.length >= 2),
      dateFrom: q.from ?? null,
      dateTo: q.to ?? null,
    };
  };

  r.get(
    '/api/archive/search',
    {
      schema: {
        response: archiveResponses['GET /api/archive/search'],
        tags,
        querystring: Query.extend({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
      },
    },
    async (req) => {
      const actor = officer(req);
      const { limit, offset, ...q } = req.query;
      const found = await searchArchive(ctx.replica, actor, q, { limit, offset });
      // Who searched the archive, for what kinds of filters (not the terms: they may contain PHI).
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'archive.search',
        ip: actor.ip,
        detail: { results: found.total, filters: Object.keys(q).filter((k) => q[k as keyof typeof q] !== undefined) },
      });
      return {
        total: found.total,
        more: found.more,
        facets: found.facets,
        entries: found.entries.map((e) => ({
          seq: Number(e.seq),
          recordKind: e.record_kind,
          recordId: e.record_id,
          recordClass: e.record_class,
          event: e.event,
          version: e.version,
          channel: e.channel,
          custodian: e.custodian,
          authorId: e.author_id,
          at: e.occurred_at.toISOString(),
          text: e.content_text,
          snippet: e.snippet,
          contentHash: e.content_hash,
        })),
      };
    },
  );

  r.get(
    '/api/archive/records/:kind/:id',
    {
      schema: {
        response: archiveResponses['GET /api/archive/records/:kind/:id'],
        tags,
        params: z.object({ kind: z.string().max(40), id: z.string().max(64) }),
      },
    },
    async (req) => {
      const actor = officer(req);
      const versions = await recordVersions(ctx.db, actor.orgId, req.params.kind, req.params.id);
      if (versions.length === 0) throw notFound('Record');
      const distribution = await ctx.db
        .selectFrom('distribution_log')
        .select(['destination_kind', 'destination_id', 'external_id', 'audience', 'delivered_at'])
        .where('org_id', '=', actor.orgId)
        .where('record_kind', '=', req.params.kind)
        .where('record_id', '=', req.params.id)
        .orderBy('delivered_at')
        .execute();
      return {
        custodian: versions[0].custodian,
        recordClass: versions[0].record_class,
        channel: versions[0].channel,
        versions: versions.map((v) => ({
          seq: Number(v.seq),
          event: v.event,
          version: v.version,
          at: v.occurred_at.toISOString(),
          content: v.content,
          destroyedAt: v.destroyed_at?.toISOString() ?? null,
          contentHash: v.content_hash,
          hash: v.hash,
          proof: v.proof,
        })),
        distribution: distribution.map((d) => ({
          kind: d.destination_kind,
          destination: d.destination_id,
          externalId: d.external_id,
          audience: d.audience,
          at: d.delivered_at.toISOString(),
        })),
      };
    },
  );

  r.get('/api/archive/holds', { schema: { response: archiveResponses['GET /api/archive/holds'], tags } }, async (req) => {
    const actor = officer(req);
    const holds = await ctx.db
      .selectFrom('legal_holds')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    const names = await displayNames(
      ctx.db,
      holds.flatMap((h) => h.custodian_ids),
    );
    return {
      holds: await Promise.all(
        holds.map(async (h) => ({
          ...h,
          custodians: h.custodian_ids.map((id) => names.get(id) ?? 'Unknown'),
          matching: h.released_at ? null : await holdCoverage(ctx.db, actor.orgId, h.id),
        })),
      ),
    };
  });

  r.post(
    '/api/archive/holds',
    {
      schema: {
        response: archiveResponses['POST /api/archive/holds'],
        tags,
        body: z.object({
          name: nameInput(2, 120),
          reason: z.string().trim().min(3).max(500),
          custodianIds: z.array(z.string().uuid()).max(100).default([]),
          channels: z.array(z.string().max(120)).max(100).default([]),
          keywords: z.array(z.string().trim().min(2).max(100)).max(50).default([]),
          dateFrom: dateInput().nullable().default(null),
          dateTo: dateInput().nullable().default(null),
          savedSearchId: z.string().uuid().nullable().default(null),
        }),
      },
    },
    async (req, reply) => {
      const actor = officer(req);
      const b = { ...req.body, ...(req.body.savedSearchId ? await holdFromSavedSearch(actor.orgId, req.body.savedSearchId) : {}) };
      if (b.dateFrom && b.dateTo && b.dateFrom >= b.dateTo) throw badRequest("The hold's start date must be before its end date.");
      const members = await membersAmong(ctx.db, actor.orgId, b.custodianIds);
      if (members.length !== b.custodianIds.length) throw notFound('Custodian');
      const hold = await ctx.db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('legal_holds')
          .values({
            org_id: actor.orgId,
            name: b.name,
            reason: b.reason,
            custodian_ids: b.custodianIds,
            channels: b.channels,
            keywords: b.keywords,
            date_from: b.dateFrom,
            date_to: b.dateTo,
            saved_search_id: b.savedSearchId,
            created_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'legal_hold.created',
          targetType: 'legal_hold',
          targetId: row.id,
          ip: actor.ip,
          detail: { custodians: b.custodianIds.length, channels: b.channels.length, keywords: b.keywords.length },
        });
        return row;
      });
      reply.code(201);
      // A hold that covers nothing yet is kept (it covers what is written later) but the officer is told.
      const matching = await holdCoverage(ctx.db, actor.orgId, hold.id);
      return {
        hold,
        matching,
        warning:
          matching === 0 ? 'Nothing in the archive matches this hold yet; it will cover matching records written from now on.' : null,
      };
    },
  );

  r.post(
    '/api/archive/holds/:id/release',
    { schema: { response: archiveResponses['POST /api/archive/holds/:id/release'], tags, params: Id } },
    async (req) => {
      const actor = officer(req);
      await ctx.db.transaction().execute(async (tx) => {
        const res = await tx
          .updateTable('legal_holds')
          .set({ released_at: new Date(), released_by: actor.userId })
          .where('id', '=', req.params.id)
          .where('org_id', '=', actor.orgId)
          .where('released_at', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) throw notFound('Hold');
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'legal_hold.released',
          targetType: 'legal_hold',
          targetId: req.params.id,
          ip: actor.ip,
        });
      });
      // Erasures that waited on this hold may proceed now.
      await retryRestrictedErasures(ctx.db, ctx.secrets, actor.orgId);
      return { ok: true };
    },
  );

  r.get('/api/archive/certificates', { schema: { response: archiveResponses['GET /api/archive/certificates'], tags } }, async (req) => {
    const actor = officer(req);
    const rows = await ctx.db
      .selectFrom('destruction_certificates')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return {
      certificates: rows.map((c) => ({
        id: c.id,
        reason: c.reason,
        entries: c.entry_count,
        records: c.record_count,
        rules: c.rules,
        manifestSha256: c.manifest_sha256,
        signature: c.signature,
        at: c.created_at.toISOString(),
      })),
    };
  });

  r.get(
    '/api/archive/certificates/:id/verify',
    { schema: { response: archiveResponses['GET /api/archive/certificates/:id/verify'], tags, params: Id } },
    async (req) => {
      const actor = officer(req);
      const valid = await verifyCertificate(ctx.db, ctx.secrets, actor.orgId, req.params.id);
      if (valid === null) throw notFound('Certificate');
      return { valid };
    },
  );

  r.post(
    '/api/archive/erasures',
    { schema: { response: archiveResponses['POST /api/archive/erasures'], tags, body: z.object({ subjectId: z.string().uuid() }) } },
    async (req, reply) => {
      const actor = officer(req);
      if (!(await roleOf(ctx.db, actor.orgId, req.body.subjectId))) throw notFound('Person');
      reply.code(201);
      return requestErasure(ctx.db, ctx.secrets, actor, req.body.subjectId);
    },
  );

  r.post(
    '/api/archive/productions',
    {
      schema: {
        response: archiveResponses['POST /api/archive/productions'],
        tags,
        description:
          'A production from a search (`query`), a saved search, or a review set (its responsive documents, or all; privileged ones withheld into a privilege log).',
        body: z
          .object({
            name: nameInput(2, 120),
            batesPrefix: z.string().regex(/^[A-Z]{2,8}$/, 'must be 2-8 capital letters'),
            batesStart: z.number().int().min(1).max(9_000_000).default(1),
            query: Query.optional(),
            savedSearchId: z.string().uuid().optional(),
            reviewSetId: z.string().uuid().optional(),
            include: z.enum(['responsive', 'all']).default('responsive'),
          })
          .refine((b) => [b.query, b.savedSearchId, b.reviewSetId].filter(Boolean).length === 1, {
            message: 'give exactly one of query, savedSearchId or reviewSetId',
          }),
      },
    },
    async (req, reply) => {
      const actor = officer(req);
      const b = req.body;
      const source: ProductionSource = b.reviewSetId
        ? { reviewSetId: b.reviewSetId, include: b.include }
        : { query: b.savedSearchId ? queryOf((await savedSearch(ctx.db, actor.orgId, b.savedSearchId)).query) : b.query! };
      reply.code(201);
      return {
        production: await createProduction(ctx.db, ctx.secrets, mediaStorage(ctx.config, ctx.outbound), actor, {
          name: b.name,
          batesPrefix: b.batesPrefix,
          batesStart: b.batesStart,
          source,
        }),
      };
    },
  );

  r.get('/api/archive/productions', { schema: { response: archiveResponses['GET /api/archive/productions'], tags } }, async (req) => {
    const actor = officer(req);
    const rows = await ctx.db
      .selectFrom('productions as p')
      .leftJoin('users as u', 'u.id', 'p.created_by')
      .select(['p.id', 'p.name', 'p.bates_prefix', 'p.bates_start', 'p.zip_sha256', 'p.created_at', 'p.query', 'p.documents', 'p.withheld'])
      .select('u.display_name as by')
      .where('p.org_id', '=', actor.orgId)
      .orderBy('p.created_at', 'desc')
      .limit(200)
      .execute();
    return {
      productions: rows.map((p) => ({
        id: p.id,
        name: p.name,
        batesPrefix: p.bates_prefix,
        batesStart: p.bates_start,
        sha256: p.zip_sha256,
        documents: p.documents,
        withheld: p.withheld,
        by: p.by,
        at: p.created_at.toISOString(),
        query: p.query,
      })),
    };
  });

  r.get(
    '/api/archive/productions/:id/download',
    { schema: { response: archiveResponses['GET /api/archive/productions/:id/download'], tags, params: Id } },
    async (req, reply) => {
      const actor = officer(req);
      const built = await downloadProduction(ctx.db, ctx.secrets, mediaStorage(ctx.config, ctx.outbound), actor, req.params.id);
      // Streamed from the private temporary file, removed once sent (or once the client goes away).
      const file = createReadStream(built.path);
      file.on('close', () => void built.dispose());
      reply
        .header('content-type', 'application/zip')
        .header('content-length', String(built.bytes))
        .header('content-disposition', `attachment; filename="${built.name}"`);
      return reply.send(file);
    },
  );

  r.get(
    '/api/archive/productions/:id/custody',
    { schema: { response: archiveResponses['GET /api/archive/productions/:id/custody'], tags, params: Id } },
    async (req) => {
      const actor = officer(req);
      const rows = await ctx.db
        .selectFrom('custody_events as c')
        .leftJoin('users as u', 'u.id', 'c.actor_id')
        .select(['c.action', 'c.sha256', 'c.at', 'u.display_name'])
        .where('c.org_id', '=', actor.orgId)
        .where('c.production_id', '=', req.params.id)
        .orderBy('c.id')
        .execute();
      if (rows.length === 0) throw notFound('Production');
      return { events: rows.map((e) => ({ action: e.action, sha256: e.sha256, by: e.display_name, at: e.at.toISOString() })) };
    },
  );

  r.get('/api/archive/verify', { schema: { response: archiveResponses['GET /api/archive/verify'], tags } }, async (req) => {
    const actor = officer(req);
    const [report] = await verifyArchive(ctx.db, actor.orgId);
    return { ok: report?.ok ?? true, checked: report?.checked ?? 0, firstBroken: report?.firstBroken ?? null };
  });
}
