import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { careTeamOf, cliniciansAmong } from '../messaging/care-team.ts';
import { notify } from '../notify/notifications.ts';
import { AppError, badRequest, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { checkReading, direction, GoalValueError, KINDS, meets, unitFor, type GoalKind } from './kinds.ts';

const RECORD_CLASS = 'health_record';
const DAY = 86_400_000;

export interface GoalInput {
  kind: GoalKind;
  title?: string;
  unit?: string | null;
  target?: number | null;
  target2?: number | null;
  dueDate?: string | null;
}

const invalid = (e: unknown) => {
  if (e instanceof GoalValueError) throw new AppError('validation_failed', e.message);
  throw e;
};

/** A goal's columns from what was asked: the unit checked, the target plausible, a habit named, the date ahead. */
function goalColumns(input: GoalInput) {
  try {
    const unit = unitFor(input.kind, input.unit);
    const target = input.target ?? null;
    if (input.kind === 'habit') {
      if (target !== null && (!Number.isInteger(target) || target < 1 || target > 7))
        throw new GoalValueError('A habit target is how many days a week: 1 to 7.');
    } else if (target !== null)
      checkReading(input.kind, unit, target, input.kind === 'blood_pressure' ? (input.target2 ?? null) : undefined);
    const title = cleanText(input.title ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120);
    if (input.kind === 'habit' && title.length < 2) throw new GoalValueError('Name the habit (for example "Walk after dinner").');
    const dueDate = input.dueDate ?? null;
    if (dueDate && (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || Number.isNaN(Date.parse(dueDate))))
      throw new GoalValueError('The date to reach it must be a date (YYYY-MM-DD).');
    if (dueDate && Date.parse(dueDate) < Date.now() - DAY) throw new GoalValueError('The date to reach it has already passed.');
    return {
      kind: input.kind,
      unit,
      title: title || KINDS[input.kind].label,
      target,
      target2: input.kind === 'blood_pressure' ? (input.target2 ?? null) : null,
      due_date: dueDate,
    };
  } catch (e) {
    return invalid(e);
  }
}

async function archiveGoal(
  tx: Tx,
  goal: { id: string; org_id: string; patient_id: string; version: number },
  event: 'create' | 'edit' | 'status',
  content: Record<string, unknown>,
) {
  await captureRecord(tx, {
    orgId: goal.org_id,
    recordKind: 'goal',
    recordId: goal.id,
    recordClass: RECORD_CLASS,
    event,
    version: goal.version,
    authorId: goal.patient_id,
    channel: `patient:${goal.patient_id}`,
    content,
  });
}

/** A patient sets a goal for themselves. */
export async function createGoal(db: Db, actor: Actor, input: GoalInput) {
  if (actor.role !== 'patient') throw forbidden('Goals are set by patients for themselves; clinicians suggest them.');
  const columns = goalColumns(input);
  return db.transaction().execute(async (tx) => {
    const goal = await tx
      .insertInto('goals')
      .values({ org_id: actor.orgId, patient_id: actor.userId, ...columns })
      .returningAll()
      .executeTakeFirstOrThrow();
    await archiveGoal(tx, goal, 'create', { ...columns, status: goal.status });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'goal.create',
      targetType: 'goal',
      targetId: goal.id,
      ip: actor.ip,
      detail: { kind: columns.kind },
    });
    return goal;
  });
}

/** A clinician of the patient's care team suggests a goal; it waits for the patient to accept or decline it. */
export async function suggestGoal(db: Db, actor: Actor, patientId: string, input: GoalInput & { note?: string }) {
  if (actor.role !== 'clinician') throw forbidden('Clinicians suggest goals.');
  if (!isUuid(patientId) || !(await careTeamOf(db, actor.orgId, patientId)).includes(actor.userId)) throw notFound('Patient in your care');
  const columns = goalColumns(input);
  const note = cleanText(input.note ?? '')
    .trim()
    .slice(0, 500);
  return db.transaction().execute(async (tx) => {
    const goal = await tx
      .insertInto('goals')
      .values({
        org_id: actor.orgId,
        patient_id: patientId,
        ...columns,
        status: 'suggested',
        suggested_by: actor.userId,
        suggestion_note: note,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await archiveGoal(tx, goal, 'create', { ...columns, status: 'suggested', suggestedBy: actor.userId, note });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'goal.suggest',
      targetType: 'goal',
      targetId: goal.id,
      ip: actor.ip,
      detail: { kind: columns.kind },
    });
    // The clinician sees it as shared: they suggested it.
    await tx.insertInto('goal_shares').values({ goal_id: goal.id, clinician_id: actor.userId }).execute();
    await notify(tx, {
      orgId: actor.orgId,
      userIds: [patientId],
      kind: 'goal',
      title: `${actor.displayName} suggested a goal for you`,
      link: '/goals',
    });
    return goal;
  });
}

