import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { CATEGORIES } from '../phi/categories.ts';
import { DESTINATIONS } from '../phi/policy.ts';
import { toFhirConsent } from './fhir.ts';
import * as consent from './service.ts';
import { dateInput } from '../shared/input.ts';

const Id = z.object({ id: z.string().max(64) });

export function consentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['consent'];
  const present = (c: Awaited<ReturnType<typeof consent.listConsents>>[number]) => ({
    id: c.id,
    patientId: c.patient_id,
    purpose: c.purpose,
    destinations: c.destinations,
    categories: c.categories,
    validFrom: c.valid_from.toISOString(),
    expiresAt: c.expires_at.toISOString(),
    revokedAt: c.revoked_at?.toISOString() ?? null,
    active: !c.revoked_at && c.expires_at.getTime() > Date.now(),
  });

  r.post('/api/consents', {
    schema: {
      tags,
      body: z.object({
        patientId: z.string().max(64),
        purpose: z.string().trim().min(5).max(500),
        destinations: z.array(z.enum(DESTINATIONS as [string, ...string[]])).min(1).max(4),
        categories: z.array(z.enum(CATEGORIES)).min(1).max(18),
        expiresAt: dateInput(),
      }),
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const c = await consent.recordConsent(ctx.db, actor, req.body);
    reply.code(201);
    return { consent: present(c) };
  });

  r.get('/api/consents', { schema: { tags, querystring: z.object({ patientId: z.string().max(64).optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return { consents: (await consent.listConsents(ctx.db, actor, req.query.patientId)).map(present) };
  });

  r.post('/api/consents/:id/revoke', { schema: { tags, params: Id } }, async (req) => {
    const actor = requireActor(req);
    return consent.revokeConsent(ctx.db, actor, req.params.id);
  });

  r.get('/api/consents/:id/fhir', { schema: { tags, params: Id, description: 'The consent as an HL7 FHIR R4 Consent resource.' } }, async (req, reply) => {
    const actor = requireActor(req);
    reply.header('content-type', 'application/fhir+json; charset=utf-8');
    return toFhirConsent(await consent.consentRecord(ctx.db, actor, req.params.id));
  });
}
