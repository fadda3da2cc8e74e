import { z } from 'zod';
import { phiPolicySchema, sharingRulesSchema } from '../repositories/index.ts';
import { CAPABILITIES } from '../shared/enums.ts';
import { Ok } from '../shared/responses.ts';

/** What each policies route answers. */
export const policiesResponses = {
  'GET /api/policies': {
    200: z.object({
      policies: z.array(
        z.object({
          id: z.string(),
          slug: z.string(),
          title: z.string(),
          version: z.number(),
          versionId: z.string(),
          publishedAt: z.string(),
          changeSummary: z.string(),
          acknowledgedAt: z.string().nullable(),
        }),
      ),
    }),
  },
  'GET /api/policies/:id': {
    200: z.object({
      policy: z.object({
        id: z.string(),
        slug: z.string(),
        title: z.string(),
        versions: z.array(
          z.object({
            id: z.string(),
            version: z.number(),
            body: z.string(),
            changeSummary: z.string(),
            publishedAt: z.string(),
            publishedBy: z.string(),
            sha256: z.string(),
            acknowledgedAt: z.string().nullable(),
          }),
        ),
      }),
    }),
  },
  'POST /api/policies': {
    201: z.object({
      policy: z.object({
        id: z.string(),
        version: z.number(),
        versionId: z.string(),
      }),
    }),
  },
  'POST /api/policies/:id/acknowledge': {
    201: z.object({
      acknowledgement: z.object({
        acknowledgedAt: z.string(),
        version: z.number(),
      }),
    }),
  },
  'GET /api/policies/:id/acknowledgements': {
    200: z.object({
      policy: z.string(),
      version: z.number(),
      staff: z.array(
        z.object({
          userId: z.string(),
          name: z.string(),
          role: z.string(),
          acknowledgedAt: z.string().nullable(),
        }),
      ),
    }),
  },
  'GET /api/training/modules': {
    200: z.object({
      modules: z.array(
        z.object({
          id: z.string(),
          slug: z.string(),
          title: z.string(),
          summary: z.string(),
          passMark: z.number(),
          version: z.number(),
          passedAt: z.string().nullable(),
          score: z.number().nullable(),
          certificateId: z.string().nullable(),
          expiresAt: z.string().nullable(),
          current: z.boolean(),
        }),
      ),
    }),
  },
  'GET /api/training/modules/:id': {
    200: z.object({
      module: z.object({
        id: z.string(),
        slug: z.string(),
        title: z.string(),
        summary: z.string(),
        passMark: z.number(),
        validDays: z.number(),
        version: z.number(),
        lessons: z.array(
          z.object({
            body: z.string(),
            title: z.string(),
          }),
        ),
        questions: z.array(
          z.object({
            prompt: z.string(),
            options: z.array(z.string()),
          }),
        ),
      }),
    }),
  },
  'POST /api/training/modules/:id/attempts': {
    201: z.object({
      attemptId: z.string(),
      score: z.number(),
      passMark: z.number(),
      passed: z.boolean(),
      certificateId: z.string().nullable(),
      feedback: z
        .array(
          z.object({
            correct: z.boolean(),
            explanation: z.string().nullable(),
          }),
        )
        .nullable(),
      attemptsLeftToday: z.number().nullable(),
    }),
  },
  'GET /api/training/certificates/:id': {
    200: z.object({
      certificate: z.object({
        id: z.string(),
        name: z.string(),
        organization: z.string(),
        module: z.string(),
        moduleVersion: z.number(),
        score: z.number(),
        completedAt: z.string(),
        validUntil: z.string(),
        signature: z.string().nullable(),
        valid: z.boolean(),
      }),
    }),
  },
  'GET /api/me/requirements': {
    200: z.object({
      capabilities: z.partialRecord(
        z.enum(CAPABILITIES),
        z.object({
          ok: z.boolean(),
          missing: z.array(z.object({ kind: z.string(), id: z.string(), title: z.string(), link: z.string(), reason: z.string() })),
        }),
      ),
    }),
  },
  'GET /api/sharing-rules': {
    200: z.object({
      rules: sharingRulesSchema.required().extend({ phiPolicy: phiPolicySchema }),
      modules: z.array(
        z.object({
          slug: z.string(),
          title: z.string(),
        }),
      ),
      policies: z.array(
        z.object({
          slug: z.string(),
          title: z.string(),
        }),
      ),
      categories: z.array(z.string()),
      destinations: z.array(z.string()),
      roles: z.array(z.string()),
    }),
  },
  'PUT /api/sharing-rules': {
    200: Ok,
  },
};
