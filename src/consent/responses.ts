import { z } from 'zod';
import { SIGNATURE_METHODS } from '../shared/enums.ts';

export const ConsentSchema = z.object({
  id: z.string(),
  /** The patient's account when the person has one; otherwise the subject says whom it covers. */
  patientId: z.string().nullable(),
  subject: z.object({
    name: z.string(),
    aliases: z.array(z.string()),
    birthDate: z.string().nullable(),
    contact: z.string().nullable(),
  }),
  signature: z.object({ method: z.enum(SIGNATURE_METHODS), signedName: z.string().nullable(), witnessId: z.string().nullable() }),
  media: z.array(z.string()),
  purpose: z.string(),
  destinations: z.array(z.string()),
  categories: z.array(z.string()),
  validFrom: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
});
/** A FHIR R4 Consent resource: its shape is HL7's, passed on whole. */
const FhirConsent: z.ZodType<{ resourceType: string; id: string }> = z.looseObject({ resourceType: z.literal('Consent'), id: z.string() });

/** What each consent route answers. */
export const consentResponses = {
  'POST /api/consents': { 201: z.object({ consent: ConsentSchema }) },
  'GET /api/consents': { 200: z.object({ consents: z.array(ConsentSchema) }) },
  'POST /api/consents/:id/revoke': {
    200: z.object({
      hiddenPosts: z.array(z.string()),
      hiddenComments: z.array(z.string()),
      cancelledTargets: z.number(),
      takedowns: z.number(),
    }),
  },
  'GET /api/consents/:id/fhir': { 200: FhirConsent },
};
