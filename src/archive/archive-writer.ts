import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { ArchiveEvent } from '../db/schema.ts';
import { canonicalJson, sha256Hex } from '../shared/canonical.ts';
import { appendLinks, linkHash, verifyChain } from '../db/hash-chain.ts';

export interface ArchiveCapture {
  orgId: string;
  recordKind: string; // post, comment, message, review_reply, network_post, ...
  recordId: string;
  /** Retention class the schedules key on (community_content, message, public_post, policy, ...). */
  recordClass: string;
  event: ArchiveEvent;
  version: number;
  authorId: string | null;
  /** Where the record lives: community:<id>, thread:<id>, network:<channel id>. */
  channel: string;
  /** The full record as it stands after the event. */
  content: Record<string, unknown>;
  /** When it happened, for records captured after the fact (imports, network posts fetched later); default now. */
  occurredAt?: Date;
}

const chainOf = (orgId: string) => `archive:${orgId}`;

/** Every string field of the content, joined, for keyword search in eDiscovery. */
function flattenText(content: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(content);
  return parts.join('\n');
}

function linkFields(row: {
  chain: string;
  seq: number | string;
  org_id: string;
  record_kind: string;
  record_id: string;
  record_class: string;
  event: string;
  version: number;
  author_id: string | null;
  channel: string;
  content_hash: string;
  occurred_at: Date;
}) {
  // Content is protected through content_hash, so destroying content later keeps the chain verifiable.
  return {
    chain: row.chain,
    seq: Number(row.seq),
    org_id: row.org_id,
    record_kind: row.record_kind,
    record_id: row.record_id,
    record_class: row.record_class,
    event: row.event,
    version: row.version,
    author_id: row.author_id,
    channel: row.channel,
    content_hash: row.content_hash,
    occurred_at: row.occurred_at.toISOString(),
  };
}

export const contentHash = (content: unknown) => sha256Hex(canonicalJson(content));

/** Writes one immutable archive entry in the same transaction as the change it records. */
export async function captureRecord(tx: Tx, c: ArchiveCapture): Promise<void> {
  await captureRecords(tx, [c]);
}

/** Writes several entries: linked onto each organization's chain right before the transaction commits. */
export async function captureRecords(tx: Tx, captures: ArchiveCapture[]): Promise<void> {
  for (const orgId of new Set(captures.map((c) => c.orgId))) {
    const chain = chainOf(orgId);
    const rows = captures
      .filter((c) => c.orgId === orgId)
      .map((c) => ({
        chain,
        org_id: c.orgId,
        record_kind: c.recordKind,
        record_id: c.recordId,
        record_class: c.recordClass,
        event: c.event,
        version: c.version,
        author_id: c.authorId,
        channel: c.channel,
        content_hash: contentHash(c.content),
        occurred_at: c.occurredAt ?? new Date(),
        content: c.content,
      }));
    await appendLinks(tx, chain, rows, linkFields, insertEntries);
  }
}

type LinkedEntry = Parameters<typeof linkFields>[0] & {
  event: ArchiveEvent;
  content: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

/** Entries per statement: 13 columns each stays far below PostgreSQL's 65,535 bound parameters. */
const INSERT_CHUNK = 1000;

async function insertEntries(tx: Tx, linked: LinkedEntry[]): Promise<void> {
  for (let i = 0; i < linked.length; i += INSERT_CHUNK) await insertChunk(tx, linked.slice(i, i + INSERT_CHUNK));
}

async function insertChunk(tx: Tx, linked: LinkedEntry[]): Promise<void> {
  const ids = await tx
    .insertInto('archive_entries')
    .values(linked.map(({ content: _, ...entry }) => ({ ...entry, seq: String(entry.seq) })))
    .returning(['id', 'seq'])
    .execute();
  const bySeq = new Map(ids.map((r) => [Number(r.seq), r.id]));
  await tx
    .insertInto('archive_content')
    .values(
      linked.map((row) => ({
        entry_id: bySeq.get(Number(row.seq))!,
        org_id: row.org_id,
        content: JSON.stringify(row.content),
        content_text: flattenText(row.content),
        occurred_at: row.occurred_at,
        author_id: row.author_id,
        record_kind: row.record_kind,
        channel: row.channel,
      })),
    )
    .execute();
  // The record's newest time, which the disposition sweep reads instead of grouping the whole archive.
  const newest = new Map<string, { org_id: string; record_kind: string; record_id: string; record_class: string; last_at: Date }>();
  for (const row of linked) {
    const key = JSON.stringify([row.org_id, row.record_kind, row.record_id, row.record_class]);
    const seen = newest.get(key);
    if (!seen || row.occurred_at > seen.last_at)
      newest.set(key, {
        org_id: row.org_id,
        record_kind: row.record_kind,
        record_id: row.record_id,
        record_class: row.record_class,
        last_at: row.occurred_at,
      });
  }
  await tx
    .insertInto('archive_records')
    .values([...newest.values()])
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'record_kind', 'record_id', 'record_class'])
        .doUpdateSet({ last_at: sql<Date>`greatest(archive_records.last_at, excluded.last_at)` }),
    )
    .execute();
}

