import type { Finding } from '../categories.ts';
import { nameModel, tagNames } from '../learned/model.ts';
import { ORG_HEADS } from '../dictionaries.ts';
import { add } from './formatted.ts';

const NEXT_WORD = /^[ \t]{1,2}(\p{Lu}[\p{L}'’-]*)/u;

/**
 * Names the rules miss in informal text (lowercase, single surnames, unfamiliar names), from the trained
 * token model. Confidence stays below the rules' strong findings, so where both speak the rules' span wins.
 */
export function recognizeLearnedNames(text: string, out: Finding[]): void {
  const model = nameModel();
  if (!model) return;
  for (const s of tagNames(text, model)) {
    // "Flynn Theater", "Harbor Clinic": a capitalized organization word right after makes it a place or body.
    const next = NEXT_WORD.exec(text.slice(s.end, s.end + 32))?.[1];
    if (next && ORG_HEADS.has(next.toLowerCase())) continue;
    let confidence = Math.round(Math.min(0.85, 0.6 + 0.1 * (s.score - model.threshold)) * 100) / 100;
    // Where the rules found part of the same name, the two become one span ("Grace" + "Mwangi").
    let { start, end } = s;
    let reason = 'name (learned model)';
    for (let k = out.length - 1; k >= 0; k--) {
      const f = out[k];
      if (f.category !== 'SH01_NAME' || f.end <= start || f.start >= end || f.reason === 'social handle') continue;
      start = Math.min(start, f.start);
      end = Math.max(end, f.end);
      confidence = Math.max(confidence, f.confidence);
      reason = `${f.reason}, confirmed by the learned model`;
      out.splice(k, 1);
    }
    add(out, start, end, 'SH01_NAME', confidence, reason);
  }
}
