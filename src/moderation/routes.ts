import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { conflict, notFound } from '../shared/errors.ts';
import {
  addClaim,
  addUnreliableDomain,
  listClaims,
  listUnreliableDomains,
  removeUnreliableDomain,
  retireClaim,
  showClaimCorrection,
} from './claims-library.ts';
import { addRule, addSource, linkCorrection, listRules, listSources, removeRule, testText } from './library.ts';
import { Ok } from '../shared/responses.ts';
import {
  actOnContent,
  appealAction,
  decideAppeal,
  moderationQueue,
  myModerationActions,
  pendingAppeals,
  setTrustLevel,
} from './service.ts';
import { RULE_ACTIONS } from '../shared/enums.ts';
import { moderationResponses } from './responses.ts';

const Id = z.object({ id: z.string().uuid() });
const RecordParams = z.object({ kind: z.enum(['post', 'comment']), id: z.string().uuid() });
const Reason = z.string().max(1000);
const ACTIONS = ['agree', 'disagree', 'approve', 'hide', 'delete', 'warn', 'silence', 'suspend', 'restore'] as const;
const RuleFields = {
  pattern: z.string().min(1).max(200),
  isRegex: z.boolean().default(false),
  action: z.enum(RULE_ACTIONS),
  replacement: z.string().max(100).nullable().default(null),
};

