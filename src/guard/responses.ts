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
  'GET /api/org/guard-profile': { 200: guardProfileSchema.extend({ name: z.string() }) },
  'PUT /api/org/guard-profile': { 200: guardProfileSchema },
};
