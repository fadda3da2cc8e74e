import { z } from 'zod';
import { COMMUNITY_VISIBILITIES, POST_KINDS, POST_VISIBILITIES, REACTIONS, ROLES } from '../shared/enums.ts';
import { Instant, JsonObject, Ok } from '../shared/responses.ts';
import { AttachedPictureSchema } from '../media/responses.ts';

const Author = z.object({
  /** Null when a pseudonymous author is hidden from the viewer. */
  id: z.string().nullable(),
  name: z.string(),
  pseudonym: z.string().nullable(),
});
export const CommunitySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  visibility: z.enum(COMMUNITY_VISIBILITIES),
  membership: z.object({ role: z.enum(['member', 'moderator']), pseudonym: z.string().nullable() }).nullable(),
  memberCount: z.number(),
  /** Others' posts since the member last opened it (0 for non-members and on single-community answers). */
  unread: z.number(),
});
export const PostSchema = z.object({
  id: z.string(),
  communityId: z.string().nullable(),
  kind: z.enum(POST_KINDS),
  title: z.string(),
  body: z.string(),
  visibility: z.enum(POST_VISIBILITIES),
  contentWarning: z.string().nullable(),
  status: z.string(),
  pinned: z.boolean(),
  version: z.number(),
  author: Author,
  mine: z.boolean(),
  edited: z.boolean(),
  commentCount: z.number(),
  pictures: z.array(AttachedPictureSchema),
  question: z
    .object({ askedTo: z.string().nullable(), answeredAt: z.string().nullable(), waitingMinutes: z.number().nullable() })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const CommentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  body: z.string(),
  author: Author,
  mine: z.boolean(),
  pictures: z.array(AttachedPictureSchema),
  createdAt: z.string(),
});
const Flagged = z.object({ ok: z.boolean(), hidden: z.boolean() });

/** What each community route answers. */
export const communityResponses = {
  'GET /api/communities': { 200: z.object({ communities: z.array(CommunitySchema) }) },
  'POST /api/communities': { 201: z.object({ community: CommunitySchema.pick({ id: true, slug: true, name: true }) }) },
  'GET /api/communities/:id': { 200: z.object({ community: CommunitySchema }) },
  'POST /api/communities/:id/join': { 200: Ok },
  'POST /api/communities/:id/read': { 200: Ok },
  'GET /api/communities/:id/mentionable': { 200: z.object({ people: z.array(z.object({ label: z.string(), staff: z.boolean() })) }) },
  'GET /api/communities/:id/posts': {
    200: z.object({
      community: CommunitySchema,
      pinned: z.array(PostSchema),
      posts: z.array(PostSchema),
      nextCursor: z.string().nullable(),
    }),
  },
  'POST /api/communities/:id/posts': {
    201: z.object({ post: z.object({ id: z.string(), version: z.number(), status: z.string(), createdAt: z.string() }) }),
  },
  'GET /api/posts/:id': {
    200: z.object({
      post: PostSchema,
      comments: z.array(CommentSchema),
      reactions: z.array(z.object({ emoji: z.enum(REACTIONS), count: z.number(), mine: z.boolean() })),
      /** Corrections from approved sources attached by moderators. */
      corrections: z.array(z.object({ title: z.string(), url: z.string(), publisher: z.string(), summary: z.string(), note: z.string() })),
    }),
  },
  'PATCH /api/posts/:id': { 200: z.object({ post: z.object({ id: z.string(), version: z.number(), status: z.string() }) }) },
  'DELETE /api/posts/:id': { 200: Ok },
  'POST /api/posts/:id/comments': { 201: z.object({ comment: z.object({ id: z.string(), status: z.string() }) }) },
  'POST /api/posts/:id/reactions': { 200: z.object({ reacted: z.boolean() }) },
  'POST /api/posts/:id/flags': { 201: Flagged },
  'POST /api/comments/:id/flags': { 201: Flagged },
  'PUT /api/posts/:id/pin': { 200: Ok },
  'GET /api/posts/:id/history': {
    200: z.object({ versions: z.array(z.object({ version: z.number(), event: z.string(), content: JsonObject, at: Instant })) }),
  },
  'GET /api/feed': { 200: z.object({ posts: z.array(PostSchema) }) },
  'GET /api/questions': { 200: z.object({ questions: z.array(PostSchema), medianResponseMinutes: z.number().nullable() }) },
  'GET /api/search': { 200: z.object({ posts: z.array(PostSchema) }) },
  'GET /api/people/:id': {
    200: z.object({
      person: z.object({
        id: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        specialty: z.string().nullable(),
        memberSince: z.string(),
      }),
      /** Only communities the viewer belongs to as well. */
      communitiesInCommon: z.array(z.object({ id: z.string(), name: z.string() })),
      /** Recent posts there under their own name (never pseudonymous ones). */
      posts: z.array(PostSchema),
    }),
  },
};
