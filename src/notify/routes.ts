import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../shared/errors.ts';
import type { RealtimeHub } from './realtime.ts';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext, hub: RealtimeHub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get('/api/notifications', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    const rows = await ctx.db.selectFrom('notifications').select(['id', 'kind', 'title', 'link', 'created_at', 'read_at']).where('user_id', '=', actor.userId).where('org_id', '=', actor.orgId).orderBy('created_at', 'desc').limit(100).execute();
    return { notifications: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, link: n.link, createdAt: n.created_at.toISOString(), read: n.read_at !== null })), unread: rows.filter((n) => !n.read_at).length };
  });

  r.post('/api/notifications/:id/read', { schema: { tags, params: z.object({ id: z.string().uuid() }) } }, async (req) => {
    const actor = requireActor(req);
    const res = await ctx.db.updateTable('notifications').set({ read_at: new Date() }).where('id', '=', req.params.id).where('user_id', '=', actor.userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('Notification');
    return { ok: true };
  });

  // Server-sent events: live notifications for the signed-in user, from any server process (LISTEN/NOTIFY).
  r.get('/api/events', { schema: { tags, hide: true } }, async (req, reply) => {
    const actor = requireActor(req);
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    reply.raw.write(': connected\n\n');
    const unsubscribe = hub.subscribe(actor.userId, (event) => reply.raw.write(`event: notification\ndata: ${JSON.stringify(event)}\n\n`));
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
}
