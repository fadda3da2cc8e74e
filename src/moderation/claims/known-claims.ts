import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LabelledText } from '../classifier/datasets.ts';
import { buildClaimIndex, closestClaim, type ClaimIndex, type KnownClaim } from './matcher.ts';

/**
 * The library of known false claims that ships: the false items of the training sources that a fact-check
 * rated (CoAID gives the fact-check's address), with the similarity at which a text counts as repeating
 * one — chosen on the training data's reliable items, so that almost none of them would be flagged.
 * Organizations add their own claims beside these (known_claims table).
 */
export interface StoredClaims {
  format: 'harborline-known-claims-1';
  builtFrom: string[];
  /** Similarity (0–1) at or above which a text is routed to review as repeating a known claim. */
  threshold: number;
  /** Share of the reliable training items at or above the threshold, when it was chosen. */
  reliableMatchRate: number;
  claims: { id: string; text: string; url: string | null }[];
}

export const KNOWN_CLAIMS_FILE = fileURLToPath(new URL('../data/known-claims.json', import.meta.url));
/** Never below this similarity, whatever the training data allows: a shared word or two is not a repeated claim. */
const FLOOR = 0.5;

export function buildKnownClaims(rows: LabelledText[], sources: string[], maxReliableRate = 0.002): StoredClaims {
  const seen = new Set<string>();
  const claims = rows
    .filter((r) => r.label === 1 && r.factCheckUrl)
    .filter((r) => {
      const key = r.text.toLowerCase().replace(/\W+/g, ' ').trim();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((r, i) => ({ id: `builtin-${i + 1}`, text: r.text, url: r.factCheckUrl ?? null }));
  const index = buildClaimIndex(claims.map((c) => ({ ...c, correction: null })));
  const reliable = rows.filter((r) => r.label === 0);
  const sims = reliable.map((r) => closestClaim(index, r.text)?.similarity ?? 0).sort((a, b) => b - a);
  const allowed = Math.floor(maxReliableRate * sims.length);
  const threshold = Math.max(FLOOR, (sims[allowed] ?? 0) + 1e-6);
  return {
    format: 'harborline-known-claims-1',
    builtFrom: sources,
    threshold: Number(threshold.toFixed(4)),
    reliableMatchRate: sims.length ? sims.filter((s) => s >= threshold).length / sims.length : 0,
    claims,
  };
}

let loaded: { stored: StoredClaims; builtin: KnownClaim[] } | undefined;
/** The shipped library, loaded on first use. */
export function builtinClaims() {
  if (!loaded) {
    const stored = JSON.parse(fs.readFileSync(KNOWN_CLAIMS_FILE, 'utf8')) as StoredClaims;
    loaded = { stored, builtin: stored.claims.map((c) => ({ ...c, correction: null })) };
  }
  return loaded;
}

let builtinIndex: ClaimIndex | undefined;
/** The index over the shipped claims alone (what the command line and organizations without claims use). */
export function builtinClaimIndex(): ClaimIndex {
  return (builtinIndex ??= buildClaimIndex(builtinClaims().builtin));
}
