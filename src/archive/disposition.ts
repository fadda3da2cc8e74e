import type { Actor } from '../access/policy.ts';
import { rolesThatCan } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { notify } from '../notify/notifications.ts';
import { memberIds } from '../repositories/index.ts';
import { AppError, conflict, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import { retryRestrictedErasures, runDisposition, type AppliedRule, type DispositionBreakdown } from './retention.ts';

/** What a disposition request shows its approvers: what would go now, what a hold keeps. */
export interface DispositionPreview {
  records: number;
  heldRecords: number;
  breakdown: DispositionBreakdown[];
  rules: AppliedRule[];
}

/** What would be destroyed if the sweep ran now (a dry run: nothing is touched). */
export async function previewDisposition(db: Db, secrets: SecretBox, orgId: string, asOf = new Date()): Promise<DispositionPreview> {
  const r = await runDisposition(db, secrets, orgId, asOf, { dryRun: true });
  return { records: r.records, heldRecords: r.heldRecords, breakdown: r.breakdown, rules: r.rules };
}

const officers = (db: Db, orgId: string, except: (string | null)[]) =>
  memberIds(db, orgId, { roles: rolesThatCan('archive.dispose'), except: except.filter((x): x is string => !!x) });

/**
 * The first key: someone asks for the records the preview shows to be destroyed (or the daily schedule
 * does, and then two people approve). Refused when nothing would go or another request is open.
 */
export async function requestDisposition(db: Db, secrets: SecretBox, actor: Actor | null, orgId: string, asOf = new Date()) {
  const preview = await previewDisposition(db, secrets, orgId, asOf);
  if (preview.records === 0)
    throw conflict(
      preview.heldRecords
        ? `Nothing can be destroyed now: the ${preview.heldRecords} expired record(s) are under a legal hold.`
        : 'Nothing has expired.',
    );
  const request = await db.transaction().execute(async (tx) => {
    const open = await tx
      .selectFrom('disposition_requests')
      .select('id')
      .where('org_id', '=', orgId)
      .where('status', 'in', ['pending', 'approved'])
      .executeTakeFirst();
    if (open) throw conflict('A disposition request is already open: approve or cancel it first.');
    const row = await tx
      .insertInto('disposition_requests')
      .values({
        org_id: orgId,
        requested_by: actor?.userId ?? null,
        as_of: asOf,
        rules: JSON.stringify(preview.rules),
        preview: JSON.stringify(preview),
        approvals_required: actor ? 1 : 2,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId,
      actorId: actor?.userId ?? null,
      action: 'disposition.requested',
      targetType: 'disposition_request',
      targetId: row.id,
      ip: actor?.ip ?? null,
      detail: { records: preview.records, heldRecords: preview.heldRecords, asOf: asOf.toISOString() },
    });
    return row;
  });
  await notify(db, {
    orgId,
    userIds: await officers(db, orgId, [actor?.userId ?? null]),
    kind: 'moderation',
    title: `${actor ? actor.displayName : 'The retention schedule'} asks to destroy ${preview.records} expired record(s): a second person must approve`,
    link: '/records',
  });
  return request;
}

/**
 * The second key: an approver who is not the requester (a schedule's request needs two different
 * approvers). The last approval sets when the sweep may run: after the delay, so it can still be cancelled.
 */
export async function approveDisposition(db: Db, actor: Actor, id: string, delayMs: number) {
  if (!isUuid(id)) throw notFound('Disposition request');
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .selectFrom('disposition_requests')
      .selectAll()
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw notFound('Disposition request');
    if (r.status !== 'pending') throw conflict(`This request is ${r.status}.`);
    if (r.requested_by === actor.userId) throw forbidden('Someone other than the requester approves a destruction.');
    if (r.approver_ids.includes(actor.userId)) throw conflict('You already approved this request; another person gives the next approval.');
    const approvers = [...r.approver_ids, actor.userId];
    const done = approvers.length >= r.approvals_required;
    const runsAfter = done ? new Date(Date.now() + delayMs) : null;
    await tx
      .updateTable('disposition_requests')
      .set({ approver_ids: approvers, status: done ? 'approved' : 'pending', runs_after: runsAfter, updated_at: new Date() })
      .where('id', '=', r.id)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'disposition.approved',
      targetType: 'disposition_request',
      targetId: r.id,
      ip: actor.ip,
      detail: { approval: approvers.length, of: r.approvals_required, runsAfter: runsAfter?.toISOString() ?? null },
    });
    return { status: done ? ('approved' as const) : ('pending' as const), runsAfter: runsAfter?.toISOString() ?? null };
  });
}

