import { z } from 'zod';
import { Ok } from '../shared/responses.ts';
import { GOAL_KINDS } from './kinds.ts';

export const GoalSchema = z.object({
  id: z.string(),
  kind: z.enum(GOAL_KINDS),
  title: z.string(),
  unit: z.string(),
  target: z.number().nullable(),
  /** Blood pressure: the diastolic target. */
  target2: z.number().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(['suggested', 'active', 'declined', 'stopped']),
  /** Which way is progress (toward the target from the first reading). */
  direction: z.enum(['up', 'down']),
  /** The last reading meets the target (a habit: done on as many of the last 7 days). */
  reached: z.boolean(),
  suggestedBy: z.string().nullable(),
  suggestionNote: z.string(),
  entries: z.array(z.object({ id: z.string(), value: z.number(), value2: z.number().nullable(), date: z.string() })),
  sharedWith: z.array(z.object({ id: z.string(), name: z.string() })),
  /** For clinicians: whose goal it is. */
  patientName: z.string().optional(),
  createdAt: z.string(),
});

/** What each goal route answers. */
export const goalResponses = {
  'GET /api/goals': { 200: z.object({ goals: z.array(GoalSchema) }) },
  'POST /api/goals': { 201: z.object({ goal: GoalSchema }) },
  'POST /api/goals/suggestions': { 201: z.object({ goal: GoalSchema }) },
  'PUT /api/goals/:id/status': { 200: z.object({ goal: GoalSchema }) },
  'POST /api/goals/:id/entries': { 201: z.object({ goal: GoalSchema }) },
  'POST /api/goals/:id/shares': { 200: z.object({ goal: GoalSchema }) },
  'DELETE /api/goals/:id/shares/:clinicianId': { 200: Ok },
  'GET /api/goals/shared': { 200: z.object({ goals: z.array(GoalSchema) }) },
};
