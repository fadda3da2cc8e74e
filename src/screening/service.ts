import { z } from 'zod';
import type { Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { notify } from '../notify/notifications.ts';
import { AppError, badRequest, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { careTeamOf, cliniciansAmong } from '../messaging/care-team.ts';
import { AnswerError, BUILT_IN, maxScore, score, type Answers, type Instrument } from './instruments.ts';

/** Screening results are health records: the archive keeps them under this class (retention rules apply). */
const RECORD_CLASS = 'health_record';

/** An organization's own instrument, as an admin writes it (checked before it is stored). */
export const OwnInstrumentSchema = z
  .object({
    title: z.string().trim().min(3).max(120),
    about: z.string().trim().max(400).default(''),
    period: z.string().trim().max(300).nullable().default(null),
    source: z.string().trim().max(300).default(''),
    questions: z
      .array(
        z.object({
          text: z.string().trim().min(3).max(400),
          options: z
            .array(z.object({ value: z.number().int().min(0).max(100), label: z.string().trim().min(1).max(120) }))
            .min(2)
            .max(10),
        }),
      )
      .min(1)
      .max(40),
    bands: z
      .array(
        z.object({
          min: z.number().int().min(0).max(4000),
          label: z.string().trim().min(2).max(120),
          nextSteps: z.string().trim().min(2).max(600),
        }),
      )
      .min(1)
      .max(10),
    /** Question numbers (1-based) whose answer at or above `atLeast` calls for crisis resources. */
    crisis: z
      .array(z.object({ question: z.number().int().min(1).max(40), atLeast: z.number().int().min(1).max(100) }))
      .max(10)
      .default([]),
  })
  .superRefine((d, ctx) => {
    const mins = d.bands.map((b) => b.min);
    if (mins[0] !== 0) ctx.addIssue({ code: 'custom', path: ['bands', 0, 'min'], message: 'the first band starts at 0' });
    if (mins.some((m, i) => i > 0 && m <= mins[i - 1]))
      ctx.addIssue({ code: 'custom', path: ['bands'], message: 'bands go up: each starts above the one before' });
    for (const [i, q] of d.questions.entries())
      if (new Set(q.options.map((o) => o.value)).size !== q.options.length)
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'two options give the same points' });
    for (const [i, c] of d.crisis.entries())
      if (c.question > d.questions.length)
        ctx.addIssue({ code: 'custom', path: ['crisis', i, 'question'], message: `there are ${d.questions.length} questions` });
  });
export type OwnInstrument = z.infer<typeof OwnInstrumentSchema>;

const asInstrument = (slug: string, d: OwnInstrument): Instrument => ({
  id: slug,
  title: d.title,
  about: d.about,
  period: d.period,
  source: d.source || 'Your organization',
  questions: d.questions.map((q, i) => ({ id: `q${i + 1}`, text: q.text, options: q.options })),
  bands: d.bands,
  crisis: d.crisis.map((c) => ({ question: `q${c.question}`, atLeast: c.atLeast })),
});

/** The instruments a person in this organization can take: the built-in ones and the organization's own. */
export async function instrumentsFor(db: Db | Tx, actor: Actor): Promise<Instrument[]> {
  const own = await db
    .selectFrom('screening_instruments')
    .select(['slug', 'definition'])
    .where('org_id', '=', actor.orgId)
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return [...BUILT_IN, ...own.map((r) => asInstrument(r.slug, OwnInstrumentSchema.parse(r.definition)))];
}

async function instrument(db: Db | Tx, actor: Actor, id: string): Promise<Instrument> {
  const found = (await instrumentsFor(db, actor)).find((i) => i.id === id);
  if (!found) throw notFound('Screening');
  return found;
}

/**
 * A patient answers a screening: checked (every question answered with one of its options), scored as
 * the instrument defines, kept private to them and archived as a health record. A crisis answer is
 * flagged for crisis resources at once; with the patient's leave, their care team is alerted (and sees the
 * result) — the notice itself says nothing about the answers.
 */
export async function submitScreening(db: Db, actor: Actor, input: { instrument: string; answers: Answers; alertCareTeam: boolean }) {
  const inst = await instrument(db, actor, input.instrument);
  let scored;
  try {
    scored = score(inst, input.answers);
  } catch (e) {
    if (e instanceof AnswerError) throw new AppError('validation_failed', e.message);
    throw e;
  }
  const careTeam = scored.crisis && input.alertCareTeam ? await careTeamOf(db, actor.orgId, actor.userId) : [];
  return db.transaction().execute(async (tx) => {
    const result = await tx
      .insertInto('screening_results')
      .values({
        org_id: actor.orgId,
        patient_id: actor.userId,
        instrument: inst.id,
        instrument_title: inst.title,
        answers: JSON.stringify(scored.answers),
        score: scored.score,
        max_score: maxScore(inst),
        band: scored.band.label,
        next_steps: scored.band.nextSteps,
        crisis: scored.crisis,
        alerted_care_team: careTeam.length > 0,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'screening_result',
      recordId: result.id,
      recordClass: RECORD_CLASS,
      event: 'create',
      version: 1,
      authorId: actor.userId,
      channel: `patient:${actor.userId}`,
      content: {
        instrument: inst.id,
        title: inst.title,
        answers: scored.answers,
        score: scored.score,
        band: scored.band.label,
        crisis: scored.crisis,
      },
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'screening.complete',
      targetType: 'screening_result',
      targetId: result.id,
      ip: actor.ip,
      detail: { instrument: inst.id, crisis: scored.crisis, careTeamAlerted: careTeam.length },
    });
    if (careTeam.length) {
      await addShares(tx, actor, result.id, careTeam, 'crisis');
      await notify(tx, {
        orgId: actor.orgId,
        userIds: careTeam,
        kind: 'screening',
        title: `${actor.displayName} asked their care team for help after a self-screening`,
        link: `/screening/shared/${result.id}`,
        email: true,
      });
    }
    return result;
  });
}

