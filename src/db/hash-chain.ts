import { sql } from 'kysely';
import { beforeCommit } from './commit-hooks.ts';
import type { Tx } from './database.ts';
import { canonicalJson, sha256Hex } from '../shared/canonical.ts';

export const GENESIS_HASH = '0'.repeat(64);

type Linked<T> = T & { seq: number; prev_hash: string; hash: string };

interface Batch {
  rows: object[];
  fieldsOf: (row: any) => Record<string, unknown>;
  write: (tx: Tx, linked: any[]) => Promise<void>;
}

/** Per transaction: the rows waiting to be linked, by chain, in the order they were appended. */
const waiting = new WeakMap<Tx, Map<string, Batch[]>>();

/**
 * Appends rows to the end of a hash chain as part of the caller's transaction: numbers them, hashes each
 * from the one before, hands them to `write` (which inserts them) and moves the head. The work runs right
 * before COMMIT, for every chain the transaction appended to at once: the heads are locked in one
 * statement (in chain order, so two writers never deadlock), and the locks are held for the few statements
 * that follow instead of across the whole transaction, so concurrent writers (even in other processes)
 * append one after another without forking the chain or waiting on each other's unrelated work.
 */
export async function appendLinks<T extends object>(
  tx: Tx,
  chain: string,
  rows: T[],
  fieldsOf: (row: T & { seq: number }) => Record<string, unknown>,
  write: (tx: Tx, linked: Linked<T>[]) => Promise<void>,
): Promise<void> {
  if (rows.length === 0) return;
  let chains = waiting.get(tx);
  const first = !chains;
  if (!chains) waiting.set(tx, (chains = new Map()));
  const batches = chains.get(chain) ?? [];
  chains.set(chain, batches);
  const last = batches[batches.length - 1];
  // Consecutive appends written the same way are inserted together.
  if (last && last.write === write && last.fieldsOf === fieldsOf) last.rows.push(...rows);
  else batches.push({ rows, fieldsOf, write });
  if (first) await beforeCommit(tx, () => linkWaiting(tx));
}

async function linkWaiting(tx: Tx): Promise<void> {
  const chains = waiting.get(tx);
  waiting.delete(tx);
  if (!chains) return;
  const names = [...chains.keys()].sort();
  // One round trip creates missing heads and locks every head this transaction appends to.
  const { rows: heads } = await sql<{ chain: string; seq: string; hash: string }>`
    INSERT INTO chain_heads (chain, seq, hash)
    SELECT c, 0, ${GENESIS_HASH} FROM unnest(${names}::text[]) AS c ORDER BY c
    ON CONFLICT (chain) DO UPDATE SET seq = chain_heads.seq
    RETURNING chain, seq, hash`.execute(tx);
  const headOf = new Map(heads.map((h) => [h.chain, { seq: Number(h.seq), hash: h.hash }]));
  for (const chain of names) {
    const head = headOf.get(chain)!;
    for (const batch of chains.get(chain)!) {
      const linked = batch.rows.map((row) => {
        const numbered = { ...row, seq: head.seq + 1 };
        const hash = linkHash(head.hash, batch.fieldsOf(numbered));
        const out = { ...numbered, prev_hash: head.hash, hash };
        head.seq = numbered.seq;
        head.hash = hash;
        return out;
      });
      await batch.write(tx, linked);
    }
  }
  await sql`
    UPDATE chain_heads AS h SET seq = v.seq, hash = v.hash
    FROM (SELECT unnest(${names}::text[]) AS chain, unnest(${names.map((n) => String(headOf.get(n)!.seq))}::bigint[]) AS seq, unnest(${names.map((n) => headOf.get(n)!.hash)}::text[]) AS hash) AS v
    WHERE h.chain = v.chain`.execute(tx);
}

/** The hash of one link: previous hash plus the canonical form of the fields that link protects. */
export function linkHash(prevHash: string, fields: Record<string, unknown>): string {
  return sha256Hex(prevHash + '\n' + canonicalJson(fields));
}

export interface ChainRow {
  seq: string | number;
  prev_hash: string;
  hash: string;
}

export interface ChainVerification {
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/**
 * Walks a chain in sequence order, recomputing each link. `rowProblem` can add a check of its own
 * (the archive re-hashes stored content); it returns a reason or null.
 */
export async function verifyChain<R extends ChainRow>(opts: {
  head: { seq: string | number; hash: string };
  fetchAfter: (seq: number) => Promise<R[]>;
  hashOf: (prevHash: string, row: R) => string;
  rowProblem?: (row: R) => string | null;
}): Promise<ChainVerification> {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  for (;;) {
    const rows = await opts.fetchAfter(expectSeq - 1);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const fail = (reason: string) => ({ checked: expectSeq - 1, firstBroken: { seq: expectSeq, reason } });
      if (seq !== expectSeq) return fail('an entry is missing');
      if (row.prev_hash !== prev) return fail('previous-hash link does not match');
      if (opts.hashOf(prev, row) !== row.hash) return fail('entry was altered after it was written');
      const problem = opts.rowProblem?.(row);
      if (problem) return fail(problem);
      prev = row.hash;
      expectSeq++;
    }
  }
  const checked = expectSeq - 1;
  if (Number(opts.head.seq) !== checked || opts.head.hash !== prev) {
    return { checked, firstBroken: { seq: expectSeq, reason: 'entries after this point were removed' } };
  }
  return { checked };
}
