import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  seq: number;
  prevHash: string;
}

/**
 * Reserves the next link of a hash chain inside the caller's transaction. The head row is locked until
 * commit, so concurrent writers (even in other processes) append one after another, never forking.
 */
async function nextLink(tx: Tx, chain: string): Promise<ChainLink> {
  // One round trip: creates the head if missing, otherwise the no-op update takes its row lock.
  const { rows } = await sql<{ seq: string; hash: string }>`
    INSERT INTO chain_heads (chain, seq, hash) VALUES (${chain}, 0, ${GENESIS_HASH})
    ON CONFLICT (chain) DO UPDATE SET seq = chain_heads.seq
    RETURNING seq, hash`.execute(tx);
  return { seq: Number(rows[0]!.seq) + 1, prevHash: rows[0]!.hash };
}

async function advanceHead(tx: Tx, chain: string, seq: number, hash: string): Promise<void> {
  await tx.updateTable('chain_heads').set({ seq, hash }).where('chain', '=', chain).execute();
}

/**
 * Links rows onto the end of a chain: numbers them, hashes each from the one before, and moves the head.
 * The caller inserts the returned rows in the same transaction.
 */
export async function appendLinks<T extends object>(tx: Tx, chain: string, rows: T[], fieldsOf: (row: T & { seq: number }) => Record<string, unknown>) {
  const link = await nextLink(tx, chain);
  let seq = link.seq;
  let prev = link.prevHash;
  const linked = rows.map((row) => {
    const numbered = { ...row, seq: seq++ };
    const hash = linkHash(prev, fieldsOf(numbered));
    const out = { ...numbered, prev_hash: prev, hash };
    prev = hash;
    return out;
  });
  await advanceHead(tx, chain, seq - 1, prev);
  return linked;
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
