import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hitRateLimit, sessionView, setSessionCookie } from '../accounts/index.ts';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { tooManyRequests } from '../shared/errors.ts';
import { nameInput } from '../shared/input.ts';
import { joinResponses } from './join-responses.ts';
import * as joining from './joining.ts';
import { requestSignup, verifySignup } from './signup.ts';

const tags = ['community'];
const Id = z.object({ id: z.string().max(64) });
const Code = z.object({ code: z.string().max(40) });
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain such as example.org');
const JoinAnswers = {
  pseudonym: nameInput(2, 40).nullable().default(null),
  acceptRules: z.boolean().default(false),
  accessCode: z.string().trim().max(64).nullable().default(null),
};

/** Rules, invitation links, join requests, and joining by a link (signed in, or signing up with email verification). */
export function joinRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/communities/:id/rules',
    { schema: { response: joinResponses['GET /api/communities/:id/rules'], tags, params: Id } },
    async (req) => {
      const actor = requireActor(req);
      return { rules: await joining.communityRules(ctx.db, actor, req.params.id) };
    },
  );
  r.put(
    '/api/communities/:id/rules',
    {
      schema: {
        response: joinResponses['PUT /api/communities/:id/rules'],
        tags,
        params: Id,
        body: z.object({ rules: z.string().max(10_000, 'must be at most 10000 characters') }),
      },
    },
    async (req) => joining.setCommunityRules(ctx.db, requireActor(req), req.params.id, req.body.rules),
  );

  r.get(
    '/api/communities/:id/join-links',
    { schema: { response: joinResponses['GET /api/communities/:id/join-links'], tags, params: Id } },
    async (req) => ({ links: await joining.listJoinLinks(ctx.db, requireActor(req), req.params.id) }),
  );
  r.post(
    '/api/communities/:id/join-links',
    {
      schema: {
        response: joinResponses['POST /api/communities/:id/join-links'],
        tags,
        params: Id,
        body: z.object({
          label: nameInput(0, 100).default(''),
          requiresApproval: z.boolean().default(false),
          emailDomains: z.array(Domain).max(10).default([]),
          accessCode: z.string().trim().min(4, 'must be at least 4 characters').max(64).nullable().default(null),
          expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
          maxUses: z.number().int().min(1).max(100_000).nullable().default(null),
        }),
      },
    },
    async (req, reply) => {
      const { expiresAt, ...rest } = req.body;
      const link = await joining.createJoinLink(ctx.db, requireActor(req), req.params.id, {
        ...rest,
        expiresAt: expiresAt ? new Date(expiresAt) : null,
      });
      reply.code(201);
      return { link };
    },
  );
  r.delete('/api/join-links/:id', { schema: { response: joinResponses['DELETE /api/join-links/:id'], tags, params: Id } }, async (req) => {
    await joining.revokeJoinLink(ctx.db, requireActor(req), req.params.id);
    return { ok: true };
  });

  r.get(
    '/api/communities/:id/join-requests',
    { schema: { response: joinResponses['GET /api/communities/:id/join-requests'], tags, params: Id } },
    async (req) => ({ requests: await joining.listJoinRequests(ctx.db, requireActor(req), req.params.id) }),
  );
  r.post(
    '/api/join-requests/:id/decision',
    {
      schema: {
        response: joinResponses['POST /api/join-requests/:id/decision'],
        tags,
        params: Id,
        body: z.object({ decision: z.enum(['approve', 'decline']) }),
      },
    },
    async (req) => {
      await joining.decideJoinRequest(ctx.db, requireActor(req), req.params.id, req.body.decision === 'approve');
      return { ok: true };
    },
  );

  // Anyone may read an invitation (no session): guessing codes is slowed per network.
  r.get('/api/join/:code', { schema: { response: joinResponses['GET /api/join/:code'], tags, params: Code } }, async (req) => {
    const limit = await hitRateLimit(ctx.db, `join-look:ip:${req.ip}`, 60, 15 * 60_000);
    if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
    return joining.describeJoinLink(ctx.db, req.params.code);
  });
  r.post(
    '/api/join/:code',
    { schema: { response: joinResponses['POST /api/join/:code'], tags, params: Code, body: z.object(JoinAnswers) } },
    async (req) => joining.joinWithLink(ctx.db, requireActor(req), req.params.code, req.body),
  );
  r.post(
    '/api/join/:code/signup',
    {
      schema: {
        response: joinResponses['POST /api/join/:code/signup'],
        tags,
        params: Code,
        body: z.object({
          email: z.email('must be an email address').trim().toLowerCase().max(254),
          displayName: nameInput(2, 100),
          password: z.string().min(1).max(256),
          ...JoinAnswers,
        }),
      },
    },
    async (req, reply) => {
      await requestSignup(ctx, req.params.code, req.body, req.ip ?? null);
      reply.code(202);
      return { ok: true, message: 'Check your email: a link to confirm your address is on its way. It works for 24 hours.' };
    },
  );
  r.post(
    '/api/join/verify',
    { schema: { response: joinResponses['POST /api/join/verify'], tags, body: z.object({ token: z.string().min(10).max(100) }) } },
    async (req, reply) => {
      const limit = await hitRateLimit(ctx.db, `join-verify:ip:${req.ip}`, 30, 15 * 60_000);
      if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
      const { outcome, communityId, pending } = await verifySignup(ctx, req.body.token, {
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, ctx, outcome.token, outcome.expiresAt);
      return { csrfToken: outcome.csrfToken, session: await sessionView(ctx, outcome.userId, outcome.orgId), communityId, pending };
    },
  );
}
