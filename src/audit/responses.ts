import { z } from 'zod';
import { ChainVerification, FileDownload, JsonObject, Person } from '../shared/responses.ts';

/** What each audit route answers: serialization keeps exactly these fields (anything else is stripped). */
export const auditResponses = {
  'GET /api/audit': {
    200: z.object({
      events: z.array(
        z.object({
          seq: z.number(),
          actor_id: z.string().nullable(),
          action: z.string(),
          target_type: z.string().nullable(),
          target_id: z.string().nullable(),
          ip: z.string().nullable(),
          detail: JsonObject,
          created_at: z.string(),
          hash: z.string(),
          actor_name: z.string().nullable(),
          target_name: z.string().nullable(),
        }),
      ),
      nextBefore: z.number().nullable(),
    }),
  },
  'GET /api/audit/export.csv': { 200: FileDownload },
  'GET /api/audit/people': { 200: z.object({ people: z.array(Person) }) },
  'GET /api/audit/verify': {
    200: ChainVerification,
  },
};
