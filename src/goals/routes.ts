import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateOnly } from '../shared/dates.ts';
import { requireActor } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import type { Actor } from '../access/policy.ts';
import { GOAL_KINDS } from './kinds.ts';
import { goalResponses } from './responses.ts';
import * as goals from './service.ts';

const tags = ['goals'];
const Id = z.object({ id: z.string().max(64) });
const GoalBody = z.object({
  kind: z.enum(GOAL_KINDS),
  title: z.string().max(200).optional(),
  unit: z.string().max(20).nullable().optional(),
  target: z.number().nullable().optional(),
  target2: z.number().nullable().optional(),
  dueDate: z.string().max(10).nullable().optional(),
});

type Listed = Awaited<ReturnType<typeof goals.describeGoal>> & { goal: { patient_name?: string } };
const present = (g: Listed) => ({
  id: g.goal.id,
  kind: g.goal.kind,
  title: g.goal.title,
  unit: g.goal.unit,
  target: g.target,
  target2: g.target2,
  dueDate: dateOnly(g.goal.due_date),
  status: g.goal.status,
  direction: g.direction,
  reached: g.reached,
  suggestedBy: g.goal.suggested_by,
  suggestionNote: g.goal.suggestion_note,
  entries: g.entries,
  sharedWith: g.sharedWith,
  ...(g.goal.patient_name ? { patientName: g.goal.patient_name } : {}),
  createdAt: g.goal.created_at.toISOString(),
});

/** Personal goals: set, logged by hand, charted, shared with chosen clinicians; clinicians suggest them. */
export function goalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const one = async (actor: Actor, id: string) => present(await goals.myGoal(ctx.db, actor, id));
  r.get('/api/goals', { schema: { response: goalResponses['GET /api/goals'], tags } }, async (req) => ({
    goals: (await goals.myGoals(ctx.db, requireActor(req))).map(present),
  }));
  r.post(
    '/api/goals',
    { schema: { response: goalResponses['POST /api/goals'], tags, description: 'Set a goal for yourself (patients).', body: GoalBody } },
    async (req, reply) => {
      const actor = requireActor(req);
      const g = await goals.createGoal(ctx.db, actor, req.body);
      return reply.code(201).send({ goal: await one(actor, g.id) });
    },
  );
  r.post(
    '/api/goals/suggestions',
    {
      schema: {
        response: goalResponses['POST /api/goals/suggestions'],
        tags,
        description: 'A clinician of the patient’s care team suggests a goal; the patient accepts or declines it.',
        body: GoalBody.extend({ patientId: z.string().max(64), note: z.string().max(1000).optional() }),
      },
    },
    async (req, reply) => {
      const g = await goals.suggestGoal(ctx.db, requireActor(req), req.body.patientId, req.body);
      return reply.code(201).send({ goal: present(await goals.describeGoal(ctx.db, g)) });
    },
  );
  r.put(
    '/api/goals/:id/status',
    {
      schema: {
        response: goalResponses['PUT /api/goals/:id/status'],
        tags,
        params: Id,
        body: z.object({ status: z.enum(['active', 'declined', 'stopped']) }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const g = await goals.setGoalStatus(ctx.db, actor, req.params.id, req.body.status);
      return { goal: present(await goals.describeGoal(ctx.db, g)) };
    },
  );
  r.post(
    '/api/goals/:id/entries',
    {
      schema: {
        response: goalResponses['POST /api/goals/:id/entries'],
        tags,
        description: 'Log a reading (blood pressure: value is systolic, value2 diastolic; a habit: 1 done, 0 not done).',
        params: Id,
        body: z.object({ value: z.number(), value2: z.number().nullable().optional(), date: z.string().max(10).nullable().optional() }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await goals.logEntry(ctx.db, actor, req.params.id, req.body);
      return reply.code(201).send({ goal: await one(actor, req.params.id) });
    },
  );
  r.post(
    '/api/goals/:id/shares',
    {
      schema: {
        response: goalResponses['POST /api/goals/:id/shares'],
        tags,
        params: Id,
        body: z.object({ clinicianIds: z.array(z.string().max(64)).min(1).max(20) }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await goals.shareGoal(ctx.db, actor, req.params.id, req.body.clinicianIds);
      return { goal: await one(actor, req.params.id) };
    },
  );
  r.delete(
    '/api/goals/:id/shares/:clinicianId',
    {
      schema: {
        response: goalResponses['DELETE /api/goals/:id/shares/:clinicianId'],
        tags,
        params: z.object({ id: z.string().max(64), clinicianId: z.string().uuid() }),
      },
    },
    async (req) => {
      await goals.unshareGoal(ctx.db, requireActor(req), req.params.id, req.params.clinicianId);
      return { ok: true };
    },
  );
  r.get('/api/goals/shared', { schema: { response: goalResponses['GET /api/goals/shared'], tags } }, async (req) => ({
    goals: (await goals.sharedGoals(ctx.db, requireActor(req))).map(present),
  }));
}
