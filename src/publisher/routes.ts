import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { addTemplate } from './inbox.ts';
import { z } from 'zod';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { isValidTimeZone } from '../notify/quiet-hours.ts';
import { AppError, badRequest, notFound } from '../shared/errors.ts';
import { analyticsCsv, publisherAnalytics } from './analytics.ts';
import {
  checkChannel,
  connectChannel,
  disconnectChannel,
  listChannels,
  loadChannel,
  presentChannel,
  setChannelActive,
  takeOverChannel,
} from './channels.ts';
import { NETWORKS, REPEAT_PERIODS } from '../shared/enums.ts';
import { listInbox, respond, updateItem } from './inbox.ts';
import { cancelPost, composePost, decidePost, listPosts, MAX_FOLLOW_UPS, publisherSettings, retryTarget, updateDraft } from './posts.ts';
import { nameInput } from '../shared/input.ts';
import { publisherSettingsSchema, readOrgSettings, writeOrgSettings } from '../repositories/index.ts';
import { publisherResponses } from './responses.ts';
import { sandboxTimeline } from './sandbox-timeline.ts';
import { previewPost } from './preview.ts';
import { scheduleFromCsv } from './bulk.ts';
import { countLibraryUse, decideLibraryItem, listLibrary, proposeLibraryItem } from './library.ts';
import { can } from '../access/policy.ts';
import { requestTakedown } from './takedowns.ts';
import { completeOAuth, oauthNetworks, startOAuth } from './oauth-connect.ts';

const Id = z.object({ id: z.string().uuid() });

/** Channels, compose and approvals, the calendar, the unified inbox, templates, analytics and settings. */
/** A post as composed: its words (and thread), where and when it goes, what it relies on. */
const Composition = z.object({
  body: z.string().min(1).max(10_000),
  channelIds: z.array(z.string()).max(20),
  scheduledAt: z.string().datetime({ offset: true }).nullable().default(null),
  campaign: z.string().max(100).nullable().default(null),
  consentId: z.string().nullable().default(null),
  consentIds: z.array(z.string().max(64)).max(20).default([]),
  /**
   * Checked pictures (POST /api/media) to send with the post, each with a description: four at most, the
   * most every network takes in one post (X's limit; Mastodon's default).
   */
  mediaIds: z.array(z.string().uuid()).max(4, 'a post carries at most 4 pictures').default([]),
  confirmPhi: z.boolean().default(false),
  followUps: z.array(z.string().max(10_000)).max(MAX_FOLLOW_UPS).default([]),
  repeat: z
    .object({ every: z.enum(REPEAT_PERIODS), times: z.number().int().min(2).max(53) })
    .nullable()
    .default(null),
  draft: z.boolean().default(false),
});