async function addShares(tx: Tx, actor: Actor, resultId: string, clinicianIds: string[], why: 'crisis' | 'shared') {
  await tx
    .insertInto('screening_shares')
    .values(clinicianIds.map((clinician_id) => ({ result_id: resultId, clinician_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await recordAudit(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'screening.share',
    targetType: 'screening_result',
    targetId: resultId,
    ip: actor.ip,
    detail: { clinicians: clinicianIds, why },
  });
}

const own = async (db: Db | Tx, actor: Actor, id: string) => {
  if (!isUuid(id)) throw notFound('Screening result');
  const r = await db
    .selectFrom('screening_results')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId)
    .where('patient_id', '=', actor.userId)
    .executeTakeFirst();
  if (!r) throw notFound('Screening result');
  return r;
};

/** The patient's own results, newest first, with whom each is shared. */
export async function myResults(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('screening_results')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('patient_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const shares = rows.length
    ? await db
        .selectFrom('screening_shares as s')
        .innerJoin('users as u', 'u.id', 's.clinician_id')
        .select(['s.result_id', 'u.id', 'u.display_name'])
        .where(
          's.result_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return rows.map((r) => ({
    ...r,
    sharedWith: shares.filter((s) => s.result_id === r.id).map((s) => ({ id: s.id, name: s.display_name })),
  }));
}

/** The patient shares a result with clinicians of their organization (and may take it back). */
export async function shareResult(db: Db, actor: Actor, id: string, clinicianIds: string[]) {
  const ids = [...new Set(clinicianIds)];
  if (!ids.length) throw badRequest('Choose at least one clinician to share with.');
  return db.transaction().execute(async (tx) => {
    const r = await own(tx, actor, id);
    const clinicians = await cliniciansAmong(tx, actor.orgId, ids.filter(isUuid));
    if (clinicians.length !== ids.length) throw badRequest('Results can be shared only with clinicians of your organization.');
    await addShares(tx, actor, r.id, ids, 'shared');
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'screening_result',
      recordId: r.id,
      recordClass: RECORD_CLASS,
      event: 'status',
      version: 2,
      authorId: actor.userId,
      channel: `patient:${actor.userId}`,
      content: { sharedWith: ids },
    });
    await notify(tx, {
      orgId: actor.orgId,
      userIds: ids,
      kind: 'screening',
      title: `${actor.displayName} shared a self-screening result with you`,
      link: `/screening/shared/${r.id}`,
    });
  });
}

export async function unshareResult(db: Db, actor: Actor, id: string, clinicianId: string) {
  await db.transaction().execute(async (tx) => {
    const r = await own(tx, actor, id);
    await tx.deleteFrom('screening_shares').where('result_id', '=', r.id).where('clinician_id', '=', clinicianId).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'screening.unshare',
      targetType: 'screening_result',
      targetId: r.id,
      ip: actor.ip,
      detail: { clinician: clinicianId },
    });
  });
}

const sharedQuery = (db: Db | Tx, actor: Actor) =>
  db
    .selectFrom('screening_shares as s')
    .innerJoin('screening_results as r', 'r.id', 's.result_id')
    .innerJoin('users as p', 'p.id', 'r.patient_id')
    .selectAll('r')
    .select(['p.display_name as patient_name', 's.shared_at'])
    .where('s.clinician_id', '=', actor.userId)
    .where('r.org_id', '=', actor.orgId);

/** What patients shared with this clinician, newest first. */
export async function sharedWithMe(db: Db, actor: Actor) {
  if (actor.role !== 'clinician') throw forbidden('Only clinicians receive shared screening results.');
  return sharedQuery(db, actor).orderBy('s.shared_at', 'desc').limit(200).execute();
}

/** One result: its patient sees it, and a clinician it was shared with (each reading audited). */
export async function readResult(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Screening result');
  const mine = await db
    .selectFrom('screening_results')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId)
    .where('patient_id', '=', actor.userId)
    .executeTakeFirst();
  if (mine) return { ...mine, patient_name: actor.displayName };
  const shared = await sharedQuery(db, actor).where('r.id', '=', id).executeTakeFirst();
  if (!shared) throw notFound('Screening result');
  await recordAuditNow(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'screening.view',
    targetType: 'screening_result',
    targetId: id,
    ip: actor.ip,
  });
  return shared;
}

/** An administrator adds the organization's own instrument (checked; versions are new instruments). */
export async function createInstrument(db: Db, actor: Actor, definition: OwnInstrument) {
  const slug = `org-${definition.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)}`;
  return db.transaction().execute(async (tx) => {
    const taken = await tx
      .selectFrom('screening_instruments')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (taken) throw new AppError('conflict', `Your organization already has a screening called "${definition.title}".`);
    const row = await tx
      .insertInto('screening_instruments')
      .values({ org_id: actor.orgId, slug, definition: JSON.stringify(definition), created_by: actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'screening.instrument_add',
      targetType: 'screening_instrument',
      targetId: row.id,
      ip: actor.ip,
      detail: { slug, questions: definition.questions.length },
    });
    return asInstrument(slug, definition);
  });
}

export async function retireInstrument(db: Db, actor: Actor, slug: string) {
  const r = await db
    .updateTable('screening_instruments')
    .set({ retired_at: new Date() })
    .where('org_id', '=', actor.orgId)
    .where('slug', '=', slug)
    .where('retired_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!r) throw notFound('Screening');
  await recordAuditNow(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'screening.instrument_retire',
    targetType: 'screening_instrument',
    targetId: r.id,
    ip: actor.ip,
  });
}
