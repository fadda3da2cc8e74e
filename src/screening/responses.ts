import { z } from 'zod';
import { Ok } from '../shared/responses.ts';

const OptionSchema = z.object({ value: z.number(), label: z.string() });
export const InstrumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  about: z.string(),
  period: z.string().nullable(),
  source: z.string(),
  questions: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      options: z.array(OptionSchema),
      /** Asked only when the named question has this answer. */
      askIf: z.object({ question: z.string(), value: z.number() }).nullable(),
    }),
  ),
  maxScore: z.number(),
  /** Answers that call for crisis resources at once (shown as soon as one is chosen). */
  crisis: z.array(z.object({ question: z.string(), atLeast: z.number() })),
  /** The organization's own questionnaire (not one of the validated instruments). */
  own: z.boolean(),
});

export const ResultSchema = z.object({
  id: z.string(),
  instrument: z.string(),
  title: z.string(),
  answers: z.record(z.string(), z.number()),
  score: z.number(),
  maxScore: z.number(),
  band: z.string(),
  nextSteps: z.string(),
  /** An answer that calls for crisis resources at once. */
  crisis: z.boolean(),
  /** The care team was alerted (the patient allowed it and has one). */
  alertedCareTeam: z.boolean(),
  createdAt: z.string(),
  /** The patient's name: for clinicians it was shared with. */
  patientName: z.string().optional(),
  /** Whom the patient shared it with (their own view only). */
  sharedWith: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});

export const CrisisResourceSchema = z.object({ name: z.string(), how: z.string(), href: z.string() });

/** What each screening route answers. */
export const screeningResponses = {
  'GET /api/screening/instruments': {
    200: z.object({ instruments: z.array(InstrumentSchema), crisisResources: z.array(CrisisResourceSchema) }),
  },
  'POST /api/screening/instruments': { 201: z.object({ instrument: InstrumentSchema }) },
  'DELETE /api/screening/instruments/:id': { 200: Ok },
  'POST /api/screening/results': { 201: z.object({ result: ResultSchema, crisisResources: z.array(CrisisResourceSchema) }) },
  'GET /api/screening/results': { 200: z.object({ results: z.array(ResultSchema) }) },
  'GET /api/screening/results/:id': { 200: z.object({ result: ResultSchema }) },
  'POST /api/screening/results/:id/shares': { 200: z.object({ result: ResultSchema }) },
  'DELETE /api/screening/results/:id/shares/:clinicianId': { 200: Ok },
  'GET /api/screening/shared': { 200: z.object({ results: z.array(ResultSchema) }) },
};
