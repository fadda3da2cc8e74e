import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { recordAuditNow } from '../audit/audit-log.ts';
import type { NotificationPrefs } from '../db/schema.ts';
import { isValidTimeZone } from './quiet-hours.ts';
import type { RealtimeHub } from './realtime.ts';
import { NOTIFICATION_BATCHES } from '../shared/enums.ts';
import { notifyResponses } from './responses.ts';
import { notificationPrefsOf, setNotificationPrefs } from '../repositories/index.ts';
import * as push from './web-push.ts';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext, hub: RealtimeHub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  // Open event streams never end by themselves: a stopping server ends them so it can close (browsers reconnect).
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });

  r.get(
    '/api/push/key',
    {
      schema: {
        response: notifyResponses['GET /api/push/key'],
        tags,
        description: "The server's VAPID public key (for PushManager.subscribe) and how many devices this person turned on.",
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return { publicKey: await push.vapidPublicKey(ctx), devices: await push.hasSubscriptions(ctx.db, actor.userId) };
    },
  );
  const PushSubscription = z.object({
    endpoint: z.string().url('must be the push service address the browser gave').max(2_000),
    keys: z.object({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
  });
  r.post(
    '/api/push/subscriptions',
    { schema: { response: notifyResponses['POST /api/push/subscriptions'], tags, body: PushSubscription } },
    async (req, reply) => {
      const actor = requireActor(req);
      await push.subscribe(ctx, actor, req.body);
      reply.code(201);
      return { ok: true };
    },
  );
  r.post(
    '/api/push/subscriptions/remove',
    {
      schema: {
        response: notifyResponses['POST /api/push/subscriptions/remove'],
        tags,
        body: PushSubscription.pick({ endpoint: true }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!(await push.unsubscribe(ctx.db, actor.userId, req.body.endpoint))) throw notFound('Subscription');
      return { ok: true };
    },
  );

  r.get('/api/notifications', { schema: { response: notifyResponses['GET /api/notifications'], tags } }, async (req) => {
    const actor = requireActor(req);
    const rows = await ctx.db
      .selectFrom('notifications')
      .select(['id', 'kind', 'title', 'link', 'created_at', 'read_at'])
      .where('user_id', '=', actor.userId)
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    return {
      notifications: rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        link: n.link,
        createdAt: n.created_at.toISOString(),
        read: n.read_at !== null,
      })),
      unread: rows.filter((n) => !n.read_at).length,
    };
  });

  r.get(
    '/api/notifications/preferences',
    { schema: { response: notifyResponses['GET /api/notifications/preferences'], tags } },
    async (req) => {
      const actor = requireActor(req);
      const prefs = await notificationPrefsOf(ctx.db, actor.userId);
      return { preferences: { quietStart: null, quietEnd: null, timeZone: 'UTC', batch: 'instant' as const, ...prefs } };
    },
  );

  const Hour = z.number().int().min(0).max(23).nullable();
  r.put(
    '/api/notifications/preferences',
    {
      schema: {
        response: notifyResponses['PUT /api/notifications/preferences'],
        tags,
        body: z.object({
          quietStart: Hour,
          quietEnd: Hour,
          timeZone: z.string().max(64).default('UTC'),
          batch: z.enum(NOTIFICATION_BATCHES).default('instant'),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      if (!isValidTimeZone(b.timeZone)) throw badRequest(`Unknown time zone "${b.timeZone}". Use an IANA name such as Europe/London.`);
      if ((b.quietStart === null) !== (b.quietEnd === null))
        throw badRequest('Give both the start and the end of quiet hours, or neither.');
      const prefs: NotificationPrefs = {
        timeZone: b.timeZone,
        batch: b.batch,
        ...(b.quietStart !== null ? { quietStart: b.quietStart, quietEnd: b.quietEnd! } : {}),
      };
      await setNotificationPrefs(ctx.db, actor.userId, prefs);
      await recordAuditNow(ctx.db, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'notifications.preferences',
        targetType: 'user',
        targetId: actor.userId,
        ip: actor.ip,
        detail: { ...prefs },
      });
      return { preferences: { quietStart: null, quietEnd: null, timeZone: 'UTC', batch: 'instant' as const, ...prefs } };
    },
  );

  r.post(
    '/api/notifications/:id/read',
    { schema: { response: notifyResponses['POST /api/notifications/:id/read'], tags, params: z.object({ id: z.string().uuid() }) } },
    async (req) => {
      const actor = requireActor(req);
      const res = await ctx.db
        .updateTable('notifications')
        .set({ read_at: new Date() })
        .where('id', '=', req.params.id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw notFound('Notification');
      return { ok: true };
    },
  );

  // Server-sent events: live notifications for the signed-in user, from any server process (LISTEN/NOTIFY).
  r.get('/api/events', { schema: { response: notifyResponses['GET /api/events'], tags, hide: true } }, async (req, reply) => {
    const actor = requireActor(req);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.write(': connected\n\n');
    streams.add(reply.raw);
    const unsubscribe = hub.subscribe(actor.userId, (event) => reply.raw.write(`event: notification\ndata: ${JSON.stringify(event)}\n\n`));
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 25_000);
    keepAlive.unref();
    const end = () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(reply.raw);
    };
    // The client may already be gone (it can leave while the session is being looked up, before this
    // listener exists); then 'close' has fired and would never fire again.
    if (reply.raw.destroyed || req.raw.socket?.destroyed) end();
    else reply.raw.on('close', end);
  });
}
