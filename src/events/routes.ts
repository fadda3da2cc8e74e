import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, type Actor } from '../access/policy.ts';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { communityAccess } from '../community/index.ts';
import { composePost } from '../publisher/posts.ts';
import { notFound } from '../shared/errors.ts';
import { FileDownload } from '../shared/responses.ts';
import { calendar, type CalendarEvent } from './ics.ts';
import { eventResponses } from './responses.ts';
import * as events from './service.ts';

const tags = ['events'];
const Id = z.object({ id: z.string().max(64) });
const FEED = 'calendar-feed';

type EventRow = Awaited<ReturnType<typeof events.visibleEvent>>['event'];

/** Events in communities: dates in their own time zone, places or links, RSVPs with a waitlist, reminders, calendar files. */
export function eventRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = (host: string) => ctx.config.publicUrl ?? `http://${host}`;

  const present = async (actor: Actor, rows: EventRow[]) => {
    const counts = await events.eventCounts(
      ctx.db,
      actor,
      rows.map((e) => e.id),
    );
    const roles = new Map<string, string | null>();
    for (const e of rows)
      if (!roles.has(e.community_id)) roles.set(e.community_id, (await communityAccess(ctx.db, actor, e.community_id)).memberRole);
    return rows.map((e) => {
      const c = counts.get(e.id)!;
      return {
        id: e.id,
        communityId: e.community_id,
        title: e.title,
        description: e.description,
        startsAt: e.starts_at.toISOString(),
        endsAt: e.ends_at.toISOString(),
        timeZone: e.time_zone,
        place: e.place,
        onlineUrl: e.online_url,
        capacity: e.capacity,
        status: e.status,
        going: c.going,
        waitlist: c.waitlist,
        attended: c.attended,
        mine: c.mine,
        waitlistPosition: c.position,
        canOrganize: can(actor, 'post.publish_announcement') || roles.get(e.community_id) === 'moderator',
      };
    });
  };
  const one = async (actor: Actor, id: string) => (await present(actor, [(await events.visibleEvent(ctx.db, actor, id)).event]))[0];
  const asCalendar = (e: EventRow, host: string): CalendarEvent => ({
    id: e.id,
    title: e.title,
    description: e.description,
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    place: e.place,
    onlineUrl: e.online_url,
    url: `${base(host)}/events/${e.id}`,
    cancelled: e.status === 'cancelled',
    updatedAt: e.updated_at,
  });
  const sendCalendar = (reply: { header(k: string, v: string): unknown; send(b: string): unknown }, file: string, body: string) => {
    reply.header('content-type', 'text/calendar; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${file}"`);
    return reply.send(body);
  };

  r.post(
    '/api/communities/:id/events',
    {
      schema: {
        response: eventResponses['POST /api/communities/:id/events'],
        tags,
        description: 'Plan an event in a community (communications staff and its moderators); its words pass the guard for the community.',
        params: Id,
        body: z.object({
          title: z.string().trim().min(3).max(200),
          description: z.string().max(5000).default(''),
          startsAt: z.string().max(40),
          endsAt: z.string().max(40),
          timeZone: z.string().max(64),
          place: z.string().max(300).nullable().default(null),
          onlineUrl: z.string().max(500).nullable().default(null),
          capacity: z.number().int().nullable().default(null),
          confirmPhi: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const e = await events.createEvent(ctx.db, actor, req.params.id, req.body);
      return reply.code(201).send({ event: await one(actor, e.id) });
    },
  );
  r.get(
    '/api/communities/:id/events',
    { schema: { response: eventResponses['GET /api/communities/:id/events'], tags, params: Id } },
    async (req) => {
      const actor = requireActor(req);
      return { events: await present(actor, await events.listEvents(ctx.db, actor, req.params.id)) };
    },
  );
  r.get('/api/events/:id', { schema: { response: eventResponses['GET /api/events/:id'], tags, params: Id } }, async (req) => ({
    event: await one(requireActor(req), req.params.id),
  }));
  r.post(
    '/api/events/:id/rsvp',
    {
      schema: {
        response: eventResponses['POST /api/events/:id/rsvp'],
        tags,
        description: 'Reply "going": a place, or a place on the waitlist when it is full.',
        params: Id,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await events.rsvp(ctx.db, actor, req.params.id);
      return reply.code(201).send({ event: await one(actor, req.params.id) });
    },
  );
  r.delete(
    '/api/events/:id/rsvp',
    { schema: { response: eventResponses['DELETE /api/events/:id/rsvp'], tags, params: Id } },
    async (req) => {
      const actor = requireActor(req);
      await events.cancelRsvp(ctx.db, actor, req.params.id);
      return { event: await one(actor, req.params.id) };
    },
  );
  r.get(
    '/api/events/:id/attendees',
    { schema: { response: eventResponses['GET /api/events/:id/attendees'], tags, params: Id } },
    async (req) => {
      const actor = requireActor(req);
      const { event, community } = await events.visibleEvent(ctx.db, actor, req.params.id);
      if (!(can(actor, 'post.publish_announcement') || community.memberRole === 'moderator')) throw notFound('Event');
      const rows = await ctx.db
        .selectFrom('event_rsvps as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['u.id', 'u.display_name', 'r.status', 'r.attended'])
        .where('r.event_id', '=', event.id)
        .orderBy('r.status')
        .orderBy('r.created_at')
        .execute();
      return { attendees: rows.map((a) => ({ id: a.id, name: a.display_name, status: a.status, attended: a.attended })) };
    },
  );
  r.put(
    '/api/events/:id/attendance',
    {
      schema: {
        response: eventResponses['PUT /api/events/:id/attendance'],
        tags,
        params: Id,
        body: z.object({ userId: z.string().uuid(), attended: z.boolean() }),
      },
    },
    async (req) => {
      await events.markAttendance(ctx.db, requireActor(req), req.params.id, req.body.userId, req.body.attended);
      return { ok: true };
    },
  );
  r.post(
    '/api/events/:id/cancel',
    { schema: { response: eventResponses['POST /api/events/:id/cancel'], tags, params: Id } },
    async (req) => {
      await events.cancelEvent(ctx.db, requireActor(req), req.params.id);
      return { ok: true };
    },
  );
  r.post(
    '/api/events/:id/announce',
    {
      schema: {
        response: eventResponses['POST /api/events/:id/announce'],
        tags,
        description: 'Announce the event on the organization’s public channels: a publisher post (with its link) that waits for approval.',
        params: Id,
        body: z.object({ channelIds: z.array(z.string().uuid()).min(1).max(20) }),
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'publisher.compose');
      const { event } = await events.visibleEvent(ctx.db, actor, req.params.id);
      const when = event.starts_at.toLocaleString('en-US', { timeZone: event.time_zone, dateStyle: 'full', timeStyle: 'short' });
      const where = [event.place, event.online_url].filter(Boolean).join(' / ');
      const post = await composePost(
        ctx.db,
        actor,
        {
          body: `${event.title}\n${when}${where ? ` — ${where}` : ''}\n${base(req.host)}/events/${event.id}`,
          channelIds: req.body.channelIds,
          campaign: `event-${event.id.slice(0, 8)}`,
          scheduledAt: null,
          consentId: null,
          confirmPhi: false,
        },
        { publicUrl: ctx.config.publicUrl },
      );
      return reply.code(201).send({ postId: post.id });
    },
  );
  r.get('/api/events/:id/ics', { schema: { response: { 200: FileDownload }, tags, params: Id } }, async (req, reply) => {
    const { event } = await events.visibleEvent(ctx.db, requireActor(req), req.params.id);
    return sendCalendar(reply, 'event.ics', calendar(event.title, [asCalendar(event, req.host)], new URL(base(req.host)).host));
  });
  r.get(
    '/api/communities/:id/calendar',
    { schema: { response: eventResponses['GET /api/communities/:id/calendar'], tags, params: Id } },
    async (req) => {
      const actor = requireActor(req);
      const c = await communityAccess(ctx.db, actor, req.params.id);
      if (!c.canRead) throw notFound('Community');
      const data = `${actor.userId}.${c.id}`;
      return { feedUrl: `${base(req.host)}/api/calendar/${data}.${ctx.secrets.sign(FEED, data)}.ics` };
    },
  );
  // A personal calendar feed (calendar apps send no cookie): signed for one person and one community, and
  // checked again on every fetch, so leaving the community or losing access ends it.
  r.get(
    '/api/calendar/:token',
    {
      schema: {
        response: { 200: FileDownload },
        tags,
        params: z.object({ token: z.string().max(200) }),
        description: "A person's calendar feed of a community's events (the link is the key).",
      },
    },
    async (req, reply) => {
      const m = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.([\w-]{43})\.ics$/.exec(req.params.token);
      if (!m || !ctx.secrets.verify(FEED, `${m[1]}.${m[2]}`, m[3])) throw notFound('Calendar');
      const member = await ctx.db
        .selectFrom('memberships as ms')
        .innerJoin('users as u', 'u.id', 'ms.user_id')
        .innerJoin('communities as c', 'c.org_id', 'ms.org_id')
        .select(['ms.org_id', 'ms.role', 'u.display_name', 'c.name'])
        .where('ms.user_id', '=', m[1])
        .where('c.id', '=', m[2])
        .where('u.disabled_at', 'is', null)
        .where('ms.deactivated_at', 'is', null)
        .executeTakeFirst();
      if (!member) throw notFound('Calendar');
      const actor: Actor = {
        userId: m[1],
        orgId: member.org_id,
        role: member.role,
        displayName: member.display_name,
        sessionId: 'calendar-feed',
        ip: req.ip ?? null,
      };
      const rows = await events.listEvents(ctx.db, actor, m[2]).catch(() => {
        throw notFound('Calendar');
      });
      return sendCalendar(
        reply,
        'events.ics',
        calendar(
          member.name,
          rows.map((e) => asCalendar(e, req.host)),
          new URL(base(req.host)).host,
        ),
      );
    },
  );
}
