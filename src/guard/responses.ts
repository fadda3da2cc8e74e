import { z } from 'zod';
import { guardProfileSchema } from '../repositories/index.ts';
import { VERDICTS } from '../shared/enums.ts';

/** What each guard route answers. */
export const guardResponses = {
  'POST /api/phi/scan': {
    200: z.object({
      findings: z.array(
        z.object({
          start: z.number(),
          end: z.number(),
          category: z.string(),
          label: z.string(),
          subject: z.string(),
          subjectLabel: z.string(),
          confidence: z.number(),
          reason: z.string(),
        }),
      ),
      decision: z.object({
        verdict: z.enum(VERDICTS),
        categories: z.array(z.string()),
      }),
      redacted: z.string().optional(),
      replacements: z
        .array(
          z.object({
            start: z.number(),
            end: z.number(),
            category: z.string(),
          }),
        )
        .optional(),
    }),
  },
  'GET /api/media/:id/check': {
    200: z.object({
      status: z.enum(['processing', 'ready', 'failed', 'destroyed']),
      findings: z.array(
        z.object({
          kind: z.enum(['face', 'text', 'code']),
          box: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
          categories: z.array(z.string()),
          labels: z.array(z.string()),
          hidden: z.boolean(),
        }),
      ),
      decision: z.object({ verdict: z.enum(VERDICTS), categories: z.array(z.string()) }).nullable(),
    }),
  },
  'GET /api/org/guard-profile': { 200: guardProfileSchema.extend({ name: z.string() }) },
  'PUT /api/org/guard-profile': { 200: guardProfileSchema },
};
