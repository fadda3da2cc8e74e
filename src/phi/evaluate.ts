import type { Category, Finding } from './categories.ts';

/** A gold span in the shared labelled format: `sh` is a Safe Harbor category, null, or starred. */
export interface GoldSpan {
  start: number;
  end: number;
  type: string;
  sh: string | null;
}
export interface GoldExample {
  id: string | number;
  text: string;
  spans: GoldSpan[];
}

export interface CategoryScore {
  gold: number;
  found: number;
  recall: number;
}
export interface EvalReport {
  examples: number;
  recall: number; // over gold PHI spans (not starred)
  recallWithPartial: number; // also counting starred (partly PHI) spans
  precision: number;
  predicted: number;
  truePositives: number;
  byGoldCategory: Record<string, CategoryScore>;
  byPredictedCategory: Record<string, { predicted: number; precision: number }>;
}

const ALNUM = /[\p{L}\p{N}]/u;

function coveredMask(length: number, findings: Finding[]): Uint8Array {
  const mask = new Uint8Array(length);
  for (const f of findings) mask.fill(1, Math.max(0, f.start), Math.min(length, f.end));
  return mask;
}

/** A span counts as found when every letter and digit in it is covered by some finding. */
function fullyCovered(text: string, mask: Uint8Array, s: GoldSpan): boolean {
  for (let i = s.start; i < s.end; i++) if (!mask[i] && ALNUM.test(text[i])) return false;
  return true;
}

/** The Safe Harbor category a gold label names (handles `*` and `(@handle)` suffixes). */
export function goldCategory(sh: string): string {
  return sh.replace(/\*$/, '').replace(/\(@handle\)$/, '');
}

/**
 * Scores findings against gold spans. Recall: share of gold PHI spans fully covered. Precision: share of
 * findings whose letters and digits are at least half inside gold PHI spans (starred spans included).
 */
export function evaluate(examples: GoldExample[], predict: (text: string) => Finding[], only?: (sh: string) => boolean): EvalReport {
  const byGold: Record<string, CategoryScore> = {};
  const byPred: Record<string, { predicted: number; tp: number }> = {};
  let gold = 0,
    found = 0,
    goldAll = 0,
    foundAll = 0,
    predicted = 0,
    tp = 0;
  for (const ex of examples) {
    const findings = predict(ex.text);
    const mask = coveredMask(ex.text.length, findings);
    const phiSpans = ex.spans.filter((s) => s.sh && (!only || only(s.sh)));
    const goldMask = new Uint8Array(ex.text.length);
    for (const s of ex.spans) if (s.sh) goldMask.fill(1, s.start, s.end);
    for (const s of phiSpans) {
      const partial = s.sh!.endsWith('*');
      const key = s.sh!;
      const hit = fullyCovered(ex.text, mask, s);
      byGold[key] ??= { gold: 0, found: 0, recall: 0 };
      byGold[key].gold++;
      if (hit) byGold[key].found++;
      goldAll++;
      if (hit) foundAll++;
      if (!partial) {
        gold++;
        if (hit) found++;
      }
    }
    for (const f of findings) {
      let letters = 0,
        inside = 0;
      for (let i = f.start; i < f.end; i++) {
        if (!ALNUM.test(ex.text[i] ?? '')) continue;
        letters++;
        if (goldMask[i]) inside++;
      }
      const ok = letters > 0 && inside * 2 >= letters;
      predicted++;
      if (ok) tp++;
      byPred[f.category] ??= { predicted: 0, tp: 0 };
      byPred[f.category].predicted++;
      if (ok) byPred[f.category].tp++;
    }
  }
  for (const v of Object.values(byGold)) v.recall = v.gold ? v.found / v.gold : 0;
  const byPredictedCategory: EvalReport['byPredictedCategory'] = {};
  for (const [k, v] of Object.entries(byPred))
    byPredictedCategory[k as Category] = { predicted: v.predicted, precision: v.tp / v.predicted };
  return {
    examples: examples.length,
    recall: gold ? found / gold : 1,
    recallWithPartial: goldAll ? foundAll / goldAll : 1,
    precision: predicted ? tp / predicted : 1,
    predicted,
    truePositives: tp,
    byGoldCategory: byGold,
    byPredictedCategory,
  };
}

export function parseJsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
