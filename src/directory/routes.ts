import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import * as directory from './service.ts';
import { directoryResponses } from './responses.ts';
import type { AttachedPicture } from '../media/index.ts';

const Id = z.object({ id: z.string().max(64) });

export function directoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['directory'];
  const presentProfile = (p: Awaited<ReturnType<typeof directory.listProviders>>[number], photos: Map<string, AttachedPicture>) => ({
    id: p.user_id,
    name: p.display_name,
    specialty: p.specialty,
    npi: p.npi,
    bio: p.bio,
    verified: p.verified_at !== null,
    rating: p.rating,
    reviewCount: p.review_count,
    photo: photos.get(p.user_id) ?? null,
  });

  r.get('/api/providers', { schema: { response: directoryResponses['GET /api/providers'], tags } }, async (req) => {
    const actor = requireActor(req);
    const providers = await directory.listProviders(ctx.db, actor);
    const photos = await directory.providerPhotos(
      ctx.db,
      providers.map((p) => p.user_id),
    );
    return { providers: providers.map((p) => presentProfile(p, photos)) };
  });

  r.get('/api/providers/:id', { schema: { response: directoryResponses['GET /api/providers/:id'], tags, params: Id } }, async (req) => {
    const actor = requireActor(req);
    const { profile, reviews } = await directory.getProvider(ctx.db, actor, req.params.id);
    return {
      provider: presentProfile(profile, await directory.providerPhotos(ctx.db, [profile.user_id])),
      reviews: reviews.map((v) => ({
        id: v.id,
        rating: v.rating,
        body: v.body,
        author: v.author_name,
        mine: v.author_id === actor.userId,
        createdAt: v.created_at.toISOString(),
        reply: v.reply_body ? { body: v.reply_body, by: v.reply_name, at: v.replied_at!.toISOString() } : null,
      })),
    };
  });

  r.put(
    '/api/providers/me',
    {
      schema: {
        response: directoryResponses['PUT /api/providers/me'],
        tags,
        body: z.object({
          specialty: z.string().trim().min(2).max(100),
          npi: z.string().trim().max(10).nullable().default(null),
          bio: z.string().max(2_000).default(''),
          /** A new photo (an uploaded, checked picture); leave out to keep the current one. */
          photoId: z.string().uuid().nullable().default(null),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await directory.upsertProfile(ctx.db, actor, req.body);
      return { ok: true };
    },
  );

  r.put(
    '/api/providers/:id/verified',
    {
      schema: {
        response: directoryResponses['PUT /api/providers/:id/verified'],
        tags,
        params: Id,
        body: z.object({ verified: z.boolean() }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await directory.setVerified(ctx.db, actor, req.params.id, req.body.verified);
      return { ok: true };
    },
  );

  r.post(
    '/api/providers/:id/reviews',
    {
      schema: {
        response: directoryResponses['POST /api/providers/:id/reviews'],
        tags,
        params: Id,
        body: z.object({
          rating: z.number().int().min(1).max(5),
          body: z.string().trim().min(3).max(3_000),
          confirmPhi: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const review = await directory.addReview(ctx.db, actor, req.params.id, req.body);
      reply.code(201);
      return { review: { id: review.id } };
    },
  );

  r.put(
    '/api/reviews/:id/reply',
    {
      schema: {
        response: directoryResponses['PUT /api/reviews/:id/reply'],
        tags,
        params: Id,
        body: z.object({
          body: z.string().trim().min(3).max(3_000),
          confirmPhi: z.boolean().default(false),
          replace: z.boolean().default(false).describe('Replace a reply a colleague published (refused with 409 reply_exists otherwise).'),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await directory.replyToReview(ctx.db, actor, req.params.id, req.body);
      return { ok: true };
    },
  );
}
