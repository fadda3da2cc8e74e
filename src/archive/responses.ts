import { z } from 'zod';
import { ChainVerification, FileDownload, Instant, JsonObject, Ok } from '../shared/responses.ts';

export const ErasureKept = z.object({ recordClass: z.string(), entries: z.number(), reason: z.string(), until: Instant.nullable() });
const Facet = z.object({ value: z.string().nullable(), label: z.string().nullable(), count: z.number() });
const TextPiece = z.object({ text: z.string(), hit: z.boolean() });
const ReviewSet = z.object({
  id: z.string(),
  name: z.string(),
  documents: z.number(),
  query: JsonObject,
  at: z.string(),
  reviewed: z.number(),
  tags: z.record(z.string(), z.number()),
  reviewers: z.array(z.object({ id: z.string().nullable(), name: z.string().nullable(), documents: z.number(), reviewed: z.number() })),
});

/** What each archive route answers. */
export const archiveResponses = {
  'GET /api/archive/search': {
    200: z.object({
      total: z.number(),
      /** More than `total` match (counting stops at 10,000; the facets then count among those). */
      more: z.boolean(),
      facets: z.object({ custodians: z.array(Facet), channels: z.array(Facet), kinds: z.array(Facet) }),
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
          snippet: z.array(TextPiece),
          contentHash: z.string(),
        }),
      ),
    }),
  },
  'GET /api/archive/records/:kind/:id': {
    200: z.object({
      custodian: z.string().nullable(),
      recordClass: z.string(),
      channel: z.string(),
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
          proof: z.object({
            seq: z.number(),
            prevHash: z.string(),
            hash: z.string(),
            contentMatches: z.boolean().nullable(),
            linkValid: z.boolean(),
            linkedByNext: z.boolean().nullable(),
          }),
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
          saved_search_id: z.string().nullable(),
          custodians: z.array(z.string()),
          /** Archive entries the hold covers now (null once released). */
          matching: z.number().nullable(),
        }),
      ),
    }),
  },
  'POST /api/archive/holds': {
    201: z.object({
      hold: z.object({
        id: z.string(),
      }),
      matching: z.number(),
      warning: z.string().nullable(),
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
      erasedEntries: z.number().optional(),
      kept: z.array(ErasureKept),
    }),
  },
  'POST /api/archive/productions': {
    201: z.object({
      production: z.object({
        id: z.string(),
        documents: z.number(),
        withheld: z.number(),
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
          batesStart: z.number(),
          sha256: z.string(),
          documents: z.number(),
          withheld: z.number(),
          by: z.string().nullable(),
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
  'GET /api/archive/saved-searches': {
    200: z.object({
      searches: z.array(z.object({ id: z.string(), name: z.string(), query: JsonObject, by: z.string().nullable(), at: z.string() })),
    }),
  },
  'POST /api/archive/saved-searches': { 201: z.object({ id: z.string() }) },
  'DELETE /api/archive/saved-searches/:id': { 200: Ok },
  'GET /api/archive/review-sets': { 200: z.object({ sets: z.array(ReviewSet) }) },
  'POST /api/archive/review-sets': { 201: z.object({ id: z.string(), documents: z.number() }) },
  'GET /api/archive/review-sets/:id': { 200: ReviewSet },
  'GET /api/archive/review-sets/:id/items': {
    200: z.object({
      total: z.number(),
      items: z.array(
        z.object({
          position: z.number(),
          tags: z.array(z.string()),
          note: z.string(),
          reviewedAt: Instant.nullable(),
          assignee: z.string().nullable(),
          recordKind: z.string(),
          recordId: z.string(),
          version: z.number(),
          channel: z.string(),
          at: z.string(),
          custodian: z.string().nullable(),
          /** Null when the record was destroyed after the set was made. */
          text: z.string().nullable(),
        }),
      ),
    }),
  },
  'POST /api/archive/review-sets/:id/assign': { 200: z.object({ assigned: z.number() }) },
  'PUT /api/archive/review-sets/:id/items/:position': { 200: z.object({ tags: z.array(z.string()) }) },
};
