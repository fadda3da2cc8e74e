import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { CATEGORIES } from '../phi/categories.ts';
import { DESTINATIONS } from '../phi/policy.ts';
import { toFhirConsent } from './fhir.ts';
import * as consent from './service.ts';
import { dateInput, nameInput } from '../shared/input.ts';
import { CONSENT_MEDIA, SIGNATURE_METHODS } from '../shared/enums.ts';
import { consentResponses } from './responses.ts';

const Id = z.object({ id: z.string().max(64) });

export function consentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['consent'];
  const present = (c: Awaited<ReturnType<typeof consent.listConsents>>[number]) => ({
    id: c.id,
    patientId: c.patient_id,
    subject: {
      name: c.subject_name,
      aliases: c.subject_aliases,
      birthDate: c.subject_birth_date ? String(c.subject_birth_date).slice(0, 10) : null,
      contact: c.subject_contact,
    },
    signature: { method: c.signature_method, signedName: c.signed_name, witnessId: c.witness_id },
    media: c.media,
    purpose: c.purpose,
    destinations: c.destinations,
    categories: c.categories,
    validFrom: c.valid_from.toISOString(),
    expiresAt: c.expires_at.toISOString(),
    revokedAt: c.revoked_at?.toISOString() ?? null,
    active: !c.revoked_at && c.expires_at.getTime() > Date.now(),
  });

  r.post(
    '/api/consents',
    {
      schema: {
        response: consentResponses['POST /api/consents'],
        tags,
        description:
          "Record a consent. It names whom it covers: a patient account (patientId) or a person without one (subject), and only that person's identifiers are lifted by it.",
        body: z.object({
          patientId: z.string().max(64).nullable().default(null),
          subject: z
            .object({
              name: nameInput(2, 120),
              aliases: z.array(nameInput(1, 120)).max(10).default([]),
              birthDate: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
                .nullable()
                .default(null),
              contact: z.string().trim().max(200).nullable().default(null),
            })
            .nullable()
            .default(null),
          signature: z
            .object({
              method: z.enum(SIGNATURE_METHODS).exclude(['own_account']),
              signedName: nameInput(2, 120).nullable().default(null),
              witnessId: z.string().max(64).nullable().default(null),
            })
            .nullable()
            .default(null),
          media: z.array(z.enum(CONSENT_MEDIA)).min(1).max(4).default(['text']),
          purpose: z.string().trim().min(5).max(500),
          confirmPhi: z.boolean().default(false),
          destinations: z.array(z.enum(DESTINATIONS)).min(1).max(4),
          categories: z.array(z.enum(CATEGORIES)).min(1).max(18),
          expiresAt: dateInput(),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await consent.recordConsent(ctx.db, actor, req.body);
      reply.code(201);
      return { consent: present(c) };
    },
  );

  r.get(
    '/api/consents',
    {
      schema: {
        response: consentResponses['GET /api/consents'],
        tags,
        description:
          "Consents: all for staff, your own for a patient. q searches the covered person's name and aliases; active=true lists those in force.",
        querystring: z.object({
          patientId: z.string().max(64).optional(),
          q: z.string().max(100).optional(),
          active: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return {
        consents: (
          await consent.listConsents(ctx.db, actor, { patientId: req.query.patientId, q: req.query.q, active: req.query.active === 'true' })
        ).map(present),
      };
    },
  );

  r.post(
    '/api/consents/:id/revoke',
    { schema: { response: consentResponses['POST /api/consents/:id/revoke'], tags, params: Id } },
    async (req) => {
      const actor = requireActor(req);
      return consent.revokeConsent(ctx.db, actor, req.params.id);
    },
  );

  r.get(
    '/api/consents/:id/fhir',
    {
      schema: {
        response: consentResponses['GET /api/consents/:id/fhir'],
        tags,
        params: Id,
        description: 'The consent as an HL7 FHIR R4 Consent resource.',
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      reply.header('content-type', 'application/fhir+json; charset=utf-8');
      return toFhirConsent(await consent.consentRecord(ctx.db, actor, req.params.id));
    },
  );
}