export interface Distribution {
  orgId: string;
  recordKind: string;
  recordId: string;
  destinationKind: 'community' | 'recipients' | 'network' | 'public' | 'care_team';
  destinationId: string;
  externalId?: string;
  audience?: Record<string, unknown>;
}

export async function logDistribution(tx: Tx, d: Distribution | Distribution[]): Promise<void> {
  const list = Array.isArray(d) ? d : [d];
  if (list.length === 0) return;
  await tx
    .insertInto('distribution_log')
    .values(
      list.map((x) => ({
        org_id: x.orgId,
        record_kind: x.recordKind,
        record_id: x.recordId,
        destination_kind: x.destinationKind,
        destination_id: x.destinationId,
        external_id: x.externalId ?? null,
        audience: JSON.stringify(x.audience ?? {}),
      })),
    )
    .execute();
}

export interface ArchiveVerifyReport {
  orgId: string;
  checked: number;
  ok: boolean;
  firstBroken?: { seq: number; reason: string };
}

/** Recomputes each organization's archive chain and the hash of every piece of content still held. */
export async function verifyArchive(db: Db, orgId?: string): Promise<ArchiveVerifyReport[]> {
  let q = db.selectFrom('chain_heads').select(['chain', 'seq', 'hash']).where('chain', 'like', 'archive:%');
  if (orgId) q = q.where('chain', '=', chainOf(orgId));
  const heads = await q.orderBy('chain').execute();
  const reports: ArchiveVerifyReport[] = [];
  for (const head of heads) {
    const result = await verifyChain({
      head,
      fetchAfter: (seq) =>
        db
          .selectFrom('archive_entries as a')
          .leftJoin('archive_content as c', (j) => j.onRef('c.entry_id', '=', 'a.id').onRef('c.occurred_at', '=', 'a.occurred_at'))
          .leftJoin('archive_destructions as d', 'd.entry_id', 'a.id')
          .selectAll('a')
          .select(['c.content', 'd.certificate_id'])
          .where('a.chain', '=', head.chain)
          .where('a.seq', '>', String(seq))
          .orderBy('a.seq')
          .limit(5000)
          .execute(),
      hashOf: (prev, row) => linkHash(prev, linkFields(row)),
      rowProblem: (row) =>
        row.content !== null && contentHash(row.content) !== row.content_hash
          ? 'archived content no longer matches its hash'
          : row.content === null && !row.certificate_id
            ? 'content is missing but no destruction was certified'
            : null,
    });
    reports.push({
      orgId: head.chain.slice('archive:'.length),
      checked: result.checked,
      ok: !result.firstBroken,
      firstBroken: result.firstBroken,
    });
  }
  return reports;
}

/** The proof for one entry: its content matches its hash, its link recomputes, and the next entry links to it. */
export interface EntryProof {
  seq: number;
  prevHash: string;
  hash: string;
  contentMatches: boolean | null;
  linkValid: boolean;
  linkedByNext: boolean | null;
}

/** One record's entries (every version) with who wrote it, what was destroyed, and each entry's chain proof: the record viewer. */
export async function recordVersions(db: Db, orgId: string, recordKind: string, recordId: string) {
  const rows = await db
    .selectFrom('archive_entries as a')
    .leftJoin('archive_content as c', (j) => j.onRef('c.entry_id', '=', 'a.id').onRef('c.occurred_at', '=', 'a.occurred_at'))
    .leftJoin('archive_destructions as d', 'd.entry_id', 'a.id')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .selectAll('a')
    .select(['c.content', 'd.destroyed_at', 'u.display_name as custodian'])
    .select((eb) =>
      eb
        .selectFrom('archive_entries as n')
        .select('n.prev_hash')
        .whereRef('n.chain', '=', 'a.chain')
        .where(sql<boolean>`n.seq = a.seq + 1`)
        .as('next_prev_hash'),
    )
    .where('a.org_id', '=', orgId)
    .where('a.record_kind', '=', recordKind)
    .where('a.record_id', '=', recordId)
    .orderBy('a.seq')
    .execute();
  return rows.map((row) => ({
    ...row,
    proof: {
      seq: Number(row.seq),
      prevHash: row.prev_hash,
      hash: row.hash,
      contentMatches: row.content === null ? null : contentHash(row.content) === row.content_hash,
      linkValid: linkHash(row.prev_hash, linkFields(row)) === row.hash,
      linkedByNext: row.next_prev_hash === null ? null : row.next_prev_hash === row.hash,
    } satisfies EntryProof,
  }));
}