async function ownGoal(db: Db | Tx, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Goal');
  const g = await db
    .selectFrom('goals')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId)
    .where('patient_id', '=', actor.userId)
    .executeTakeFirst();
  if (!g) throw notFound('Goal');
  return g;
}

/** The patient accepts a suggestion (it becomes active), declines it, or stops a goal. */
export async function setGoalStatus(db: Db, actor: Actor, id: string, status: 'active' | 'declined' | 'stopped') {
  return db.transaction().execute(async (tx) => {
    const g = await ownGoal(tx, actor, id);
    const allowed = g.status === 'suggested' ? ['active', 'declined'] : g.status === 'active' ? ['stopped'] : [];
    if (!allowed.includes(status)) throw new AppError('conflict', `A ${g.status} goal cannot become ${status}.`);
    const updated = await tx
      .updateTable('goals')
      .set({ status, version: g.version + 1 })
      .where('id', '=', g.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await archiveGoal(tx, updated, 'status', { status });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: `goal.${status === 'active' ? 'accept' : status === 'declined' ? 'decline' : 'stop'}`,
      targetType: 'goal',
      targetId: g.id,
      ip: actor.ip,
    });
    return updated;
  });
}

/** A reading logged by hand for a day (today or up to a year back), checked against plausible values. */
export async function logEntry(db: Db, actor: Actor, id: string, input: { value: number; value2?: number | null; date?: string | null }) {
  const today = new Date().toISOString().slice(0, 10);
  const date = input.date ?? today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw badRequest('The date must be a date (YYYY-MM-DD).');
  if (date > today) throw badRequest('A reading cannot be logged for a day that has not come yet.');
  if (Date.parse(date) < Date.now() - 366 * DAY) throw badRequest('Readings go back one year at most.');
  return db.transaction().execute(async (tx) => {
    const g = await ownGoal(tx, actor, id);
    if (g.status !== 'active')
      throw new AppError(
        'conflict',
        g.status === 'suggested' ? 'Accept the suggested goal before logging.' : 'This goal is no longer active.',
      );
    try {
      checkReading(g.kind, g.unit, input.value, g.kind === 'blood_pressure' ? (input.value2 ?? null) : (input.value2 ?? undefined));
    } catch (e) {
      invalid(e);
    }
    const entry = await tx
      .insertInto('goal_entries')
      .values({ goal_id: g.id, value: input.value, value2: input.value2 ?? null, recorded_on: date })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await captureRecord(tx, {
      orgId: g.org_id,
      recordKind: 'goal_entry',
      recordId: entry.id,
      recordClass: RECORD_CLASS,
      event: 'create',
      version: 1,
      authorId: actor.userId,
      channel: `patient:${actor.userId}`,
      content: { goal: g.id, kind: g.kind, unit: g.unit, value: input.value, value2: input.value2 ?? null, date },
    });
    return entry;
  });
}

