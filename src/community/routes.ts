import type { FastifyInstance } from 'fastify';
import { correctionsFor } from '../moderation/library.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { presentComment, presentCommunity, presentPost } from './presenters.ts';
import * as community from './service.ts';
import { nameInput } from '../shared/input.ts';
import { COMMUNITY_VISIBILITIES, POST_KINDS, POST_VISIBILITIES, REACTIONS } from '../shared/enums.ts';
import { communityResponses } from './responses.ts';
import { picturesOf } from '../media/index.ts';
import { mentionCandidates } from './mentions.ts';

/** Posts are capped well below the body limit; the composer shows the same number. */
export const MAX_POST_CHARS = 20_000;
const Id = z.object({ id: z.string().max(64) });
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const PostBody = z.object({
  title: text(200).default(''),
  body: text(MAX_POST_CHARS).refine((s) => s.trim().length > 0, 'must not be empty'),
  kind: z.enum(POST_KINDS).default('post'),
  visibility: z.enum(POST_VISIBILITIES).default('members'),
  contentWarning: text(200).nullable().default(null),
  anonymous: z.boolean().default(false),
  consentId: z.string().max(64).nullable().default(null),
  consentIds: z.array(z.string().max(64)).max(20).default([]),
  confirmPhi: z.boolean().default(false),
  questionTo: z.string().max(64).nullable().default(null),
  mediaIds: z.array(z.string().uuid()).max(10).default([]),
});
const EditBody = PostBody.pick({ title: true, body: true, contentWarning: true, consentId: true, consentIds: true, confirmPhi: true });
const CommentBody = z.object({
  body: text(5_000).refine((s) => s.trim().length > 0, 'must not be empty'),
  parentId: z.string().max(64).nullable().default(null),
  anonymous: z.boolean().default(false),
  markAnswer: z.boolean().default(false),
  consentId: z.string().max(64).nullable().default(null),
  consentIds: z.array(z.string().max(64)).max(20).default([]),
  confirmPhi: z.boolean().default(false),
  mediaIds: z.array(z.string().uuid()).max(10).default([]),
});

