import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateOnly } from '../shared/dates.ts';
import { can, type Actor } from '../access/policy.ts';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { composePost } from '../publisher/posts.ts';
import { fundraisingResponses } from './responses.ts';
import * as fundraising from './service.ts';

const tags = ['fundraising'];
const Id = z.object({ id: z.string().max(64) });
type CampaignRow = Awaited<ReturnType<typeof fundraising.campaignOf>>;

/** Fundraising campaigns: a page with goal, progress and updates, pledges, a donate link, and announcements. */
export function fundraisingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const present = async (actor: Actor, rows: CampaignRow[]) => {
    const progress = await fundraising.progressOf(
      ctx.db,
      rows.map((c) => c.id),
    );
    const updates = rows.length
      ? await ctx.db
          .selectFrom('campaign_updates')
          .select(['id', 'campaign_id', 'body', 'created_at'])
          .where(
            'campaign_id',
            'in',
            rows.map((c) => c.id),
          )
          .orderBy('created_at', 'desc')
          .execute()
      : [];
    return rows.map((c) => ({
      id: c.id,
      title: c.title,
      story: c.story,
      goalCents: Number(c.goal_cents),
      currency: c.currency,
      donateUrl: c.donate_url,
      endsOn: dateOnly(c.ends_on),
      status: c.status,
      ...progress.get(c.id)!,
      updates: updates
        .filter((u) => u.campaign_id === c.id)
        .map((u) => ({ id: u.id, body: u.body, createdAt: u.created_at.toISOString() })),
      canManage: can(actor, 'fundraising.manage'),
    }));
  };
  const one = async (actor: Actor, id: string) => (await present(actor, [await fundraising.campaignOf(ctx.db, actor, id)]))[0];

  r.get('/api/campaigns', { schema: { response: fundraisingResponses['GET /api/campaigns'], tags } }, async (req) => {
    const actor = requireActor(req);
    const rows = await ctx.db
      .selectFrom('campaigns')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .orderBy('status')
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    return { campaigns: await present(actor, rows) };
  });
  r.post(
    '/api/campaigns',
    {
      schema: {
        response: fundraisingResponses['POST /api/campaigns'],
        tags,
        description:
          "Start a campaign: a goal (in cents), its story (public text, through the guard) and the organization's donation page.",
        body: z.object({
          title: z.string().trim().min(3).max(200),
          story: z.string().trim().min(10).max(10_000),
          goalCents: z.number().int(),
          donateUrl: z.string().max(500),
          endsOn: z.string().max(10).nullable().default(null),
          confirmPhi: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await fundraising.createCampaign(ctx.db, actor, req.body);
      return reply.code(201).send({ campaign: await one(actor, c.id) });
    },
  );
  r.get('/api/campaigns/:id', { schema: { response: fundraisingResponses['GET /api/campaigns/:id'], tags, params: Id } }, async (req) => ({
    campaign: await one(requireActor(req), req.params.id),
  }));
  r.post(
    '/api/campaigns/:id/updates',
    {
      schema: {
        response: fundraisingResponses['POST /api/campaigns/:id/updates'],
        tags,
        params: Id,
        body: z.object({ body: z.string().trim().min(2).max(5000), confirmPhi: z.boolean().default(false) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await fundraising.addUpdate(ctx.db, actor, req.params.id, req.body);
      return reply.code(201).send({ campaign: await one(actor, req.params.id) });
    },
  );
  r.post(
    '/api/campaigns/:id/pledges',
    {
      schema: {
        response: fundraisingResponses['POST /api/campaigns/:id/pledges'],
        tags,
        description:
          'Pledge for yourself, or (fundraising staff) record a gift made on the donation platform with the donor’s name; public thanks only with consent.',
        params: Id,
        body: z.object({
          amountCents: z.number().int(),
          thankPublicly: z.boolean().default(false),
          donorName: z.string().max(200).nullable().default(null),
          consentId: z.string().max(64).nullable().default(null),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await fundraising.pledge(ctx.db, actor, req.params.id, req.body);
      return reply.code(201).send({ campaign: await one(actor, req.params.id) });
    },
  );
  r.get(
    '/api/campaigns/:id/pledges.csv',
    { schema: { response: fundraisingResponses['GET /api/campaigns/:id/pledges.csv'], tags, params: Id } },
    async (req, reply) => {
      const csv = await fundraising.pledgesCsv(ctx.db, requireActor(req), req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="pledges.csv"')
        .send(csv);
    },
  );
  r.post(
    '/api/campaigns/:id/close',
    { schema: { response: fundraisingResponses['POST /api/campaigns/:id/close'], tags, params: Id } },
    async (req) => {
      await fundraising.closeCampaign(ctx.db, requireActor(req), req.params.id);
      return { ok: true };
    },
  );
  r.post(
    '/api/campaigns/:id/announce',
    {
      schema: {
        response: fundraisingResponses['POST /api/campaigns/:id/announce'],
        tags,
        description:
          'A publisher post for the campaign (its donate link tracked per channel when link tracking is on), waiting for approval.',
        params: Id,
        body: z.object({ channelIds: z.array(z.string().uuid()).min(1).max(20) }),
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'publisher.compose');
      const c = await one(actor, req.params.id);
      const progress = `${Math.round((c.raisedCents / c.goalCents) * 100)}% of our goal`;
      const post = await composePost(
        ctx.db,
        actor,
        {
          body: `${c.title}: ${progress}. Give here: ${c.donateUrl}`,
          channelIds: req.body.channelIds,
          campaign: `fundraising-${c.id.slice(0, 8)}`,
          scheduledAt: null,
          consentId: null,
          confirmPhi: false,
        },
        { publicUrl: ctx.config.publicUrl },
      );
      return reply.code(201).send({ postId: post.id });
    },
  );
}