/** The moderation queue, decisions with one appeal, watched-word rules and the approved-sources library. */
export function moderationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['moderation'];
  const moderator = (req: Parameters<typeof requireActor>[0]) => requirePermission(req, 'content.moderate');

  r.get('/api/moderation/queue', { schema: { response: moderationResponses['GET /api/moderation/queue'], tags } }, async (req) => ({
    items: await moderationQueue(ctx.db, moderator(req)),
  }));

  r.post(
    '/api/moderation/items/:kind/:id/actions',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/items/:kind/:id/actions'],
        tags,
        params: RecordParams,
        body: z.object({ action: z.enum(ACTIONS), reason: Reason, days: z.number().int().min(1).max(365).optional() }),
      },
    },
    async (req) => actOnContent(ctx.db, moderator(req), req.params.kind, req.params.id, req.body),
  );

  // The first queue API decided single flags; kept for clients that use it (it decides the flag's record).
  r.get('/api/moderation/flags', { schema: { response: moderationResponses['GET /api/moderation/flags'], tags } }, async (req) => {
    const items = await moderationQueue(ctx.db, moderator(req));
    return {
      flags: items.flatMap((i) =>
        i.flags.map((f) => ({
          id: f.id,
          recordKind: i.recordKind,
          recordId: i.recordId,
          reason: f.reason,
          source: f.source,
          status: 'open',
          createdAt: f.createdAt,
          post: i.recordKind === 'post' ? { title: i.title, body: i.body, status: i.status } : null,
        })),
      ),
    };
  });
  r.post(
    '/api/moderation/flags/:id',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/flags/:id'],
        tags,
        params: Id,
        body: z.object({ decision: z.enum(['agree', 'disagree']), reason: Reason.optional() }),
      },
    },
    async (req) => {
      const actor = moderator(req);
      const flag = await ctx.db
        .selectFrom('flags')
        .select(['record_kind', 'record_id', 'status'])
        .where('id', '=', req.params.id)
        .where('org_id', '=', actor.orgId)
        .executeTakeFirst();
      if (!flag || (flag.record_kind !== 'post' && flag.record_kind !== 'comment')) throw notFound('Flag');
      if (flag.status !== 'open') throw conflict('This flag was already decided.');
      await actOnContent(ctx.db, actor, flag.record_kind, flag.record_id, {
        action: req.body.decision,
        reason: req.body.reason || (req.body.decision === 'agree' ? 'Breaks the community guidelines' : 'Reviewed: within the guidelines'),
      });
      return { ok: true };
    },
  );

  r.get('/api/moderation/mine', { schema: { response: moderationResponses['GET /api/moderation/mine'], tags } }, async (req) => ({
    actions: await myModerationActions(ctx.db, requireActor(req)),
  }));
  r.post(
    '/api/moderation/actions/:id/appeal',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/actions/:id/appeal'],
        tags,
        params: Id,
        body: z.object({ text: z.string().min(3).max(2000) }),
      },
    },
    async (req, reply) => {
      await appealAction(ctx.db, requireActor(req), req.params.id, req.body.text);
      reply.code(201);
      return { ok: true };
    },
  );
  r.get('/api/moderation/appeals', { schema: { response: moderationResponses['GET /api/moderation/appeals'], tags } }, async (req) => ({
    appeals: await pendingAppeals(ctx.db, moderator(req)),
  }));
  r.post(
    '/api/moderation/actions/:id/appeal-decision',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/actions/:id/appeal-decision'],
        tags,
        params: Id,
        body: z.object({ decision: z.enum(['uphold', 'overturn']), note: Reason.default('') }),
      },
    },
    async (req) => {
      await decideAppeal(ctx.db, moderator(req), req.params.id, req.body.decision, req.body.note);
      return { ok: true };
    },
  );

  r.put(
    '/api/moderation/members/:id/trust',
    {
      schema: {
        response: moderationResponses['PUT /api/moderation/members/:id/trust'],
        tags,
        params: Id,
        body: z.object({ level: z.number().int().min(0).max(4) }),
      },
    },
    async (req) => {
      await setTrustLevel(ctx.db, moderator(req), req.params.id, req.body.level);
      return { ok: true };
    },
  );

  r.get('/api/moderation/rules', { schema: { response: moderationResponses['GET /api/moderation/rules'], tags } }, async (req) => ({
    rules: await listRules(ctx.db, moderator(req)),
  }));
  r.post(
    '/api/moderation/rules',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/rules'],
        tags,
        body: z.object({ ...RuleFields, communityId: z.string().uuid().nullable().default(null), note: z.string().max(300).default('') }),
      },
    },
    async (req, reply) => {
      const rule = await addRule(ctx.db, moderator(req), req.body);
      reply.code(201);
      return { rule };
    },
  );
  r.delete(
    '/api/moderation/rules/:id',
    { schema: { response: moderationResponses['DELETE /api/moderation/rules/:id'], tags, params: Id } },
    async (req) => {
      await removeRule(ctx.db, moderator(req), req.params.id);
      return { ok: true };
    },
  );
  r.post(
    '/api/moderation/rules/test',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/rules/test'],
        tags,
        body: z.object({
          text: z.string().max(20_000),
          communityId: z.string().uuid().nullable().default(null),
          draft: z.object(RuleFields).optional(),
        }),
      },
    },
    async (req) => testText(ctx.db, moderator(req), req.body),
  );

  r.get('/api/moderation/sources', { schema: { response: moderationResponses['GET /api/moderation/sources'], tags } }, async (req) => ({
    sources: await listSources(ctx.db, moderator(req)),
  }));
  r.post(
    '/api/moderation/sources',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/sources'],
        tags,
        body: z.object({
          title: z.string().min(3).max(200),
          url: z.string().url().max(2000),
          publisher: z.string().min(2).max(200),
          summary: z.string().max(2000).default(''),
        }),
      },
    },
    async (req, reply) => {
      const source = await addSource(ctx.db, moderator(req), req.body);
      reply.code(201);
      return { source };
    },
  );
  r.post(
    '/api/moderation/corrections',
    {
      schema: {
        response: moderationResponses['POST /api/moderation/corrections'],
        tags,
        body: z.object({ postId: z.string().uuid(), sourceId: z.string().uuid(), note: z.string().max(500).default('') }),
      },
    },
    async (req, reply) => {
      await linkCorrection(ctx.db, moderator(req), req.body.postId, req.body.sourceId, req.body.note);
      reply.code(201);
      return { ok: true };
    },
  );

  // Known false claims and unreliable domains the organization adds to the misinformation signals.
  r.get(
    '/api/moderation/claims',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            claims: z.array(
              z.object({
                id: z.string(),
                claim: z.string(),
                correction: z.string(),
                url: z.string().nullable(),
                source: z.object({ id: z.string(), title: z.string() }).nullable(),
                addedBy: z.string(),
                createdAt: z.string(),
              }),
            ),
            builtin: z.object({ count: z.number(), threshold: z.number() }),
          }),
        },
      },
    },
    async (req) => listClaims(ctx.db, moderator(req)),
  );
  r.post(
    '/api/moderation/claims',
    {
      schema: {
        tags,
        description: 'A known false claim: posts close to it go to review with its correction shown to the moderator.',
        body: z.object({
          claim: z.string().trim().min(10).max(1000),
          correction: z.string().trim().max(2000).default(''),
          url: z.string().url().max(2000).nullable().default(null),
          sourceId: z.string().uuid().nullable().default(null),
        }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const row = await addClaim(ctx.db, moderator(req), req.body);
      reply.code(201);
      return { id: row.id };
    },
  );
  r.delete('/api/moderation/claims/:id', { schema: { tags, params: Id, response: { 200: Ok } } }, async (req) => {
    await retireClaim(ctx.db, moderator(req), req.params.id);
    return { ok: true as const };
  });
  r.get(
    '/api/moderation/unreliable-domains',
    {
      schema: {
        tags,
        response: { 200: z.object({ domains: z.array(z.object({ domain: z.string(), note: z.string(), createdAt: z.string() })) }) },
      },
    },
    async (req) => ({ domains: await listUnreliableDomains(ctx.db, moderator(req)) }),
  );
  r.post(
    '/api/moderation/unreliable-domains',
    {
      schema: {
        tags,
        description: 'A site posts should not be trusted for: a link to it (or its subdomains) sends the post to review.',
        body: z.object({ domain: z.string().trim().min(3).max(300), note: z.string().max(500).default('') }),
        response: { 201: z.object({ domain: z.string() }) },
      },
    },
    async (req, reply) => {
      const domain = await addUnreliableDomain(ctx.db, moderator(req), req.body);
      reply.code(201);
      return { domain };
    },
  );
  r.delete(
    '/api/moderation/unreliable-domains/:domain',
    { schema: { tags, params: z.object({ domain: z.string().min(3).max(300) }), response: { 200: Ok } } },
    async (req) => {
      await removeUnreliableDomain(ctx.db, moderator(req), req.params.domain.toLowerCase());
      return { ok: true as const };
    },
  );
  r.post(
    '/api/moderation/flags/:id/show-correction',
    { schema: { tags, params: Id, description: 'Show a known claim’s fact-check under the post it flagged.', response: { 201: Ok } } },
    async (req, reply) => {
      await showClaimCorrection(ctx.db, moderator(req), req.params.id);
      reply.code(201);
      return { ok: true as const };
    },
  );
}
