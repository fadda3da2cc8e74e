import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportMyData } from '../accounts/data-export.ts';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { consentRecord } from '../consent/service.ts';
import { toFhirConsent } from '../consent/fhir.ts';
import { requestErasure } from '../archive/retention.ts';
import { ErasureKept } from '../archive/responses.ts';
import { AppError, badRequest } from '../shared/errors.ts';
import { FileDownload } from '../shared/responses.ts';
import { ownDataBundle } from './fhir-bundle.ts';

/** A person's rights over their own data: a copy in FHIR R4, and erasure (what the law lets go). */
export function privacyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  r.get(
    '/api/me/export.fhir',
    {
      schema: {
        response: { 200: FileDownload },
        tags,
        description: 'Your own data as an HL7 FHIR R4 Bundle: your Patient resource, your consents, and what you wrote (Communication).',
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const data = await exportMyData(ctx.db, actor);
      const consents = await Promise.all(data.consents.map(async (c) => toFhirConsent(await consentRecord(ctx.db, actor, c.id))));
      const bundle = ownDataBundle({
        userId: actor.userId,
        name: data.account.name,
        email: data.account.email,
        organization: data.account.organization,
        consents,
        writings: [
          ...data.posts.map((p) => ({
            kind: 'post' as const,
            id: p.id,
            text: [p.title, p.body].filter(Boolean).join('\n\n'),
            at: p.created_at,
          })),
          ...data.comments.map((c) => ({ kind: 'comment' as const, id: c.id, text: c.body, at: c.created_at, about: `Post ${c.post_id}` })),
          ...data.messages.map((m) => ({
            kind: 'message' as const,
            id: m.id,
            text: m.body,
            at: m.created_at,
            about: `Conversation ${m.thread_id}`,
          })),
          ...data.reviews.map((v) => ({ kind: 'review' as const, id: v.id, text: `${v.rating}/5 ${v.body}`, at: v.created_at })),
        ],
      });
      return reply
        .header('content-type', 'application/fhir+json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="my-harborline-data.fhir.json"')
        .header('cache-control', 'no-store')
        .send(JSON.stringify(bundle, null, 2));
    },
  );

  r.get(
    '/api/me/erasure',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            requests: z.array(z.object({ id: z.string(), status: z.string(), at: z.string(), completedAt: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await ctx.db
        .selectFrom('erasure_requests')
        .select(['id', 'status', 'created_at', 'completed_at'])
        .where('org_id', '=', actor.orgId)
        .where('subject_id', '=', actor.userId)
        .orderBy('created_at', 'desc')
        .execute();
      return {
        requests: rows.map((e) => ({
          id: e.id,
          status: e.status,
          at: e.created_at.toISOString(),
          completedAt: e.completed_at?.toISOString() ?? null,
        })),
      };
    },
  );

  r.post(
    '/api/me/erasure',
    {
      schema: {
        tags,
        description:
          'Erase everything you wrote here (GDPR Art. 17). Records a legal hold or a statutory retention period requires are kept, and the answer says which and until when.',
        body: z.object({ confirm: z.literal(true, { message: 'must be true: erasure cannot be undone' }) }),
        response: {
          201: z.object({
            requestId: z.string(),
            status: z.string(),
            erasedEntries: z.number(),
            kept: z.array(ErasureKept),
            message: z.string(),
          }),
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      // Staff write the organization's records as part of their work: their erasure goes through the compliance officer.
      if (actor.role !== 'patient')
        throw new AppError('forbidden', 'What staff write is the organization’s record; ask your compliance officer about erasure.');
      const open = await ctx.db
        .selectFrom('erasure_requests')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('subject_id', '=', actor.userId)
        .where('status', '=', 'restricted')
        .executeTakeFirst();
      if (open)
        throw badRequest('Your earlier erasure request is still waiting on a legal hold; it will finish when the hold is released.');
      const result = await requestErasure(ctx.db, ctx.secrets, actor, actor.userId);
      const erasedEntries = ('erasedEntries' in result ? result.erasedEntries : 0) ?? 0;
      const message =
        result.status === 'restricted'
          ? 'A legal hold covers some of what you wrote, so nothing can be erased yet: your posts and comments are hidden now, and everything will be erased when the hold is released.'
          : result.kept.length
            ? `Erased ${erasedEntries} record(s). Some records must be kept by law for a while; they are listed with the date after which they can be erased.`
            : `Erased ${erasedEntries} record(s). Nothing you wrote is kept.`;
      reply.code(201);
      return { requestId: result.requestId, status: result.status, erasedEntries, kept: result.kept, message };
    },
  );
}
