import type { Actor } from '../access/policy.ts';
import { captureRecords, logDistribution, type ArchiveCapture, type Distribution } from '../archive/archive-writer.ts';
import { recordAudits } from '../audit/audit-log.ts';
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
  await recordEffectsBatch(tx, [e]);
}

/** The same for many writes at once (group commit): one insert per table, one lock per chain. */
export async function recordEffectsBatch(tx: Tx, effects: RecordEffects[]): Promise<void> {
  await captureRecords(
    tx,
    effects.map((e) => ({ ...e.archive, orgId: e.actor.orgId })),
  );
  await logDistribution(
    tx,
    effects
      .filter((e) => e.distribution)
      .map((e) => ({ ...e.distribution!, orgId: e.actor.orgId, recordKind: e.archive.recordKind, recordId: e.archive.recordId })),
  );
  await recordAudits(
    tx,
    effects.map((e) => ({
      orgId: e.actor.orgId,
      actorId: e.actor.userId,
      action: e.action,
      targetType: e.archive.recordKind,
      targetId: e.archive.recordId,
      ip: e.actor.ip,
      detail: { version: e.archive.version, ...e.auditDetail },
    })),
  );
}
