import type { Finding } from '../categories.ts';
import { nameModel, tagNames } from '../learned/model.ts';
import { add } from './formatted.ts';

/**
 * Names the rules miss in informal text (lowercase, single surnames, unfamiliar names), from the trained
 * token model. Confidence stays below the rules' strong findings, so where both speak the rules' span wins.
 */
export function recognizeLearnedNames(text: string, out: Finding[]): void {
  const model = nameModel();
  if (!model) return;
  for (const s of tagNames(text, model)) {
    const confidence = Math.min(0.85, 0.6 + 0.1 * (s.score - model.threshold));
    add(out, s.start, s.end, 'SH01_NAME', Math.round(confidence * 100) / 100, 'name (learned model)');
  }
}
