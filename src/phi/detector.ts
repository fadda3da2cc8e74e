import type { Finding } from './categories.ts';
import { recognizeDates } from './recognizers/dates.ts';
import { recognizeContextual, recognizeFormatted } from './recognizers/formatted.ts';
import { recognizeGeo } from './recognizers/geo.ts';
import { recognizeLearnedNames } from './recognizers/learned-names.ts';
import { recognizeNames } from './recognizers/names.ts';

export interface ScanOptions {
  /** Findings below this confidence are dropped (default 0.5). */
  minConfidence?: number;
  /** Use the trained name model beside the rules (default true; off to measure the rules alone). */
  learned?: boolean;
  /** Counts the work done (characters scanned, overlap checks): tests prove linear time with it, not a clock. */
  work?: { steps: number };
}

/** Longest text scanned in one call; longer input is scanned in overlapping windows. */
const WINDOW = 20_000;
const OVERLAP = 200;

/**
 * Finds protected health information in text. Pure and synchronous: no I/O after the dictionaries
 * load, safe on any input (empty, binary junk, unpaired surrogates, megabytes).
 */
export function detectPhi(text: string, options: ScanOptions = {}): Finding[] {
  const min = options.minConfidence ?? 0.5;
  const learned = options.learned ?? true;
  const work = options.work ?? { steps: 0 };
  if (!text) return [];
  if (text.length <= WINDOW) return resolve(text, scanWindow(text, learned, work), min, work);
  // Each window is resolved on its own and owns the findings that start in its part of the overlap, so
  // the work grows with the text, not with its square.
  const all: Finding[] = [];
  for (let offset = 0; offset < text.length; offset += WINDOW - OVERLAP) {
    const slice = text.slice(offset, offset + WINDOW);
    const ownFrom = offset === 0 ? 0 : offset + OVERLAP / 2;
    const ownTo = offset + WINDOW >= text.length ? Infinity : offset + WINDOW - OVERLAP / 2;
    for (const f of resolve(slice, scanWindow(slice, learned, work), min, work)) {
      const start = f.start + offset;
      if (start >= ownFrom && start < ownTo) all.push({ ...f, start, end: f.end + offset });
    }
    if (offset + WINDOW >= text.length) break;
  }
  // Neighbouring windows may have claimed overlapping spans at their border: the earlier one keeps its part.
  const out: Finding[] = [];
  for (const f of all) {
    work.steps++;
    const prev = out[out.length - 1];
    if (prev && f.start < prev.end) {
      if (f.end - prev.end >= 2) out.push({ ...f, start: prev.end });
    } else out.push(f);
  }
  return out;
}

function scanWindow(text: string, learned: boolean, work: { steps: number }): Finding[] {
  work.steps += text.length;
  const out: Finding[] = [];
  recognizeFormatted(text, out);
  recognizeContextual(text, out);
  recognizeDates(text, out);
  recognizeGeo(text, out);
  recognizeNames(text, out);
  if (learned) recognizeLearnedNames(text, out);
  return out;
}

/** Index of the first interval in `taken` (sorted, disjoint) that ends after `start`. */
function firstEndingAfter(taken: Finding[], start: number, work: { steps: number }): number {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    work.steps++;
    const mid = (lo + hi) >> 1;
    if (taken[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Overlaps: the more confident finding wins (longer on ties); a loser keeps whatever part of it
 * lies outside the winner, so no identifier is left half-covered.
 */
function resolve(text: string, findings: Finding[], min: number, work: { steps: number }): Finding[] {
  const candidates = findings.filter((f) => f.confidence >= min && f.end > f.start);
  candidates.sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Kept sorted by start; winners never overlap, so a binary search finds what a candidate touches.
  const taken: Finding[] = [];
  const place = (f: Finding) => taken.splice(firstEndingAfter(taken, f.start, work), 0, f);
  for (const f of candidates) {
    const first = firstEndingAfter(taken, f.start, work);
    const hits: Finding[] = [];
    for (let k = first; k < taken.length && taken[k].start < f.end; k++) {
      work.steps++;
      hits.push(taken[k]);
    }
    if (hits.length === 0) {
      place(f);
      continue;
    }
    // Keep the uncovered pieces of a partly overlapping finding.
    let pieces: [number, number][] = [[f.start, f.end]];
    for (const h of hits) {
      pieces = pieces.flatMap(([s, e]) => {
        const out: [number, number][] = [];
        if (s < h.start) out.push([s, Math.min(e, h.start)]);
        if (e > h.end) out.push([Math.max(s, h.end), e]);
        return out;
      });
    }
    for (let [s, e] of pieces) {
      while (s < e && /\s/.test(text[s])) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      if (e - s >= 2) place({ ...f, start: s, end: e });
    }
  }
  return taken;
}
