import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import type { Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { hmacSha256, signingKey } from '../archive/signing.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { ensureStatutoryRetention } from '../archive/retention.ts';
import { isUuid } from '../shared/ids.ts';
import { AppError, badRequest, notFound } from '../shared/errors.ts';
import { STARTER_MODULES } from './starter-modules.ts';
import type { SecretBox } from '../shared/secret-box.ts';

/** Installs the starter modules an organization does not have yet (by slug; never overwrites edits). */
export async function installStarterModules(db: Db | Tx, orgId: string) {
  await db
    .insertInto('training_modules')
    .values(
      STARTER_MODULES.map((m) => ({
        org_id: orgId,
        slug: m.slug,
        title: m.title,
        summary: m.summary,
        lessons: JSON.stringify(m.lessons),
        questions: JSON.stringify(m.questions),
        pass_mark: m.passMark,
        valid_days: m.validDays,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'slug']).doNothing())
    .execute();
}

/** Each module with the user's latest passing attempt at its current version, and whether it is still valid. */
export async function trainingStatus(db: Db, orgId: string, userId: string, now = new Date()) {
  const rows = await db
    .selectFrom('training_modules as m')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('training_attempts as a')
          .select(['a.id', 'a.created_at', 'a.score'])
          .whereRef('a.module_id', '=', 'm.id')
          .whereRef('a.module_version', '=', 'm.version')
          .where('a.user_id', '=', userId)
          .where('a.passed', '=', true)
          .orderBy('a.created_at', 'desc')
          .limit(1)
          .as('p'),
      (j) => j.onTrue(),
    )
    .select([
      'm.id',
      'm.slug',
      'm.title',
      'm.summary',
      'm.pass_mark',
      'm.valid_days',
      'm.version',
      'p.id as attempt_id',
      'p.created_at as passed_at',
      'p.score',
    ])
    .where('m.org_id', '=', orgId)
    .orderBy('m.title')
    .execute();
  return rows.map((r) => {
    const expiresAt = r.passed_at ? new Date(r.passed_at.getTime() + r.valid_days * 86_400_000) : null;
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      summary: r.summary,
      passMark: r.pass_mark,
      version: r.version,
      passedAt: r.passed_at?.toISOString() ?? null,
      score: r.score ?? null,
      certificateId: r.attempt_id ?? null,
      expiresAt: expiresAt?.toISOString() ?? null,
      current: expiresAt !== null && expiresAt > now,
    };
  });
}

export async function listModules(db: Db, actor: Actor) {
  await installStarterModules(db, actor.orgId);
  return trainingStatus(db, actor.orgId, actor.userId);
}

async function loadModule(db: Db | Tx, orgId: string, id: string) {
  if (!isUuid(id)) throw notFound('Training module');
  const m = await db.selectFrom('training_modules').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!m) throw notFound('Training module');
  return m;
}

/**
 * The order a person sees a question's options in: a shuffle seeded by the person, the module's version
 * and the question, so a reload shows the same quiz while where the right answer sits teaches nothing
 * (authors tend to put it in the same place). Answers come back as positions in this order.
 */
