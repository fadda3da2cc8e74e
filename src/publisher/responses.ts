import { z } from 'zod';
import { publisherSettingsSchema } from '../repositories/index.ts';
import { NETWORKS, REPEAT_PERIODS } from '../shared/enums.ts';
import { FileDownload, Ok } from '../shared/responses.ts';
import { AttachedPictureSchema } from '../media/index.ts';

export const ChannelSchema = z.object({
  id: z.string(),
  network: z.enum(NETWORKS),
  name: z.string(),
  baseUrl: z.string(),
  handle: z.string(),
  maxLength: z.number(),
  canPost: z.boolean(),
  status: z.enum(['active', 'revoked', 'paused']),
  statusReason: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  ownerDepartedAt: z.string().nullable(),
});
const TemplateSchema = z.object({ id: z.string(), name: z.string(), body: z.string() });

/** What each publisher route answers. */
export const publisherResponses = {
  'GET /api/publisher/channels': { 200: z.object({ channels: z.array(ChannelSchema) }) },
  'POST /api/publisher/channels': { 201: z.object({ channel: ChannelSchema }) },
  'POST /api/publisher/channels/:id/check': { 200: z.object({ ok: z.boolean(), problem: z.string().nullable(), channel: ChannelSchema }) },
  'POST /api/publisher/channels/:id/take-over': { 200: Ok },
  'PUT /api/publisher/channels/:id/active': {
    200: Ok,
  },
  'GET /api/publisher/posts': {
    200: z.object({
      posts: z.array(
        z.object({
          id: z.string(),
          body: z.string(),
          /** The pictures sent with the post (files for approvers at /api/media/{id}/files/…). */
          pictures: z.array(AttachedPictureSchema),
          author: z.string(),
          authorId: z.string(),
          mine: z.boolean(),
          status: z.string(),
          approvalsRequired: z.number(),
          approvalExpiresAt: z.string(),
          scheduledAt: z.string().nullable(),
          campaign: z.string().nullable(),
          misinformation: z.number().nullable(),
          screenFlags: z.array(z.string()),
          followUps: z.array(z.string()),
          repeat: z.object({ every: z.enum(REPEAT_PERIODS), remaining: z.number() }).nullable(),
          seriesId: z.string().nullable(),
          createdAt: z.string(),
          approvals: z.array(
            z.object({
              step: z.number(),
              decision: z.string(),
              note: z.string(),
              by: z.string(),
              at: z.string(),
            }),
          ),
          targets: z.array(
            z.object({
              id: z.string(),
              channelId: z.string(),
              channel: z.string(),
              network: z.string(),
              partsSent: z.number(),
              status: z.string(),
              attempts: z.number(),
              nextAttemptAt: z.string().nullable(),
              lastError: z.string().nullable(),
              url: z.string().nullable(),
              publishedAt: z.string().nullable(),
            }),
          ),
        }),
      ),
    }),
  },
  'POST /api/publisher/posts': {
    201: z.object({
      post: z.object({
        id: z.string(),
        status: z.string(),
        approvalsRequired: z.number(),
      }),
    }),
  },
  'GET /api/publisher/library': {
    200: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          body: z.string(),
          tags: z.array(z.string()),
          status: z.enum(['proposed', 'approved', 'retired']),
          uses: z.number(),
          author: z.string(),
          mine: z.boolean(),
          createdAt: z.string(),
        }),
      ),
      canDecide: z.boolean(),
    }),
  },
  'POST /api/publisher/library': { 201: z.object({ item: z.object({ id: z.string(), status: z.string() }) }) },
  'POST /api/publisher/library/:id/decision': { 200: z.object({ status: z.enum(['proposed', 'approved', 'retired']) }) },
  'POST /api/publisher/library/:id/use': { 200: Ok },
  'POST /api/publisher/bulk': {
    200: z.object({
      rows: z.array(
        z.object({
          line: z.number(),
          status: z.enum(['created', 'valid', 'refused']),
          postId: z.string().nullable(),
          scheduledAt: z.string().nullable(),
          error: z.object({ id: z.string(), message: z.string() }).nullable(),
        }),
      ),
      created: z.number(),
      refused: z.number(),
      timeZone: z.string(),
    }),
  },
  'POST /api/publisher/preview': {
    200: z.object({
      channels: z.array(
        z.object({
          channelId: z.string(),
          channel: z.string(),
          network: z.enum(NETWORKS),
          maxLength: z.number(),
          canPost: z.boolean(),
          followUpsAs: z.enum(['thread', 'comments']),
          parts: z.array(z.object({ text: z.string(), length: z.number(), fits: z.boolean() })),
        }),
      ),
    }),
  },
  'PUT /api/publisher/posts/:id': {
    200: z.object({
      post: z.object({
        id: z.string(),
        status: z.string(),
        approvalsRequired: z.number(),
      }),
    }),
  },
  'POST /api/publisher/posts/:id/decision': {
    200: z.object({
      status: z.string(),
      step: z.number(),
      of: z.number(),
    }),
  },
  'POST /api/publisher/posts/:id/cancel': { 200: Ok },
  'POST /api/publisher/targets/:id/retry': {
    200: Ok,
  },
  'GET /api/publisher/inbox': {
    200: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          channel: z.string(),
          network: z.string(),
          from: z.object({
            handle: z.string(),
            name: z.string(),
          }),
          body: z.string(),
          rating: z.number().nullable(),
          url: z.string().nullable(),
          receivedAt: z.string(),
          status: z.string(),
          tags: z.array(z.string()),
          dueAt: z.string(),
          overdue: z.boolean(),
          firstResponseAt: z.string().nullable(),
          assignee: z
            .object({
              id: z.string(),
              name: z.string().nullable(),
            })
            .nullable(),
          responses: z.array(
            z.object({
              body: z.string(),
              status: z.string(),
              error: z.string().nullable(),
              by: z.string(),
              at: z.string(),
            }),
          ),
        }),
      ),
    }),
  },
  'PATCH /api/publisher/inbox/:id': {
    200: Ok,
  },
  'POST /api/publisher/inbox/:id/responses': {
    201: z.object({
      response: z.object({
        id: z.string(),
      }),
    }),
  },
  'GET /api/publisher/templates': {
    200: z.object({
      templates: z.array(TemplateSchema),
    }),
  },
  'POST /api/publisher/templates': { 201: z.object({ template: TemplateSchema }) },
  'DELETE /api/publisher/templates/:id': { 200: Ok },
  'GET /api/publisher/analytics': {
    200: z.object({
      days: z.number(),
      channels: z.array(
        z.object({
          channel: z.string(),
          network: z.string(),
          posts: z.number(),
          likes: z.number(),
          reposts: z.number(),
          replies: z.number(),
        }),
      ),
      posts: z.array(
        z.object({
          postId: z.string(),
          channel: z.string(),
          network: z.string(),
          campaign: z.string().nullable(),
          excerpt: z.string(),
          publishedAt: z.string(),
          likes: z.number().nullable(),
          reposts: z.number().nullable(),
          replies: z.number().nullable(),
          impressions: z.number().nullable(),
        }),
      ),
      inbox: z.object({
        received: z.number(),
        responded: z.number(),
        medianResponseMinutes: z.number().nullable(),
        slaBreaches: z.number(),
        openOverdue: z.number(),
      }),
      /** Community events since the start of the period: replies, waitlist and attendance. */
      events: z.array(
        z.object({
          eventId: z.string(),
          title: z.string(),
          startsAt: z.string(),
          status: z.string(),
          capacity: z.number().nullable(),
          going: z.number(),
          waitlist: z.number(),
          attended: z.number(),
        }),
      ),
      compliance: z.object({
        blockedByCategory: z.record(z.string(), z.number()),
        postsByStatus: z.object({
          cancelled: z.number().optional(),
          expired: z.number().optional(),
          pending_approval: z.number().optional(),
          published: z.number().optional(),
          rejected: z.number().optional(),
        }),
        consentBackedPosts: z.number(),
      }),
    }),
  },
  'GET /api/publisher/analytics.csv': { 200: FileDownload },
  'GET /api/publisher/settings': { 200: z.object({ settings: publisherSettingsSchema }) },
  'PUT /api/publisher/settings': {
    200: Ok,
  },
  'GET /api/publisher/sandbox': {
    200: z.object({
      channels: z.array(z.object({ id: z.string(), name: z.string(), handle: z.string(), status: z.string() })),
      posts: z.array(
        z.object({
          id: z.string(),
          handle: z.string(),
          body: z.string(),
          removed: z.boolean(),
          edited: z.boolean(),
          continues: z.string().nullable(),
          /** Descriptions of the pictures the post carried (the sandbox keeps no files). */
          pictures: z.array(z.string()),
          at: z.string(),
          likes: z.number(),
          reposts: z.number(),
          conversation: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              from: z.string(),
              handle: z.string(),
              body: z.string(),
              rating: z.number().nullable(),
              at: z.string(),
              /** What the organization answered from its inbox, if it did. */
              answer: z.string().nullable(),
            }),
          ),
        }),
      ),
    }),
  },
  /** Accepted: the takedown queue removes it from the network (retried until done; alerts when refused). */
  'POST /api/publisher/targets/:id/takedown': { 202: Ok },
  'GET /api/publisher/oauth': {
    200: z.object({
      networks: z.array(
        z.object({
          network: z.enum(NETWORKS),
          label: z.string(),
          /** The permissions the network will show the admin, and that Harborline asks for. */
          scopes: z.array(z.string()),
          fields: z.array(z.object({ name: z.string(), label: z.string() })),
        }),
      ),
    }),
  },
  'POST /api/publisher/oauth/:network/start': { 200: z.object({ authorizeUrl: z.string(), scopes: z.array(z.string()) }) },
  'DELETE /api/publisher/channels/:id': { 200: Ok },
};
