import { BITS, featuresOf, textCase, tokenInfo } from './features.ts';
import type { NameModel } from './model.ts';
import type { NameExample } from './synthetic.ts';
import { tokens } from './tokens.ts';

interface Row {
  feats: Int32Array;
  y: 1 | -1;
}

function rows(examples: NameExample[]): Row[] {
  const out: Row[] = [];
  const buf = new Int32Array(64);
  for (const ex of examples) {
    const toks = tokens(ex.text);
    const info = tokenInfo(toks);
    const kind = textCase(info);
    toks.forEach((t, i) => {
      if (!info[i].candidate) return;
      const n = featuresOf(toks, info, i, kind, buf);
      const y = ex.spans.some((s) => s.start < t.end && t.start < s.end) ? 1 : -1;
      out.push({ feats: buf.slice(0, n), y });
    });
  }
  return out;
}

/**
 * An averaged perceptron over candidate tokens (name or not). The decision threshold is chosen on a
 * validation slice of the training examples (never on the test side) to maximize F1.
 */
export function trainNameModel(
  examples: NameExample[],
  epochs = 6,
): { model: NameModel; validation: { precision: number; recall: number; f1: number } } {
  const validationSet = examples.filter((_, i) => i % 10 === 0);
  const trainSet = examples.filter((_, i) => i % 10 !== 0);
  const data = rows(trainSet);
  const w = new Float32Array(1 << BITS);
  const u = new Float32Array(1 << BITS);
  let c = 1;
  let seed = 12345;
  for (let e = 0; e < epochs; e++) {
    // Deterministic shuffle.
    for (let i = data.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (i + 1);
      [data[i], data[j]] = [data[j], data[i]];
    }
    for (const r of data) {
      let s = 0;
      for (const f of r.feats) s += w[f];
      if (r.y * s <= 0) {
        for (const f of r.feats) {
          w[f] += r.y;
          u[f] += r.y * c;
        }
      }
      c++;
    }
  }
  for (let i = 0; i < w.length; i++) w[i] = w[i] - u[i] / c;
  // Threshold on the validation slice.
  const val = rows(validationSet).map((r) => ({ s: r.feats.reduce((a, f) => a + w[f], 0), y: r.y }));
  const positives = val.filter((v) => v.y === 1).length;
  let best = { threshold: 0, precision: 0, recall: 0, f1: 0 };
  for (let t = -3; t <= 3; t += 0.1) {
    let tp = 0,
      fp = 0;
    for (const v of val) {
      if (v.s <= t) continue;
      if (v.y === 1) tp++;
      else fp++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = positives ? tp / positives : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) best = { threshold: Math.round(t * 10) / 10, precision, recall, f1 };
  }
  return { model: { weights: w, threshold: best.threshold }, validation: { precision: best.precision, recall: best.recall, f1: best.f1 } };
}