function optionOrder(userId: string, moduleId: string, version: number, question: number, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const seed = createHash('sha256').update(`${userId}|${moduleId}|${version}|${question}`).digest();
  for (let i = count - 1; i > 0; i--) {
    const j = seed.readUInt16BE((i * 2) % 30) % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The module to study: lessons and questions (options in this person's order), never the answers. */
export async function getModule(db: Db, actor: Actor, id: string) {
  const m = await loadModule(db, actor.orgId, id);
  return {
    id: m.id,
    slug: m.slug,
    title: m.title,
    summary: m.summary,
    passMark: m.pass_mark,
    validDays: m.valid_days,
    version: m.version,
    lessons: m.lessons,
    questions: m.questions.map((q, i) => ({
      prompt: q.prompt,
      options: optionOrder(actor.userId, m.id, m.version, i, q.options.length).map((o) => q.options[o]),
    })),
  };
}

const certificatePayload = (a: {
  id: string;
  user_id: string;
  module_id: string;
  module_version: number;
  score: number;
  created_at: Date;
}) => [a.id, a.user_id, a.module_id, a.module_version, a.score, a.created_at.toISOString()].join('|');

/** Failed attempts allowed per module in a day: enough to learn, too few to find the answers by trying. */
export const FAILED_ATTEMPTS_PER_DAY = 3;
const DAY_MS = 86_400_000;

/**
 * Scores a quiz attempt; a pass at or above the mark earns a signed completion certificate. Every attempt
 * is a record. Which answers were wrong is shown only with a pass (explanations then teach); a failed
 * attempt shows the score only, and failed attempts are limited per day, so the quiz cannot be solved by
 * trying answers one at a time.
 */
export async function submitAttempt(db: Db, secrets: SecretBox, actor: Actor, moduleId: string, answers: number[]) {
  const m = await loadModule(db, actor.orgId, moduleId);
  if (answers.length !== m.questions.length) throw badRequest(`Answer all ${m.questions.length} questions (got ${answers.length}).`);
  const recentFailures = await db
    .selectFrom('training_attempts')
    .select('created_at')
    .where('user_id', '=', actor.userId)
    .where('module_id', '=', m.id)
    .where('passed', '=', false)
    .where('created_at', '>', new Date(Date.now() - DAY_MS))
    .orderBy('created_at')
    .execute();
  if (recentFailures.length >= FAILED_ATTEMPTS_PER_DAY) {
    const retry = Math.max(
      1,
      Math.ceil((recentFailures[recentFailures.length - FAILED_ATTEMPTS_PER_DAY].created_at.getTime() + DAY_MS - Date.now()) / 1000),
    );
    throw new AppError(
      'rate_limited',
      `You have used today's ${FAILED_ATTEMPTS_PER_DAY} attempts at this quiz. Read the lessons again and try once more in ${Math.ceil(retry / 3600)} hours.`,
      { retryAfterSeconds: retry },
    );
  }
  // Positions as shown to this person, back to the options as written (what the attempt records).
  const chosen = answers.map((a, i) => optionOrder(actor.userId, m.id, m.version, i, m.questions[i].options.length)[a] ?? -1);
  const correct = m.questions.map((q, i) => chosen[i] === q.answer);
  const score = Math.round((100 * correct.filter(Boolean).length) / m.questions.length);
  const passed = score >= m.pass_mark;
  return db.transaction().execute(async (tx) => {
    const a = await tx
      .insertInto('training_attempts')
      .values({
        org_id: actor.orgId,
        user_id: actor.userId,
        module_id: m.id,
        module_version: m.version,
        score,
        passed,
        answers: JSON.stringify(chosen),
      })
      .returning(['id', 'user_id', 'module_id', 'module_version', 'score', 'created_at'])
      .executeTakeFirstOrThrow();
    let signature: string | null = null;
    if (passed) {
      signature = hmacSha256(await signingKey(tx, secrets, actor.orgId), certificatePayload(a));
      await tx.updateTable('training_attempts').set({ certificate_signature: signature }).where('id', '=', a.id).execute();
    }
    await ensureStatutoryRetention(tx, actor.orgId, 'training_record');
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'training_attempt',
      recordId: a.id,
      recordClass: 'training_record',
      event: 'create',
      version: 1,
      authorId: actor.userId,
      channel: `training:${m.id}`,
      content: {
        module: m.title,
        moduleVersion: m.version,
        userId: actor.userId,
        name: actor.displayName,
        score,
        passMark: m.pass_mark,
        passed,
      },
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: passed ? 'training.passed' : 'training.failed',
      targetType: 'training_module',
      targetId: m.id,
      ip: actor.ip,
      detail: { score, passMark: m.pass_mark },
    });
    return {
      attemptId: a.id,
      score,
      passMark: m.pass_mark,
      passed,
      certificateId: passed ? a.id : null,
      feedback: passed ? m.questions.map((q, i) => ({ correct: correct[i], explanation: correct[i] ? null : q.explanation })) : null,
      attemptsLeftToday: passed ? null : FAILED_ATTEMPTS_PER_DAY - recentFailures.length - 1,
    };
  });
}

/** A completion certificate, checked against its signature. The holder and compliance officers may see it. */
export async function getCertificate(db: Db, secrets: SecretBox, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Certificate');
  const a = await db
    .selectFrom('training_attempts as a')
    .innerJoin('training_modules as m', 'm.id', 'a.module_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'a.user_id',
      'a.module_id',
      'a.module_version',
      'a.score',
      'a.created_at',
      'a.certificate_signature',
      'm.title',
      'm.valid_days',
      'u.display_name',
      'o.name as org_name',
    ])
    .where('a.id', '=', id)
    .where('a.org_id', '=', actor.orgId)
    .where('a.passed', '=', true)
    .executeTakeFirst();
  if (!a || (a.user_id !== actor.userId && !['compliance', 'admin'].includes(actor.role))) throw notFound('Certificate');
  const expected = hmacSha256(await signingKey(db, secrets, actor.orgId), certificatePayload(a));
  return {
    id: a.id,
    name: a.display_name,
    organization: a.org_name,
    module: a.title,
    moduleVersion: a.module_version,
    score: a.score,
    completedAt: a.created_at.toISOString(),
    validUntil: new Date(a.created_at.getTime() + a.valid_days * 86_400_000).toISOString(),
    signature: a.certificate_signature,
    valid: a.certificate_signature === expected,
  };
}

/** Staff whose required modules are missing or expired, for the oversight dashboard and digest. */
export async function overdueTraining(db: Db, orgId: string, userIds: string[], now = new Date()) {
  if (!userIds.length) return new Map<string, string[]>();
  const rows = await sql<{ user_id: string; title: string }>`
    SELECT u.id AS user_id, m.title
    FROM unnest(${userIds}::uuid[]) AS u(id)
    CROSS JOIN training_modules m
    WHERE m.org_id = ${orgId}
      AND NOT EXISTS (
        SELECT 1 FROM training_attempts a
        WHERE a.module_id = m.id AND a.user_id = u.id AND a.passed AND a.module_version = m.version
          AND a.created_at + make_interval(days => m.valid_days) > ${now})
    ORDER BY m.title`.execute(db);
  const out = new Map<string, string[]>();
  for (const r of rows.rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.title]);
  return out;
}
