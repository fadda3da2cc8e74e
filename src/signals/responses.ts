import { z } from 'zod';

/** What each signals route answers. */
export const signalsResponses = {
  'GET /api/signals/scopes': {
    200: z.object({
      scopes: z.array(
        z.object({
          scope: z.string(),
          label: z.string(),
        }),
      ),
      syndromes: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
        }),
      ),
    }),
  },
  'GET /api/signals': {
    200: z.object({
      syndrome: z.string(),
      scope: z.string(),
      series: z.array(
        z.object({
          day: z.string(),
          count: z.number(),
        }),
      ),
      alarms: z.array(
        z.object({
          method: z.string(),
          day: z.string(),
          observed: z.number(),
          expected: z.number(),
          statistic: z.number(),
        }),
      ),
    }),
  },
  'GET /api/signals/alerts': {
    200: z.object({
      alerts: z.array(
        z.object({
          id: z.string(),
          scope: z.string(),
          syndrome: z.string(),
          day: z.string(),
          method: z.string(),
          observed: z.number(),
          expected: z.number(),
          statistic: z.number(),
        }),
      ),
    }),
  },
};