export function communityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['community'];

  r.get('/api/communities', { schema: { response: communityResponses['GET /api/communities'], tags } }, async (req) => {
    const actor = requireActor(req);
    return { communities: (await community.listCommunities(ctx.db, actor)).map(presentCommunity) };
  });

  r.post(
    '/api/communities',
    {
      schema: {
        response: communityResponses['POST /api/communities'],
        tags,
        body: z.object({
          name: text(100).min(2),
          slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,48}$/, 'must be 2-49 lowercase letters, digits or dashes'),
          description: text(2_000).default(''),
          visibility: z.enum(COMMUNITY_VISIBILITIES),
          // Where its members live (county, city or health region), for public-health signals by region.
          region: text(80).nullable().default(null),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await community.createCommunity(ctx.db, actor, req.body);
      reply.code(201);
      return { community: { id: c.id, slug: c.slug, name: c.name } };
    },
  );

  r.get('/api/communities/:id', { schema: { response: communityResponses['GET /api/communities/:id'], tags, params: Id } }, async (req) => {
    const actor = requireActor(req);
    return { community: presentCommunity(await community.getCommunity(ctx.db, actor, req.params.id)) };
  });

  r.post(
    '/api/communities/:id/join',
    {
      schema: {
        response: communityResponses['POST /api/communities/:id/join'],
        tags,
        params: Id,
        body: z
          .object({ pseudonym: nameInput(2, 40).nullable().default(null), acceptRules: z.boolean().default(false) })
          .default({ pseudonym: null, acceptRules: false }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await community.joinCommunity(ctx.db, actor, req.params.id, req.body.pseudonym, req.body.acceptRules);
      return { ok: true };
    },
  );

  r.post(
    '/api/communities/:id/read',
    { schema: { response: communityResponses['POST /api/communities/:id/read'], tags, params: Id } },
    async (req) => {
      await community.markCommunityRead(ctx.db, requireActor(req), req.params.id);
      return { ok: true };
    },
  );

  r.get(
    '/api/communities/:id/mentionable',
    {
      schema: {
        response: communityResponses['GET /api/communities/:id/mentionable'],
        tags,
        params: Id,
        querystring: z.object({ q: z.string().trim().min(1).max(100) }),
        description: 'Members to complete after "@", by the name others see (a pseudonym when they have one); no ids.',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const c = await community.communityAccess(ctx.db, actor, req.params.id);
      if (!c.canRead) return { people: [] };
      return { people: await mentionCandidates(ctx.db, c.id, req.query.q) };
    },
  );

  r.get(
    '/api/communities/:id/posts',
    {
      schema: {
        response: communityResponses['GET /api/communities/:id/posts'],
        tags,
        params: Id,
        querystring: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const page = await community.listPosts(ctx.db, actor, req.params.id, community.parseCursor(req.query.cursor), req.query.limit);
      const pictures = await picturesOf(
        ctx.db,
        'post',
        [...page.pinned, ...page.posts].map((p) => p.id),
      );
      return {
        community: presentCommunity(page.community),
        pinned: page.pinned.map((p) => presentPost(p, actor, pictures.get(p.id))),
        posts: page.posts.map((p) => presentPost(p, actor, pictures.get(p.id))),
        nextCursor: page.nextCursor,
      };
    },
  );

  r.post(
    '/api/communities/:id/posts',
    { schema: { response: communityResponses['POST /api/communities/:id/posts'], tags, params: Id, body: PostBody } },
    async (req, reply) => {
      const actor = requireActor(req);
      const post = await community.createPost(ctx.db, actor, req.params.id, req.body);
      reply.code(201);
      return { post: { id: post.id, version: post.version, status: post.status, createdAt: post.created_at.toISOString() } };
    },
  );

  r.get('/api/posts/:id', { schema: { response: communityResponses['GET /api/posts/:id'], tags, params: Id } }, async (req) => {
    const actor = requireActor(req);
    const { post, comments, reactions } = await community.getPost(ctx.db, actor, req.params.id);
    const corrections = await correctionsFor(ctx.db, post.id);
    const [postPictures, commentPictures] = await Promise.all([
      picturesOf(ctx.db, 'post', [post.id]),
      picturesOf(
        ctx.db,
        'comment',
        comments.map((c) => c.id),
      ),
    ]);
    return {
      post: presentPost(post, actor, postPictures.get(post.id)),
      comments: comments.map((c) => presentComment(c, actor, commentPictures.get(c.id))),
      reactions,
      corrections,
    };
  });

  r.patch(
    '/api/posts/:id',
    { schema: { response: communityResponses['PATCH /api/posts/:id'], tags, params: Id, body: EditBody } },
    async (req) => {
      const actor = requireActor(req);
      const updated = await community.editPost(ctx.db, actor, req.params.id, req.body);
      return { post: { id: updated.id, version: updated.version, status: updated.status } };
    },
  );

  r.delete('/api/posts/:id', { schema: { response: communityResponses['DELETE /api/posts/:id'], tags, params: Id } }, async (req) => {
    const actor = requireActor(req);
    await community.deletePost(ctx.db, actor, req.params.id);
    return { ok: true };
  });

  r.post(
    '/api/posts/:id/comments',
    { schema: { response: communityResponses['POST /api/posts/:id/comments'], tags, params: Id, body: CommentBody } },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await community.addComment(ctx.db, actor, req.params.id, req.body);
      reply.code(201);
      return { comment: { id: c.id, status: c.status } };
    },
  );

  r.post(
    '/api/posts/:id/reactions',
    {
      schema: {
        response: communityResponses['POST /api/posts/:id/reactions'],
        tags,
        params: Id,
        body: z.object({ emoji: z.enum(REACTIONS) }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return community.toggleReaction(ctx.db, actor, req.params.id, req.body.emoji);
    },
  );

  r.post(
    '/api/posts/:id/flags',
    {
      schema: { response: communityResponses['POST /api/posts/:id/flags'], tags, params: Id, body: z.object({ reason: text(500).min(3) }) },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const flag = await community.flagContent(ctx.db, actor, req.params.id, req.body.reason);
      reply.code(201);
      return { ok: true, hidden: flag.hidden };
    },
  );

  r.post(
    '/api/comments/:id/flags',
    {
      schema: {
        response: communityResponses['POST /api/comments/:id/flags'],
        tags,
        params: Id,
        body: z.object({ reason: text(500).min(3) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const flag = await community.flagComment(ctx.db, actor, req.params.id, req.body.reason);
      reply.code(201);
      return { ok: true, hidden: flag.hidden };
    },
  );

  r.put(
    '/api/posts/:id/pin',
    { schema: { response: communityResponses['PUT /api/posts/:id/pin'], tags, params: Id, body: z.object({ pinned: z.boolean() }) } },
    async (req) => {
      const actor = requireActor(req);
      await community.pinPost(ctx.db, actor, req.params.id, req.body.pinned);
      return { ok: true };
    },
  );

  r.get(
    '/api/posts/:id/history',
    { schema: { response: communityResponses['GET /api/posts/:id/history'], tags, params: Id } },
    async (req) => {
      const actor = requireActor(req);
      const versions = await community.postHistory(ctx.db, actor, req.params.id);
      return {
        versions: versions.map((v) => ({ version: v.version, event: v.event, content: v.content, at: v.occurred_at.toISOString() })),
      };
    },
  );

  r.get(
    '/api/feed',
    {
      schema: {
        response: communityResponses['GET /api/feed'],
        tags,
        description: 'Organization news: announcements, health education, events and campaigns.',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return { posts: (await community.organizationFeed(ctx.db, actor)).map((p) => presentPost(p, actor)) };
    },
  );

  r.get(
    '/api/questions',
    {
      schema: {
        response: communityResponses['GET /api/questions'],
        tags,
        querystring: z.object({ status: z.enum(['open', 'answered']).default('open') }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { questions, medianResponseMinutes } = await community.listQuestions(ctx.db, actor, req.query.status);
      return { questions: questions.map((p) => presentPost(p, actor)), medianResponseMinutes };
    },
  );

  r.get('/api/people/:id', { schema: { response: communityResponses['GET /api/people/:id'], tags, params: Id } }, async (req) => {
    const actor = requireActor(req);
    const { person, communities, posts } = await community.personProfile(ctx.db, actor, req.params.id);
    return {
      person: {
        id: person.id,
        name: person.display_name,
        role: person.role,
        specialty: person.specialty ?? null,
        memberSince: person.created_at.toISOString(),
      },
      communitiesInCommon: communities,
      posts: posts.map((p) => presentPost(p, actor)),
    };
  });
  r.get(
    '/api/search',
    { schema: { response: communityResponses['GET /api/search'], tags, querystring: z.object({ q: z.string().trim().min(2).max(200) }) } },
    async (req) => {
      const actor = requireActor(req);
      return { posts: (await community.searchPosts(ctx.db, actor, req.query.q)).map((p) => presentPost(p, actor)) };
    },
  );
}
