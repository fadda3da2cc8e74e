import { z } from 'zod';
import { SessionSchema } from '../accounts/index.ts';
import { Ok } from '../shared/responses.ts';

const JoinLinkSchema = z.object({
  id: z.string(),
  code: z.string(),
  /** Where the link leads in the app (the organization shares the full address). */
  path: z.string(),
  label: z.string(),
  requiresApproval: z.boolean(),
  emailDomains: z.array(z.string()),
  needsAccessCode: z.boolean(),
  expiresAt: z.string().nullable(),
  maxUses: z.number().nullable(),
  uses: z.number(),
  active: z.boolean(),
  createdAt: z.string(),
});
const Admitted = z.object({ communityId: z.string(), pending: z.boolean() });

/** What each joining route answers. */
export const joinResponses = {
  'GET /api/communities/:id/rules': { 200: z.object({ rules: z.string() }) },
  'PUT /api/communities/:id/rules': { 200: z.object({ rules: z.string() }) },
  'GET /api/communities/:id/join-links': { 200: z.object({ links: z.array(JoinLinkSchema) }) },
  'POST /api/communities/:id/join-links': { 201: z.object({ link: JoinLinkSchema }) },
  'DELETE /api/join-links/:id': { 200: Ok },
  'GET /api/communities/:id/join-requests': {
    200: z.object({
      requests: z.array(z.object({ id: z.string(), name: z.string(), pseudonym: z.string().nullable(), requestedAt: z.string() })),
    }),
  },
  'POST /api/join-requests/:id/decision': { 200: Ok },
  'GET /api/join/:code': {
    200: z.object({
      organization: z.string(),
      community: z.object({ name: z.string(), description: z.string(), rules: z.string() }),
      requiresApproval: z.boolean(),
      needsAccessCode: z.boolean(),
      emailDomains: z.array(z.string()),
    }),
  },
  'POST /api/join/:code': { 200: Admitted },
  'POST /api/join/:code/signup': { 202: z.object({ ok: z.boolean(), message: z.string() }) },
  'POST /api/join/verify': { 200: Admitted.extend({ csrfToken: z.string(), session: SessionSchema }) },
};