/** The patient shares a goal (and its readings) with clinicians of their organization. */
export async function shareGoal(db: Db, actor: Actor, id: string, clinicianIds: string[]) {
  const ids = [...new Set(clinicianIds)].filter(isUuid);
  if (!ids.length) throw badRequest('Choose at least one clinician to share with.');
  await db.transaction().execute(async (tx) => {
    const g = await ownGoal(tx, actor, id);
    if ((await cliniciansAmong(tx, actor.orgId, ids)).length !== ids.length)
      throw badRequest('Goals can be shared only with clinicians of your organization.');
    await tx
      .insertInto('goal_shares')
      .values(ids.map((clinician_id) => ({ goal_id: g.id, clinician_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'goal.share',
      targetType: 'goal',
      targetId: g.id,
      ip: actor.ip,
      detail: { clinicians: ids },
    });
    await notify(tx, {
      orgId: actor.orgId,
      userIds: ids,
      kind: 'goal',
      title: `${actor.displayName} shared a goal with you`,
      link: '/goals',
    });
  });
}

export async function unshareGoal(db: Db, actor: Actor, id: string, clinicianId: string) {
  await db.transaction().execute(async (tx) => {
    const g = await ownGoal(tx, actor, id);
    await tx.deleteFrom('goal_shares').where('goal_id', '=', g.id).where('clinician_id', '=', clinicianId).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'goal.unshare',
      targetType: 'goal',
      targetId: g.id,
      ip: actor.ip,
      detail: { clinician: clinicianId },
    });
  });
}

type GoalRow = Awaited<ReturnType<typeof ownGoal>>;

/** Goals with their readings (oldest first), progress, and with whom each is shared. */
async function withEntries(db: Db, goals: (GoalRow & { patient_name?: string })[]) {
  if (!goals.length) return [];
  const ids = goals.map((g) => g.id);
  const [entries, shares] = await Promise.all([
    db
      .selectFrom('goal_entries')
      .select(['id', 'goal_id', 'value', 'value2', sql<string>`recorded_on::text`.as('date')])
      .where('goal_id', 'in', ids)
      .orderBy('recorded_on')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('goal_shares as s')
      .innerJoin('users as u', 'u.id', 's.clinician_id')
      .select(['s.goal_id', 'u.id', 'u.display_name'])
      .where('s.goal_id', 'in', ids)
      .execute(),
  ]);
  return goals.map((g) => {
    const mine = entries
      .filter((e) => e.goal_id === g.id)
      .map((e) => ({ id: e.id, value: Number(e.value), value2: e.value2 === null ? null : Number(e.value2), date: e.date }));
    const target = g.target === null ? null : Number(g.target);
    const dir = direction(g.kind, mine[0]?.value ?? null, target);
    const last = mine.at(-1);
    const weekAgo = new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10);
    return {
      goal: g,
      entries: mine.slice(-180),
      target,
      target2: g.target2 === null ? null : Number(g.target2),
      reached:
        g.kind === 'habit'
          ? target !== null && mine.filter((e) => e.date > weekAgo && e.value === 1).length >= target
          : !!last && meets(g.kind, dir, target, last.value),
      direction: dir,
      sharedWith: shares.filter((s) => s.goal_id === g.id).map((s) => ({ id: s.id, name: s.display_name })),
    };
  });
}

/** One goal as its owner (or a clinician it is shared with) reads it. */
export async function describeGoal(db: Db, goal: GoalRow) {
  const [described] = await withEntries(db, [goal]);
  return described;
}

/** One of the caller's own goals, described. */
export async function myGoal(db: Db, actor: Actor, id: string) {
  return describeGoal(db, await ownGoal(db, actor, id));
}

export async function myGoals(db: Db, actor: Actor) {
  const goals = await db
    .selectFrom('goals')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('patient_id', '=', actor.userId)
    .where('status', '!=', 'declined')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return withEntries(db, goals);
}

/** Goals patients shared with this clinician (or that they suggested), with the patient's name; reading them is audited. */
export async function sharedGoals(db: Db, actor: Actor) {
  if (actor.role !== 'clinician') throw forbidden('Only clinicians see goals shared with them.');
  const goals = await db
    .selectFrom('goal_shares as s')
    .innerJoin('goals as g', 'g.id', 's.goal_id')
    .innerJoin('users as p', 'p.id', 'g.patient_id')
    .selectAll('g')
    .select('p.display_name as patient_name')
    .where('s.clinician_id', '=', actor.userId)
    .where('g.org_id', '=', actor.orgId)
    .where('g.status', 'in', ['active', 'suggested'])
    .orderBy('g.created_at', 'desc')
    .limit(200)
    .execute();
  if (goals.length)
    await recordAuditNow(db, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'goal.view_shared',
      targetType: 'goal',
      ip: actor.ip,
      detail: { goals: goals.length },
    });
  return withEntries(db, goals);
}
