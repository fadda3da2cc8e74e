import { z } from 'zod';
import { FileDownload, Ok } from '../shared/responses.ts';
import { NOTIFICATION_BATCHES } from '../shared/enums.ts';

/** What each notify route answers. */
export const notifyResponses = {
  'GET /api/push/key': { 200: z.object({ publicKey: z.string(), devices: z.number() }) },
  'POST /api/push/subscriptions': { 201: Ok },
  'POST /api/push/subscriptions/remove': { 200: Ok },
  'GET /api/notifications': {
    200: z.object({
      notifications: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          title: z.string(),
          link: z.string(),
          createdAt: z.string(),
          read: z.boolean(),
        }),
      ),
      unread: z.number(),
    }),
  },
  'GET /api/notifications/preferences': {
    200: z.object({
      preferences: z.object({
        quietStart: z.number().nullable(),
        quietEnd: z.number().nullable(),
        timeZone: z.string(),
        batch: z.enum(NOTIFICATION_BATCHES),
      }),
    }),
  },
  'PUT /api/notifications/preferences': {
    200: z.object({
      preferences: z.object({
        quietStart: z.number().nullable(),
        quietEnd: z.number().nullable(),
        timeZone: z.string(),
        batch: z.string(),
      }),
    }),
  },
  'POST /api/notifications/:id/read': {
    200: Ok,
  },
  /** A server-sent event stream (text/event-stream). */
  'GET /api/events': { 200: FileDownload },
};
