import { z } from 'zod';
import { Ok } from '../shared/responses.ts';

/** What each organizations route answers. */
export const organizationsResponses = {
  'GET /api/org/members': {
    200: z.object({
      members: z.array(
        z.object({
          id: z.string(),
          email: z.string(),
          displayName: z.string(),
          role: z.string(),
          twoFactor: z.boolean(),
          since: z.string(),
          trustLevel: z.number(),
          silencedUntil: z.string().nullable(),
          suspendedUntil: z.string().nullable(),
          deactivatedAt: z.string().nullable(),
        }),
      ),
    }),
  },
  'PATCH /api/org/members/:id': {
    200: Ok,
  },
  'POST /api/org/members/:id/deactivate': {
    200: z.object({ sessionsEnded: z.number(), channelsFlagged: z.number(), postsHeld: z.number(), role: z.string() }),
  },
  'POST /api/org/members/:id/reactivate': { 200: Ok },
  'POST /api/org/members/:id/reset-2fa': { 200: z.object({ passkeysRemoved: z.number() }) },
  'GET /api/org/offboarding': {
    200: z.object({
      changes: z.array(
        z.object({
          change: z.enum(['deactivated', 'reactivated']),
          member: z.string(),
          email: z.string(),
          reason: z.string(),
          by: z.string().nullable(),
          at: z.string(),
          detail: z.record(z.string(), z.unknown()),
        }),
      ),
    }),
  },
  'POST /api/org/invitations': {
    201: z.object({
      invitation: z.object({
        id: z.string(),
        token: z.string(),
        expiresAt: z.string(),
      }),
    }),
  },
  'GET /api/org/settings': {
    200: z.object({
      name: z.string(),
      slug: z.string(),
      require2faRoles: z.array(z.string()),
    }),
  },
  'PATCH /api/org/settings': {
    200: Ok,
  },
};
