import { z } from 'zod';
import { Ok } from '../shared/responses.ts';

const Appeal = z.object({ text: z.string().nullable(), status: z.string(), note: z.string().nullable(), at: z.string().nullable() });
/** A moderation decision about someone's content, with its one appeal. */
const ModerationAction = z.object({
  id: z.string(),
  recordKind: z.string().nullable(),
  recordId: z.string().nullable(),
  action: z.string(),
  reason: z.string(),
  days: z.number().nullable(),
  createdAt: z.string(),
  appeal: Appeal.nullable(),
});

/** What each moderation route answers. */
export const moderationResponses = {
  'GET /api/moderation/queue': {
    200: z.object({
      items: z.array(
        z.object({
          recordKind: z.string(),
          recordId: z.string(),
          postId: z.string(),
          title: z.string(),
          body: z.string(),
          status: z.string(),
          author: z.object({
            id: z.string(),
            name: z.string(),
            pseudonym: z.string().nullable(),
          }),
          community: z.string().nullable(),
          memberFlagWeight: z.number(),
          misinformationScore: z.number().nullable(),
          flags: z.array(
            z.object({
              id: z.string(),
              source: z.string(),
              reason: z.string(),
              weight: z.number(),
              score: z.number().nullable(),
              reporter: z.string().nullable(),
              createdAt: z.string(),
              evidence: z
                .object({
                  claim: z.string().optional(),
                  correction: z.string().nullable().optional(),
                  url: z.string().nullable().optional(),
                  domain: z.string().optional(),
                })
                .nullable(),
            }),
          ),
          corrections: z.array(z.object({ id: z.string(), title: z.string(), url: z.string(), publisher: z.string(), note: z.string() })),
          firstFlaggedAt: z.string(),
        }),
      ),
    }),
  },
  'POST /api/moderation/items/:kind/:id/actions': {
    200: z.object({
      actionId: z.string(),
      status: z.string(),
    }),
  },
  'GET /api/moderation/flags': {
    200: z.object({
      flags: z.array(
        z.object({
          id: z.string(),
          recordKind: z.string(),
          recordId: z.string(),
          reason: z.string(),
          source: z.string(),
          status: z.string(),
          createdAt: z.string(),
          post: z
            .object({
              title: z.string(),
              body: z.string(),
              status: z.string(),
            })
            .nullable(),
        }),
      ),
    }),
  },
  'POST /api/moderation/flags/:id': {
    200: Ok,
  },
  'GET /api/moderation/mine': {
    200: z.object({
      actions: z.array(ModerationAction.extend({ canAppeal: z.boolean() })),
    }),
  },
  'POST /api/moderation/actions/:id/appeal': {
    201: Ok,
  },
  'GET /api/moderation/appeals': {
    200: z.object({
      appeals: z.array(
        ModerationAction.extend({
          author: z.string(),
          moderator: z.string(),
          moderatorId: z.string(),
        }),
      ),
    }),
  },
  'POST /api/moderation/actions/:id/appeal-decision': {
    200: Ok,
  },
  'PUT /api/moderation/members/:id/trust': {
    200: Ok,
  },
  'GET /api/moderation/rules': {
    200: z.object({
      rules: z.array(
        z.object({
          id: z.string(),
          communityId: z.string().nullable(),
          community: z.string().nullable(),
          pattern: z.string(),
          isRegex: z.boolean(),
          action: z.string(),
          replacement: z.string().nullable(),
          note: z.string(),
          createdAt: z.string(),
        }),
      ),
    }),
  },
  'POST /api/moderation/rules': {
    201: z.object({
      rule: z.object({
        id: z.string(),
      }),
    }),
  },
  'DELETE /api/moderation/rules/:id': {
    200: Ok,
  },
  'POST /api/moderation/rules/test': {
    200: z.object({
      result: z.string(),
      text: z.string(),
      matches: z.array(
        z.object({
          ruleId: z.string(),
          action: z.string(),
          pattern: z.string(),
        }),
      ),
      misinformation: z.object({
        probability: z.number(),
        threshold: z.number(),
        healthClaimTopic: z.boolean(),
        routedToReview: z.boolean(),
        reasons: z.array(z.object({ kind: z.string(), text: z.string(), url: z.string().nullable() })),
      }),
    }),
  },
  'GET /api/moderation/sources': {
    200: z.object({
      sources: z.array(
        z.object({ id: z.string(), title: z.string(), url: z.string(), publisher: z.string(), summary: z.string(), createdAt: z.string() }),
      ),
    }),
  },
  'POST /api/moderation/sources': {
    201: z.object({
      source: z.object({
        id: z.string(),
      }),
    }),
  },
  'POST /api/moderation/corrections': {
    201: Ok,
  },
};
