import type { Db, Tx } from '../db/database.ts';
import { appendLinks, linkHash, verifyChain } from '../db/hash-chain.ts';

export interface AuditEvent {
  orgId: string | null;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  /** Ids, counts and categories only: never content, passwords or tokens. */
  detail?: Record<string, unknown>;
}

const chainOf = (orgId: string | null) => `audit:${orgId ?? 'system'}`;

function hashedFields(row: {
  chain: string;
  seq: number | string;
  org_id: string | null;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  detail: unknown;
  created_at: Date;
}) {
  return {
    chain: row.chain,
    seq: Number(row.seq),
    org_id: row.org_id,
    actor_id: row.actor_id,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    ip: row.ip,
    detail: row.detail,
    created_at: row.created_at.toISOString(),
  };
}

/** Appends one event to the organization's audit chain, inside the caller's transaction. */
export async function recordAudit(tx: Tx, event: AuditEvent): Promise<void> {
  await recordAudits(tx, [event]);
}

/** Appends several events, linked onto each organization's chain right before the transaction commits. */
export async function recordAudits(tx: Tx, events: AuditEvent[]): Promise<void> {
  for (const orgId of new Set(events.map((e) => e.orgId))) {
    const chain = chainOf(orgId);
    const rows = events
      .filter((e) => e.orgId === orgId)
      .map((event) => ({
        chain,
        org_id: event.orgId,
        actor_id: event.actorId,
        action: event.action,
        target_type: event.targetType ?? null,
        target_id: event.targetId ?? null,
        ip: event.ip ?? null,
        detail: event.detail ?? {},
        created_at: new Date(),
      }));
    await appendLinks(tx, chain, rows, hashedFields, insertEvents);
  }
}

async function insertEvents(tx: Tx, linked: (Parameters<typeof hashedFields>[0] & { prev_hash: string; hash: string })[]): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values(linked.map((row) => ({ ...row, seq: String(row.seq), detail: JSON.stringify(row.detail) })))
    .execute();
}

/** Audits outside any other write (logins, reads of sensitive data). */
export async function recordAuditNow(db: Db, event: AuditEvent): Promise<void> {
  await db.transaction().execute((tx) => recordAudit(tx, event));
}

export interface ChainReport {
  chain: string;
  checked: number;
  ok: boolean;
  firstBroken?: { seq: number; reason: string };
}

/** Recomputes every audit chain (or one organization's) and reports the first broken link of each. */
export async function verifyAuditChains(db: Db, orgId?: string): Promise<ChainReport[]> {
  let q = db.selectFrom('chain_heads').select(['chain', 'seq', 'hash']).where('chain', 'like', 'audit:%');
  if (orgId) q = q.where('chain', '=', chainOf(orgId));
  const heads = await q.orderBy('chain').execute();
  const reports: ChainReport[] = [];
  for (const head of heads) {
    const result = await verifyChain({
      head,
      fetchAfter: (seq) =>
        db
          .selectFrom('audit_log')
          .selectAll()
          .where('chain', '=', head.chain)
          .where('seq', '>', String(seq))
          .orderBy('seq')
          .limit(5000)
          .execute(),
      hashOf: (prev, row) => linkHash(prev, hashedFields(row)),
    });
    reports.push({ chain: head.chain, checked: result.checked, ok: !result.firstBroken, firstBroken: result.firstBroken });
  }
  return reports;
}
