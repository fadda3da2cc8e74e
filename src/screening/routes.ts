import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requirePermission } from '../http/auth.ts';
import type { AppContext } from '../http/context.ts';
import { CRISIS_RESOURCES, maxScore, type Instrument } from './instruments.ts';
import { screeningResponses } from './responses.ts';
import * as screening from './service.ts';

const tags = ['screening'];
const Id = z.object({ id: z.string().max(64) });

const presentInstrument = (i: Instrument) => ({
  id: i.id,
  title: i.title,
  about: i.about,
  period: i.period,
  source: i.source,
  questions: i.questions.map((q) => ({ id: q.id, text: q.text, options: q.options, askIf: q.askIf ?? null })),
  maxScore: maxScore(i),
  crisis: i.crisis ?? [],
  own: i.id.startsWith('org-'),
});

type ResultRow = Awaited<ReturnType<typeof screening.readResult>> & { sharedWith?: { id: string; name: string }[] };
const presentResult = (r: ResultRow) => ({
  id: r.id,
  instrument: r.instrument,
  title: r.instrument_title,
  answers: r.answers,
  score: r.score,
  maxScore: r.max_score,
  band: r.band,
  nextSteps: r.next_steps,
  crisis: r.crisis,
  alertedCareTeam: r.alerted_care_team,
  createdAt: r.created_at.toISOString(),
  ...('patient_name' in r ? { patientName: r.patient_name } : {}),
  ...(r.sharedWith ? { sharedWith: r.sharedWith } : {}),
});

/**
 * Self-screening: validated questionnaires a person answers about themselves, scored as their authors
 * define, private to them unless they share a result with clinicians of their care team.
 */
export function screeningRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/screening/instruments',
    { schema: { response: screeningResponses['GET /api/screening/instruments'], tags } },
    async (req) => ({
      instruments: (await screening.instrumentsFor(ctx.db, requireActor(req))).map(presentInstrument),
      crisisResources: CRISIS_RESOURCES,
    }),
  );
  r.post(
    '/api/screening/instruments',
    {
      schema: {
        response: screeningResponses['POST /api/screening/instruments'],
        tags,
        description:
          "Add the organization's own questionnaire: questions with options and points, score bands with next steps, crisis answers.",
        body: screening.OwnInstrumentSchema,
      },
    },
    async (req, reply) => {
      const instrument = await screening.createInstrument(ctx.db, requirePermission(req, 'screening.manage'), req.body);
      return reply.code(201).send({ instrument: presentInstrument(instrument) });
    },
  );
  r.delete(
    '/api/screening/instruments/:id',
    { schema: { response: screeningResponses['DELETE /api/screening/instruments/:id'], tags, params: Id } },
    async (req) => {
      await screening.retireInstrument(ctx.db, requirePermission(req, 'screening.manage'), req.params.id);
      return { ok: true };
    },
  );
  r.post(
    '/api/screening/results',
    {
      schema: {
        response: screeningResponses['POST /api/screening/results'],
        tags,
        description:
          'Answer a screening for yourself. Scored as the instrument defines and kept private; a crisis answer returns crisis resources and, with alertCareTeam, alerts your care team.',
        body: z.object({
          instrument: z.string().max(64),
          answers: z
            .record(z.string().max(40), z.number().int().min(0).max(100))
            .refine((a) => Object.keys(a).length <= 60, 'too many answers'),
          alertCareTeam: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const result = await screening.submitScreening(ctx.db, requireActor(req), req.body);
      return reply.code(201).send({ result: presentResult(result as ResultRow), crisisResources: result.crisis ? CRISIS_RESOURCES : [] });
    },
  );
  r.get('/api/screening/results', { schema: { response: screeningResponses['GET /api/screening/results'], tags } }, async (req) => ({
    results: (await screening.myResults(ctx.db, requireActor(req))).map((x) => presentResult(x as ResultRow)),
  }));
  r.get(
    '/api/screening/results/:id',
    { schema: { response: screeningResponses['GET /api/screening/results/:id'], tags, params: Id } },
    async (req) => ({ result: presentResult(await screening.readResult(ctx.db, requireActor(req), req.params.id)) }),
  );
  r.post(
    '/api/screening/results/:id/shares',
    {
      schema: {
        response: screeningResponses['POST /api/screening/results/:id/shares'],
        tags,
        description: 'Share one of your results with clinicians of your organization.',
        params: Id,
        body: z.object({ clinicianIds: z.array(z.string().max(64)).min(1).max(20) }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await screening.shareResult(ctx.db, actor, req.params.id, req.body.clinicianIds);
      const mine = (await screening.myResults(ctx.db, actor)).find((x) => x.id === req.params.id)!;
      return { result: presentResult(mine as ResultRow) };
    },
  );
  r.delete(
    '/api/screening/results/:id/shares/:clinicianId',
    {
      schema: {
        response: screeningResponses['DELETE /api/screening/results/:id/shares/:clinicianId'],
        tags,
        params: z.object({ id: z.string().max(64), clinicianId: z.string().uuid() }),
      },
    },
    async (req) => {
      await screening.unshareResult(ctx.db, requireActor(req), req.params.id, req.params.clinicianId);
      return { ok: true };
    },
  );
  r.get('/api/screening/shared', { schema: { response: screeningResponses['GET /api/screening/shared'], tags } }, async (req) => ({
    results: (await screening.sharedWithMe(ctx.db, requireActor(req))).map((x) => presentResult(x as ResultRow)),
  }));
}
