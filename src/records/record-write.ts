import type { Actor } from '../access/policy.ts';
import { captureRecord, logDistribution, type ArchiveCapture, type Distribution } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Tx } from '../db/database.ts';

export interface RecordEffects {
  actor: Actor;
  action: string; // audit action, e.g. post.create
  archive: Omit<ArchiveCapture, 'orgId'>;
  distribution?: Omit<Distribution, 'orgId' | 'recordKind' | 'recordId'>;
  auditDetail?: Record<string, unknown>;
}

/**
 * The tail of every content write, in the same transaction as the row change: the immutable archive
 * entry, where the record went, and the audit event. Either all of it commits or none of it does.
 */
export async function recordEffects(tx: Tx, e: RecordEffects): Promise<void> {
  const orgId = e.actor.orgId;
  await captureRecord(tx, { ...e.archive, orgId });
  if (e.distribution) {
    await logDistribution(tx, { ...e.distribution, orgId, recordKind: e.archive.recordKind, recordId: e.archive.recordId });
  }
  await recordAudit(tx, {
    orgId,
    actorId: e.actor.userId,
    action: e.action,
    targetType: e.archive.recordKind,
    targetId: e.archive.recordId,
    ip: e.actor.ip,
    detail: { version: e.archive.version, ...e.auditDetail },
  });
}
