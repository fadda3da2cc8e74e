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
  if (!text) return [];
  const learned = options.learned ?? true;
  if (text.length <= WINDOW) return resolve(scanWindow(text, learned), min);
  const all: Finding[] = [];
  for (let offset = 0; offset < text.length; offset += WINDOW - OVERLAP) {
    const slice = text.slice(offset, offset + WINDOW);
    for (const f of scanWindow(slice, learned)) all.push({ ...f, start: f.start + offset, end: f.end + offset });
    if (offset + WINDOW >= text.length) break;
  }
  return resolve(all, min);
}

function scanWindow(text: string, learned: boolean): Finding[] {
  const out: Finding[] = [];
  recognizeFormatted(text, out);
  recognizeContextual(text, out);
  recognizeDates(text, out);
  recognizeGeo(text, out);
  recognizeNames(text, out);
  if (learned) recognizeLearnedNames(text, out);
  return out;
}


/**
 * Overlaps: the more confident finding wins (longer on ties); a loser keeps whatever part of it
 * lies outside the winner, so no identifier is left half-covered.
 */
function resolve(findings: Finding[], min: number): Finding[] {
  const candidates = findings.filter((f) => f.confidence >= min && f.end > f.start);
  candidates.sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: Finding[] = [];
  const overlapping = (s: number, e: number) => taken.filter((t) => t.start < e && s < t.end);
  const queue = [...candidates];
  while (queue.length) {
    const f = queue.shift()!;
    const hits = overlapping(f.start, f.end);
    if (hits.length === 0) {
      taken.push(f);
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
    for (const [s, e] of pieces) if (e - s >= 2) taken.push({ ...f, start: s, end: e });
  }
  return taken.sort((a, b) => a.start - b.start);
}
