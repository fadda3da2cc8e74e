import { z } from 'zod';
import { ChainVerification, FileDownload, Instant, JsonObject, Ok } from '../shared/responses.ts';

/** What each archive route answers. */
export const archiveResponses = {
  'GET /api/archive/search': {
    200: z.object({
      entries: z.array(
        z.object({
          seq: z.number(),
          recordKind: z.string(),
          recordId: z.string(),
          recordClass: z.string(),
          event: z.string(),
          version: z.number(),
          channel: z.string(),
          custodian: z.string().nullable(),
          authorId: z.string().nullable(),
          at: z.string(),
          text: z.string(),
          contentHash: z.string(),
        }),
      ),
    }),
  },
  'GET /api/archive/records/:kind/:id': {
    200: z.object({
      versions: z.array(
        z.object({
          seq: z.number(),
          event: z.string(),
          version: z.number(),
          at: z.string(),
          content: JsonObject.nullable(),
          destroyedAt: Instant.nullable(),
          contentHash: z.string(),
          hash: z.string(),
        }),
      ),
      distribution: z.array(
        z.object({
          kind: z.string(),
          destination: z.string(),
          externalId: z.string().nullable(),
          audience: JsonObject,
          at: z.string(),
        }),
      ),
    }),
  },
  'GET /api/archive/holds': {
    200: z.object({
      holds: z.array(
        z.object({
          id: z.string(),
          org_id: z.string(),
          name: z.string(),
          reason: z.string(),
          custodian_ids: z.array(z.string()),
          channels: z.array(z.string()),
          keywords: z.array(z.string()),
          date_from: Instant.nullable(),
          date_to: Instant.nullable(),
          created_by: z.string(),
          created_at: z.date(),
          released_at: Instant.nullable(),
          released_by: z.string().nullable(),
        }),
      ),
    }),
  },
  'POST /api/archive/holds': {
    201: z.object({
      hold: z.object({
        id: z.string(),
      }),
    }),
  },
  'POST /api/archive/holds/:id/release': {
    200: Ok,
  },
  'GET /api/archive/certificates': {
    200: z.object({
      certificates: z.array(
        z.object({
          id: z.string(),
          reason: z.string(),
          entries: z.number(),
          records: z.number(),
          rules: z.array(z.unknown()),
          manifestSha256: z.string(),
          signature: z.string(),
          at: z.string(),
        }),
      ),
    }),
  },
  'GET /api/archive/certificates/:id/verify': {
    200: z.object({
      valid: z.boolean(),
    }),
  },
  'POST /api/archive/erasures': {
    201: z.object({
      requestId: z.string(),
      status: z.string(),
      heldEntries: z.number().optional(),
      certificateId: z.string().nullable().optional(),
    }),
  },
  'POST /api/archive/productions': {
    201: z.object({
      production: z.object({
        id: z.string(),
        documents: z.number(),
        sha256: z.string(),
        bytes: z.number(),
      }),
    }),
  },
  'GET /api/archive/productions': {
    200: z.object({
      productions: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          batesPrefix: z.string(),
          sha256: z.string(),
          documents: z.number(),
          at: z.string(),
          query: JsonObject,
        }),
      ),
    }),
  },
  'GET /api/archive/productions/:id/download': { 200: FileDownload },
  'GET /api/archive/productions/:id/custody': {
    200: z.object({
      events: z.array(
        z.object({
          action: z.string(),
          sha256: z.string().nullable(),
          by: z.string().nullable(),
          at: z.string(),
        }),
      ),
    }),
  },
  'GET /api/archive/verify': {
    200: ChainVerification,
  },
};
