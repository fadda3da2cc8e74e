import { z } from 'zod';
import { Ok } from '../shared/responses.ts';
import { AttachedPictureSchema } from '../media/index.ts';

const Provider = z.object({
  id: z.string(),
  name: z.string(),
  specialty: z.string(),
  npi: z.string().nullable(),
  bio: z.string(),
  verified: z.boolean(),
  /** Average of visible reviews, one decimal. */
  rating: z.number().nullable(),
  reviewCount: z.number(),
  /** The provider's current photo, if they added one. */
  photo: AttachedPictureSchema.nullable(),
});

/** What each directory route answers. */
export const directoryResponses = {
  'GET /api/providers': {
    200: z.object({
      providers: z.array(Provider),
    }),
  },
  'GET /api/providers/:id': {
    200: z.object({
      provider: Provider,
      reviews: z.array(
        z.object({
          id: z.string(),
          rating: z.number(),
          body: z.string(),
          author: z.string(),
          mine: z.boolean(),
          createdAt: z.string(),
          reply: z
            .object({
              body: z.string(),
              by: z.string().nullable(),
              at: z.string(),
            })
            .nullable(),
        }),
      ),
    }),
  },
  'PUT /api/providers/me': {
    200: Ok,
  },
  'PUT /api/providers/:id/verified': {
    200: Ok,
  },
  'POST /api/providers/:id/reviews': {
    201: z.object({
      review: z.object({
        id: z.string(),
      }),
    }),
  },
  'PUT /api/reviews/:id/reply': {
    200: Ok,
  },
};