/** Anyone who may dispose can stop a request until it has run. */
export async function cancelDisposition(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('Disposition request');
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('disposition_requests')
      .set({ status: 'cancelled', decided_by: actor.userId, updated_at: new Date() })
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .where('status', 'in', ['pending', 'approved'])
      .returning('id')
      .executeTakeFirst();
    if (!r) {
      const exists = await tx
        .selectFrom('disposition_requests')
        .select('status')
        .where('id', '=', id)
        .where('org_id', '=', actor.orgId)
        .executeTakeFirst();
      if (!exists) throw notFound('Disposition request');
      throw conflict(`This request is ${exists.status}; it can no longer be cancelled.`);
    }
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'disposition.cancelled',
      targetType: 'disposition_request',
      targetId: id,
      ip: actor.ip,
    });
  });
}

/**
 * The daily retention job for one organization: carries out approved requests whose delay has passed (as
 * of the moment they were requested, never past the periods their approvers saw), and, when records have
 * expired and no request is open, proposes one. Nothing is destroyed without two keys.
 */
export async function runRetentionSchedule(db: Db, secrets: SecretBox, orgId: string, now = new Date()) {
  const due = await db
    .selectFrom('disposition_requests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .where('runs_after', '<=', now)
    .execute();
  let executed = 0;
  for (const r of due) {
    // Claimed first: a second process running the same job finds nothing to do.
    const claimed = await db
      .updateTable('disposition_requests')
      .set({ status: 'executed', updated_at: new Date() })
      .where('id', '=', r.id)
      .where('status', '=', 'approved')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) continue;
    const approvedPeriods = (r.rules as AppliedRule[]).map((x) => ({ recordClass: x.recordClass, years: x.years }));
    const result = await runDisposition(db, secrets, orgId, r.as_of, { approvedPeriods }).catch(async (e: unknown) => {
      // The sweep rolled back: the request waits for the next run instead of being lost.
      await db.updateTable('disposition_requests').set({ status: 'approved' }).where('id', '=', r.id).execute();
      throw e;
    });
    await db
      .updateTable('disposition_requests')
      .set({
        certificate_id: result.certificateId,
        result: JSON.stringify({ records: result.records, entries: result.entries, heldRecords: result.heldRecords }),
      })
      .where('id', '=', r.id)
      .execute();
    executed++;
  }
  await retryRestrictedErasures(db, secrets, orgId);
  let proposed = false;
  const open = await db
    .selectFrom('disposition_requests')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', 'in', ['pending', 'approved'])
    .executeTakeFirst();
  if (!open)
    proposed = await requestDisposition(db, secrets, null, orgId, now).then(
      () => true,
      (e: unknown) => {
        if (e instanceof AppError && e.id === 'conflict') return false;
        throw e;
      },
    );
  return { executed, proposed };
}

/** The requests, newest first, with who asked and approved. */
export async function listDispositions(db: Db, orgId: string) {
  const rows = await db
    .selectFrom('disposition_requests as r')
    .leftJoin('users as u', 'u.id', 'r.requested_by')
    .select([
      'r.id',
      'r.status',
      'r.as_of',
      'r.preview',
      'r.approvals_required',
      'r.approver_ids',
      'r.runs_after',
      'r.certificate_id',
      'r.result',
      'r.created_at',
      'r.requested_by',
      'u.display_name as requester',
    ])
    .where('r.org_id', '=', orgId)
    .orderBy('r.created_at', 'desc')
    .limit(50)
    .execute();
  const ids = [...new Set(rows.flatMap((r) => r.approver_ids))];
  const names = ids.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
  const nameOf = new Map(names.map((n) => [n.id, n.display_name]));
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    asOf: r.as_of.toISOString(),
    requestedBy: r.requester ?? 'the retention schedule',
    requestedById: r.requested_by,
    approvalsRequired: r.approvals_required,
    approvers: r.approver_ids.map((a) => ({ id: a, name: nameOf.get(a) ?? 'former member' })),
    runsAfter: r.runs_after?.toISOString() ?? null,
    certificateId: r.certificate_id,
    preview: r.preview as unknown as DispositionPreview,
    result: r.result,
    createdAt: r.created_at.toISOString(),
  }));
}
