import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { picturesOf } from '../media/index.ts';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import * as messaging from './service.ts';
import { THREAD_KINDS } from '../shared/enums.ts';
import { messagingResponses } from './responses.ts';

const Body = z
  .string()
  .max(10_000, 'must be at most 10000 characters')
  .refine((s) => s.trim().length > 0, 'must not be empty');

export function messagingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['messaging'];

  r.get('/api/contacts', { schema: { response: messagingResponses['GET /api/contacts'], tags } }, async (req) => {
    const actor = requireActor(req);
    return { contacts: (await messaging.listContacts(ctx.db, actor)).map((c) => ({ id: c.id, name: c.display_name, role: c.role })) };
  });

  r.get('/api/threads', { schema: { response: messagingResponses['GET /api/threads'], tags } }, async (req) => {
    const actor = requireActor(req);
    const rows = await messaging.listThreads(ctx.db, actor);
    return {
      threads: rows.map((t) => ({
        id: t.id,
        kind: t.kind,
        subject: t.subject,
        with: t.with_names ?? '',
        lastMessageAt: t.last_message_at.toISOString(),
        unread: !t.last_read_at || t.last_read_at < t.last_message_at,
      })),
    };
  });

  r.post(
    '/api/threads',
    {
      schema: {
        response: messagingResponses['POST /api/threads'],
        tags,
        body: z.object({
          kind: z.enum(THREAD_KINDS),
          participantIds: z.array(z.string().max(64)).min(1).max(20),
          subject: z.string().max(200).default(''),
          body: Body,
          confirmPhi: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const t = await messaging.createThread(ctx.db, actor, req.body);
      reply.code(201);
      return { thread: { id: t.id }, message: t.message };
    },
  );

  r.get(
    '/api/threads/:id',
    { schema: { response: messagingResponses['GET /api/threads/:id'], tags, params: z.object({ id: z.string().max(64) }) } },
    async (req) => {
      const actor = requireActor(req);
      const { thread, participants, messages } = await messaging.getThread(ctx.db, actor, req.params.id);
      const pictures = await picturesOf(
        ctx.db,
        'message',
        messages.map((m) => m.id),
      );
      return {
        thread: { id: thread.id, kind: thread.kind, subject: thread.subject },
        participants: participants.map((p) => ({ id: p.id, name: p.display_name, role: p.role })),
        messages: messages.map((m) => ({
          id: m.id,
          author: { id: m.author_id, name: m.display_name },
          body: m.body,
          redactions: m.redactions,
          mine: m.author_id === actor.userId,
          pictures: pictures.get(m.id) ?? [],
          createdAt: m.created_at.toISOString(),
        })),
      };
    },
  );

  r.post(
    '/api/threads/:id/messages',
    {
      schema: {
        response: messagingResponses['POST /api/threads/:id/messages'],
        tags,
        params: z.object({ id: z.string().max(64) }),
        body: z.object({ body: Body, confirmPhi: z.boolean().default(false), mediaIds: z.array(z.string().uuid()).max(10).default([]) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const m = await messaging.postMessage(ctx.db, actor, req.params.id, req.body);
      reply.code(201);
      return { message: m };
    },
  );
}
