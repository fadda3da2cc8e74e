import { z } from 'zod';
import { Ok } from '../shared/responses.ts';

/** What each oversight route answers. */
export const oversightResponses = {
  'GET /api/oversight/staff': {
    200: z.object({
      days: z.number(),
      staff: z.array(
        z.object({
          userId: z.string(),
          name: z.string(),
          role: z.string(),
          posts: z.number(),
          replies: z.number(),
          networkPosts: z.number(),
          inboxResponses: z.number(),
          medianInboxResponseMinutes: z.number().nullable(),
          flagsOnContent: z.number(),
          blockedByCategory: z.record(z.string(), z.number()),
          questionsAnswered: z.number(),
          medianResponseMinutes: z.number().nullable(),
          sampled: z.number(),
          concerns: z.number(),
          overdueTraining: z.array(z.string()),
          unacknowledgedPolicies: z.array(z.string()),
        }),
      ),
    }),
  },
  'GET /api/oversight/reviews': {
    200: z.object({
      reviews: z.array(
        z.object({
          id: z.string(),
          recordKind: z.string(),
          recordId: z.string(),
          postId: z.string(),
          title: z.string(),
          body: z.string(),
          author: z.string(),
          authorId: z.string(),
          sampledAt: z.string(),
          decision: z.string().nullable(),
          note: z.string().nullable(),
          reviewer: z.string().nullable(),
          decidedAt: z.string().nullable(),
        }),
      ),
    }),
  },
  'POST /api/oversight/reviews/:id': {
    200: Ok,
  },
  'GET /api/oversight/digest': {
    200: z.object({
      lastSentAt: z.string().nullable(),
      preview: z.object({
        period: z.object({
          from: z.string(),
          to: z.string(),
        }),
        staffPosts: z.number(),
        networkPosts: z.number(),
        inboxResponses: z.number(),
        blockedAttemptsByCategory: z.record(z.string(), z.number()),
        blockedAttemptsByStaffByCategory: z.record(z.string(), z.number()),
        flagsOnStaffContent: z.number(),
        questionsAnswered: z.number(),
        medianResponseMinutes: z.number().nullable(),
        consentBackedPosts: z.number(),
        samplesDrawn: z.number(),
        samplesWithConcerns: z.number(),
        samplesAwaitingReview: z.number(),
        overdueTraining: z.array(
          z.object({
            name: z.string(),
            modules: z.array(z.string()),
          }),
        ),
        unacknowledgedPolicies: z.array(
          z.object({
            name: z.string(),
            policies: z.array(z.string()),
          }),
        ),
      }),
    }),
  },
  'POST /api/oversight/digest': { 200: z.object({ recipients: z.number() }) },
};
