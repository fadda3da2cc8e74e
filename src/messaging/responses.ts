import { AttachedPictureSchema } from '../media/index.ts';
import { z } from 'zod';
import { Redactions } from '../shared/responses.ts';

/** What each messaging route answers. */
export const messagingResponses = {
  'GET /api/contacts': {
    200: z.object({
      contacts: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          role: z.string(),
        }),
      ),
    }),
  },
  'GET /api/threads': {
    200: z.object({
      threads: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          subject: z.string(),
          with: z.string(),
          lastMessageAt: z.string(),
          unread: z.boolean(),
        }),
      ),
    }),
  },
  'POST /api/threads': {
    201: z.object({
      thread: z.object({
        id: z.string(),
      }),
      message: z.object({
        id: z.string(),
        body: z.string(),
        redactions: z
          .array(
            z.object({
              category: z.string(),
              start: z.number(),
              end: z.number(),
            }),
          )
          .nullable(),
        createdAt: z.string(),
      }),
    }),
  },
  'GET /api/threads/:id': {
    200: z.object({
      thread: z.object({
        id: z.string(),
        kind: z.string(),
        subject: z.string(),
      }),
      participants: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          role: z.string(),
        }),
      ),
      messages: z.array(
        z.object({
          id: z.string(),
          author: z.object({
            id: z.string(),
            name: z.string(),
          }),
          body: z.string(),
          redactions: z
            .array(
              z.object({
                end: z.number(),
                start: z.number(),
                category: z.string(),
              }),
            )
            .nullable(),
          mine: z.boolean(),
          pictures: z.array(AttachedPictureSchema),
          createdAt: z.string(),
        }),
      ),
    }),
  },
  'POST /api/threads/:id/messages': {
    201: z.object({
      message: z.object({
        id: z.string(),
        body: z.string(),
        redactions: Redactions.nullable(),
        createdAt: z.string(),
      }),
    }),
  },
};
