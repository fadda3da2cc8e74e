import { BLOCKS, terms } from '../classifier/features.ts';

/**
 * Known false claims and how close a text comes to one: TF-IDF over the same word 1–2-grams and
 * character 2–5-grams the classifier reads, cosine similarity, idf from the claims themselves (words every
 * claim uses — "covid", "virus" — count for little; the claim's particulars count). Pure.
 */
export interface KnownClaim {
  id: string;
  text: string;
  /** What is true instead, when someone wrote it down (an organization's own claims). */
  correction: string | null;
  /** A fact-check or approved source that explains why it is false. */
  url: string | null;
}

interface Vector {
  terms: Map<string, number>;
}

export interface ClaimIndex {
  claims: KnownClaim[];
  /** Documents the idf was computed over. */
  vectors: Vector[];
  idf: ReadonlyMap<string, number>;
  documents: number;
  /** Term → claims containing it, so a text is compared only with claims that share a term. */
  postings: Map<string, number[]>;
}

function weigh(text: string, idf: (t: string) => number): Vector {
  const blocks = terms(text);
  const out = new Map<string, number>();
  for (const b of BLOCKS) {
    let norm = 0;
    const block: [string, number][] = [];
    for (const [t, count] of blocks[b]) {
      const v = (1 + Math.log(count)) * idf(t);
      if (v <= 0) continue;
      block.push([t, v]);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    // Each block is unit length; the pair is scaled so a text identical to a claim scores 1.
    for (const [t, v] of block) out.set(t, v / norm / Math.SQRT2);
  }
  return { terms: out };
}

/**
 * An index over claims. With `weightsFrom`, the claims are weighed with that index's idf (an
 * organization's few claims beside the shipped library: one library's statistics, and only the small
 * index is built per organization); terms it has never seen count as the rarest.
 */
export function buildClaimIndex(claims: KnownClaim[], weightsFrom?: ClaimIndex): ClaimIndex {
  const df = new Map<string, number>();
  for (const c of claims) {
    const blocks = terms(c.text);
    for (const b of BLOCKS) for (const t of blocks[b].keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const idf = weightsFrom?.idf ?? new Map([...df].map(([t, n]) => [t, Math.log((1 + claims.length) / (1 + n)) + 1]));
  const documents = weightsFrom?.documents ?? claims.length;
  const index: ClaimIndex = { claims, vectors: [], idf, documents, postings: new Map() };
  // Candidates come through words few claims use: a text sharing only "covid" with a claim is not near it.
  const rare = Math.max(5, claims.length * 0.05);
  claims.forEach((c, i) => {
    const v = weigh(c.text, (t) => index.idf.get(t) ?? unseenIdf(index));
    index.vectors.push(v);
    for (const [t] of v.terms) {
      if (!t.startsWith('w ') || (df.get(t) ?? 0) > rare) continue;
      const list = index.postings.get(t);
      if (list) list.push(i);
      else index.postings.set(t, [i]);
    }
  });
  return index;
}

const unseenIdf = (index: ClaimIndex) => Math.log(1 + index.documents) + 1;

export interface ClaimMatch {
  claim: KnownClaim;
  similarity: number;
}

/** The known claim most like the text (cosine similarity 0–1) in any of the indexes, or null when it shares no word with any. */
export function closestClaim(indexes: ClaimIndex | readonly ClaimIndex[], text: string): ClaimMatch | null {
  let best: ClaimMatch | null = null;
  for (const index of Array.isArray(indexes) ? indexes : [indexes]) {
    // Terms no claim uses carry no weight here: only what the text shares with the library counts.
    const v = weigh(text, (t) => index.idf.get(t) ?? unseenIdf(index));
    const candidates = new Set<number>();
    for (const [t] of v.terms) for (const i of index.postings.get(t) ?? []) candidates.add(i);
    for (const i of candidates) {
      const c = index.vectors[i];
      let dot = 0;
      for (const [t, w] of v.terms) {
        const x = c.terms.get(t);
        if (x !== undefined) dot += w * x;
      }
      if (!best || dot > best.similarity) best = { claim: index.claims[i], similarity: dot };
    }
  }
  return best;
}
