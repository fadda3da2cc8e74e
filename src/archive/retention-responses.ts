import { z } from 'zod';
import { Ok } from '../shared/responses.ts';

const Warnings = z.array(z.string());
const Breakdown = z.array(
  z.object({ recordClass: z.string(), jurisdiction: z.string(), years: z.number(), records: z.number(), heldRecords: z.number() }),
);
const Applied = z.array(
  z.object({
    recordClass: z.string(),
    ruleId: z.string(),
    years: z.number(),
    jurisdiction: z.string(),
    basis: z.string(),
    floor: z.string().optional(),
  }),
);
const Preview = z.object({ records: z.number(), heldRecords: z.number(), breakdown: Breakdown, rules: Applied });

export const retentionResponses = {
  'GET /api/archive/rules': {
    200: z.object({
      rules: z.array(
        z.object({
          id: z.string(),
          record_class: z.string(),
          jurisdiction: z.string(),
          years: z.number(),
          basis: z.string(),
          created_at: z.date(),
          effectiveFrom: z.string(),
          retiredAt: z.string().nullable(),
          version: z.number(),
        }),
      ),
      floors: z.array(
        z.object({
          id: z.string().nullable(),
          recordClass: z.string(),
          jurisdiction: z.string(),
          years: z.number(),
          basis: z.string(),
          builtIn: z.boolean(),
        }),
      ),
    }),
  },
  'POST /api/archive/rules': { 201: z.object({ rule: z.object({ id: z.string(), version: z.number() }), warnings: Warnings }) },
  'PUT /api/archive/rules/:id': { 200: z.object({ warnings: Warnings }) },
  'POST /api/archive/rules/:id/retire': { 200: Ok },
  'POST /api/archive/floors': { 201: z.object({ floor: z.object({ id: z.string() }), warnings: Warnings }) },
  'GET /api/archive/disposition/preview': { 200: Preview },
  'GET /api/archive/dispositions': {
    200: z.object({
      requests: z.array(
        z.object({
          id: z.string(),
          status: z.enum(['pending', 'approved', 'executed', 'cancelled']),
          asOf: z.string(),
          requestedBy: z.string(),
          requestedById: z.string().nullable(),
          approvalsRequired: z.number(),
          approvers: z.array(z.object({ id: z.string(), name: z.string() })),
          runsAfter: z.string().nullable(),
          certificateId: z.string().nullable(),
          preview: Preview,
          result: z.object({ records: z.number(), entries: z.number(), heldRecords: z.number() }).nullable(),
          createdAt: z.string(),
        }),
      ),
      delayHours: z.number(),
      me: z.string(),
    }),
  },
  'POST /api/archive/dispositions': { 201: z.object({ request: z.object({ id: z.string(), status: z.string() }) }) },
  'POST /api/archive/dispositions/:id/approve': {
    200: z.object({ status: z.enum(['pending', 'approved']), runsAfter: z.string().nullable() }),
  },
  'POST /api/archive/dispositions/:id/cancel': { 200: Ok },
};