export function publisherRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['publisher'];

  const callbackUrl = (req: { protocol: string; host: string }) =>
    `${ctx.config.publicUrl ?? `${req.protocol}://${req.host}`}/api/publisher/oauth/callback`;
  r.get(
    '/api/publisher/oauth',
    {
      schema: {
        response: publisherResponses['GET /api/publisher/oauth'],
        tags,
        description: 'Networks this server connects by signing in there.',
      },
    },
    async (req) => {
      requirePermission(req, 'publisher.channels');
      return { networks: oauthNetworks(ctx) };
    },
  );
  r.post(
    '/api/publisher/oauth/:network/start',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/oauth/:network/start'],
        tags,
        description: "Start connecting a network by signing in there (OAuth 2.0 with PKCE); send the browser to the answer's address.",
        params: z.object({ network: z.string().max(40) }),
        body: z.object({ name: nameInput(2, 100), fields: z.record(z.string().max(60), z.string().max(200)).default({}) }),
      },
    },
    async (req) => startOAuth(ctx, requirePermission(req, 'publisher.channels'), req.params.network, req.body, callbackUrl(req)),
  );
  r.get(
    '/api/publisher/oauth/callback',
    {
      schema: {
        hide: true,
        querystring: z.object({
          state: z.string().max(200).optional(),
          code: z.string().max(4000).optional(),
          error: z.string().max(200).optional(),
        }),
      },
    },
    async (req, reply) => {
      // The browser comes back from the network: answer with a page of the app, never a JSON error.
      try {
        const { channel } = await completeOAuth(ctx, requirePermission(req, 'publisher.channels'), req.query);
        return reply.redirect(`/publisher/channels?connected=${encodeURIComponent(channel.name)}`, 302);
      } catch (e) {
        const message = e instanceof AppError ? e.message : 'Connecting the network failed. Start again.';
        return reply.redirect(`/publisher/channels?oauth_error=${encodeURIComponent(message)}`, 302);
      }
    },
  );
  r.delete(
    '/api/publisher/channels/:id',
    {
      schema: {
        response: publisherResponses['DELETE /api/publisher/channels/:id'],
        tags,
        description: 'Disconnect a channel: its tokens are revoked at the network where it allows it, and erased here.',
        params: Id,
      },
    },
    async (req) => {
      await disconnectChannel(ctx, requirePermission(req, 'publisher.channels'), req.params.id);
      return { ok: true };
    },
  );
  r.get(
    '/api/publisher/sandbox',
    {
      schema: {
        response: publisherResponses['GET /api/publisher/sandbox'],
        tags,
        description: 'The built-in Sandbox network as its public would see it (a practice timeline with simulated replies).',
      },
    },
    async (req) => sandboxTimeline(ctx.db, requirePermission(req, 'publisher.analytics')),
  );
  r.get('/api/publisher/channels', { schema: { response: publisherResponses['GET /api/publisher/channels'], tags } }, async (req) => ({
    channels: await listChannels(ctx.db, requirePermission(req, 'publisher.analytics')),
  }));
  r.post(
    '/api/publisher/channels',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/channels'],
        tags,
        body: z.object({
          network: z.enum(NETWORKS),
          name: nameInput(2, 100),
          /** The network's server (not for the built-in sandbox). */
          baseUrl: z.string().url().max(500).optional(),
          credentials: z.record(z.string().max(100), z.string().max(4000)).default({}),
        }),
      },
    },
    async (req, reply) => {
      const channel = await connectChannel(ctx, requirePermission(req, 'publisher.channels'), req.body);
      reply.code(201);
      return { channel };
    },
  );
  r.post(
    '/api/publisher/channels/:id/check',
    { schema: { response: publisherResponses['POST /api/publisher/channels/:id/check'], tags, params: Id } },
    async (req) => {
      const actor = requirePermission(req, 'publisher.channels');
      const problem = await checkChannel(ctx, await loadChannel(ctx.db, actor.orgId, req.params.id));
      return { ok: problem === null, problem, channel: presentChannel(await loadChannel(ctx.db, actor.orgId, req.params.id)) };
    },
  );
  r.post(
    '/api/publisher/channels/:id/take-over',
    { schema: { response: publisherResponses['POST /api/publisher/channels/:id/take-over'], tags, params: Id } },
    async (req) => {
      await takeOverChannel(ctx.db, requirePermission(req, 'publisher.channels'), req.params.id);
      return { ok: true };
    },
  );
  r.put(
    '/api/publisher/channels/:id/active',
    {
      schema: {
        response: publisherResponses['PUT /api/publisher/channels/:id/active'],
        tags,
        params: Id,
        body: z.object({ active: z.boolean() }),
      },
    },
    async (req) => {
      await setChannelActive(ctx, requirePermission(req, 'publisher.channels'), req.params.id, req.body.active);
      return { ok: true };
    },
  );

  r.get(
    '/api/publisher/posts',
    {
      schema: {
        response: publisherResponses['GET /api/publisher/posts'],
        tags,
        querystring: z.object({
          status: z.string().max(30).optional(),
          from: z.string().datetime().optional(),
          to: z.string().datetime().optional(),
        }),
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'publisher.analytics');
      return {
        posts: await listPosts(ctx.db, actor, {
          status: req.query.status,
          from: req.query.from ? new Date(req.query.from) : undefined,
          to: req.query.to ? new Date(req.query.to) : undefined,
        }),
      };
    },
  );
  r.post(
    '/api/publisher/posts',
    { schema: { response: publisherResponses['POST /api/publisher/posts'], tags, body: Composition } },
    async (req, reply) => {
      const post = await composePost(ctx.db, requirePermission(req, 'publisher.compose'), req.body, { publicUrl: ctx.config.publicUrl });
      reply.code(201);
      return { post: { id: post.id, status: post.status, approvalsRequired: post.approvals_required } };
    },
  );
  r.get(
    '/api/publisher/library',
    {
      schema: {
        response: publisherResponses['GET /api/publisher/library'],
        tags,
        querystring: z.object({ q: z.string().max(200).optional(), all: z.enum(['true', 'false']).optional() }),
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'publisher.library');
      // Proposals and retired items are shown to those who decide on them, and to everyone who asks for all.
      const all = req.query.all === 'true' || can(actor, 'publisher.approve');
      return { items: await listLibrary(ctx.db, actor, { all, q: req.query.q }), canDecide: can(actor, 'publisher.approve') };
    },
  );
  r.post(
    '/api/publisher/library',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/library'],
        tags,
        body: z.object({
          title: z.string().min(1).max(120),
          body: z.string().min(1).max(10_000),
          tags: z.array(z.string().max(40)).max(10).default([]),
          confirmPhi: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const item = await proposeLibraryItem(ctx.db, requirePermission(req, 'publisher.compose'), req.body);
      reply.code(201);
      return { item: { id: item.id, status: item.status } };
    },
  );
  r.post(
    '/api/publisher/library/:id/decision',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/library/:id/decision'],
        tags,
        params: Id,
        body: z.object({ decision: z.enum(['approve', 'retire']) }),
      },
    },
    async (req) => decideLibraryItem(ctx.db, requirePermission(req, 'publisher.approve'), req.params.id, req.body.decision),
  );
  r.post(
    '/api/publisher/library/:id/use',
    { schema: { response: publisherResponses['POST /api/publisher/library/:id/use'], tags, params: Id } },
    async (req) => {
      await countLibraryUse(ctx.db, requirePermission(req, 'publisher.compose'), req.params.id);
      return { ok: true };
    },
  );
  r.post(
    '/api/publisher/bulk',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        response: publisherResponses['POST /api/publisher/bulk'],
        tags,
        body: z.object({ csv: z.string().min(1).max(1_000_000), dryRun: z.boolean().default(false) }),
      },
    },
    async (req) => scheduleFromCsv(ctx.db, requirePermission(req, 'publisher.compose'), req.body.csv, { dryRun: req.body.dryRun }),
  );
  r.post(
    '/api/publisher/preview',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/preview'],
        tags,
        body: z.object({
          body: z.string().max(10_000),
          followUps: z.array(z.string().max(10_000)).max(MAX_FOLLOW_UPS).default([]),
          channelIds: z.array(z.string()).max(20),
          campaign: z.string().max(100).nullable().default(null),
        }),
      },
    },
    async (req) => ({ channels: await previewPost(ctx.db, requirePermission(req, 'publisher.compose'), req.body) }),
  );
  r.put(
    '/api/publisher/posts/:id',
    { schema: { response: publisherResponses['PUT /api/publisher/posts/:id'], tags, params: Id, body: Composition } },
    async (req) => {
      const post = await updateDraft(ctx.db, requirePermission(req, 'publisher.compose'), req.params.id, req.body, {
        publicUrl: ctx.config.publicUrl,
      });
      return { post: { id: post.id, status: post.status, approvalsRequired: post.approvals_required } };
    },
  );
  r.post(
    '/api/publisher/posts/:id/decision',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/posts/:id/decision'],
        tags,
        params: Id,
        body: z.object({ decision: z.enum(['approve', 'reject']), note: z.string().max(1000).default('') }),
      },
    },
    async (req) => decidePost(ctx.db, requirePermission(req, 'publisher.approve'), req.params.id, req.body.decision, req.body.note),
  );
  r.post(
    '/api/publisher/posts/:id/cancel',
    { schema: { response: publisherResponses['POST /api/publisher/posts/:id/cancel'], tags, params: Id } },
    async (req) => {
      await cancelPost(ctx.db, requirePermission(req, 'publisher.compose'), req.params.id);
      return { ok: true };
    },
  );
  r.post(
    '/api/publisher/targets/:id/takedown',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/targets/:id/takedown'],
        tags,
        description: 'Take a published post down from its network, with the reason (archived with the post).',
        params: Id,
        body: z.object({ reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500) }),
      },
    },
    async (req, reply) => {
      await requestTakedown(ctx.db, requirePermission(req, 'publisher.approve'), req.params.id, req.body.reason);
      reply.code(202);
      return { ok: true };
    },
  );
  r.post(
    '/api/publisher/targets/:id/retry',
    { schema: { response: publisherResponses['POST /api/publisher/targets/:id/retry'], tags, params: Id } },
    async (req) => {
      await retryTarget(ctx.db, requirePermission(req, 'publisher.compose'), req.params.id);
      return { ok: true };
    },
  );

  r.get(
    '/api/publisher/inbox',
    {
      schema: {
        response: publisherResponses['GET /api/publisher/inbox'],
        tags,
        querystring: z.object({
          status: z.enum(['open', 'responded', 'closed', 'all']).default('open'),
          mine: z.coerce.boolean().default(false),
        }),
      },
    },
    async (req) => ({ items: await listInbox(ctx.db, requirePermission(req, 'publisher.inbox'), req.query) }),
  );
  r.patch(
    '/api/publisher/inbox/:id',
    {
      schema: {
        response: publisherResponses['PATCH /api/publisher/inbox/:id'],
        tags,
        params: Id,
        body: z.object({
          assigneeId: z.string().nullable().optional(),
          tags: z.array(z.string().max(40)).max(20).optional(),
          status: z.enum(['open', 'closed']).optional(),
        }),
      },
    },
    async (req) => {
      await updateItem(ctx.db, requirePermission(req, 'publisher.inbox'), req.params.id, req.body);
      return { ok: true };
    },
  );
  r.post(
    '/api/publisher/inbox/:id/responses',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/inbox/:id/responses'],
        tags,
        params: Id,
        body: z.object({ body: z.string().min(1).max(10_000), confirmPhi: z.boolean().default(false) }),
      },
    },
    async (req, reply) => {
      const response = await respond(ctx.db, requirePermission(req, 'publisher.inbox'), req.params.id, req.body);
      reply.code(201);
      return { response };
    },
  );

  r.get('/api/publisher/templates', { schema: { response: publisherResponses['GET /api/publisher/templates'], tags } }, async (req) => {
    const actor = requirePermission(req, 'publisher.inbox');
    return {
      templates: await ctx.db
        .selectFrom('response_templates')
        .select(['id', 'name', 'body'])
        .where('org_id', '=', actor.orgId)
        .orderBy('name')
        .execute(),
    };
  });
  r.post(
    '/api/publisher/templates',
    {
      schema: {
        response: publisherResponses['POST /api/publisher/templates'],
        tags,
        body: z.object({ name: nameInput(2, 100), body: z.string().min(2).max(5000) }),
      },
    },
    async (req, reply) => {
      const t = await addTemplate(ctx.db, requirePermission(req, 'publisher.inbox'), req.body);
      reply.code(201);
      return { template: t };
    },
  );
  r.delete(
    '/api/publisher/templates/:id',
    { schema: { response: publisherResponses['DELETE /api/publisher/templates/:id'], tags, params: Id } },
    async (req) => {
      const actor = requirePermission(req, 'publisher.inbox');
      const gone = await ctx.db
        .deleteFrom('response_templates')
        .where('id', '=', req.params.id)
        .where('org_id', '=', actor.orgId)
        .returning('id')
        .executeTakeFirst();
      if (!gone) throw notFound('Template');
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'inbox.template_remove',
        targetType: 'response_template',
        targetId: req.params.id,
        ip: actor.ip,
      });
      return { ok: true };
    },
  );

  r.get(
    '/api/publisher/analytics',
    {
      schema: {
        response: publisherResponses['GET /api/publisher/analytics'],
        tags,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
      },
    },
    async (req) => publisherAnalytics(ctx.replica, requirePermission(req, 'publisher.analytics'), req.query.days),
  );
  r.get(
    '/api/publisher/analytics.csv',
    {
      schema: {
        response: publisherResponses['GET /api/publisher/analytics.csv'],
        tags,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'publisher.analytics');
      const data = await publisherAnalytics(ctx.replica, actor, req.query.days);
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'publisher.analytics_export',
        targetType: 'organization',
        targetId: actor.orgId,
        ip: actor.ip,
        detail: { days: req.query.days },
      });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="harborline-publisher-${req.query.days}d.csv"`);
      return analyticsCsv(data);
    },
  );

  r.get('/api/publisher/settings', { schema: { response: publisherResponses['GET /api/publisher/settings'], tags } }, async (req) => {
    const actor = requirePermission(req, 'publisher.analytics');
    return { settings: publisherSettings(await readOrgSettings(ctx.db, actor.orgId)) };
  });
  r.put(
    '/api/publisher/settings',
    {
      schema: { response: publisherResponses['PUT /api/publisher/settings'], tags, body: publisherSettingsSchema },
    },
    async (req) => {
      const actor = requirePermission(req, 'publisher.channels');
      if (req.body.calendar && !isValidTimeZone(req.body.calendar.timeZone))
        throw badRequest(`Unknown time zone "${req.body.calendar.timeZone}".`);
      if (req.body.calendar && req.body.calendar.close <= req.body.calendar.open)
        throw badRequest('Closing time must be after opening time.');
      await ctx.db.transaction().execute(async (tx) => {
        await writeOrgSettings(tx, actor.orgId, { publisher: req.body });
        await recordAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'publisher.settings',
          targetType: 'organization',
          targetId: actor.orgId,
          ip: actor.ip,
          detail: req.body,
        });
      });
      return { ok: true };
    },
  );
}
