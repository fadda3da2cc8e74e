import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BITS, featuresOf, textCase, tokenInfo, type TokInfo } from './features.ts';
import { tokens, type Tok } from './tokens.ts';

export const MODEL_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'name-model.bin');
const MAGIC = 0x4e414d31; // "NAM1"

/** A linear model over hashed token features (trained as an averaged perceptron). */
export interface NameModel {
  weights: Float32Array;
  /** Scores above this are names. */
  threshold: number;
}

/** Sparse on disk: magic, threshold, count, then (index, weight) pairs. */
export function saveModel(file: string, model: NameModel): void {
  const idx: number[] = [];
  for (let i = 0; i < model.weights.length; i++) if (Math.abs(model.weights[i]) >= 1e-3) idx.push(i);
  const buf = Buffer.alloc(12 + idx.length * 8);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeFloatLE(model.threshold, 4);
  buf.writeUInt32LE(idx.length, 8);
  idx.forEach((i, k) => {
    buf.writeUInt32LE(i, 12 + k * 8);
    buf.writeFloatLE(model.weights[i], 16 + k * 8);
  });
  fs.writeFileSync(file, buf);
}

export function loadModel(file = MODEL_FILE): NameModel | null {
  if (!fs.existsSync(file)) return null;
  const buf = fs.readFileSync(file);
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) return null;
  const weights = new Float32Array(1 << BITS);
  const count = buf.readUInt32LE(8);
  for (let k = 0; k < count; k++) weights[buf.readUInt32LE(12 + k * 8)] = buf.readFloatLE(16 + k * 8);
  return { weights, threshold: buf.readFloatLE(4) };
}

let loaded: NameModel | null | undefined;
/** The shipped model, loaded once per process (null when the file is absent: rules only). */
export const nameModel = (): NameModel | null => (loaded === undefined ? (loaded = loadModel()) : loaded);

const scratch = new Int32Array(64);

export function scoreToken(model: Float32Array, toks: Tok[], info: TokInfo[], i: number, caseKind: number): number {
  const n = featuresOf(toks, info, i, caseKind, scratch);
  let s = 0;
  for (let k = 0; k < n; k++) s += model[scratch[k]];
  return s;
}

/** Name spans the model finds: runs of name tokens joined by a space or a hyphen. */
export function tagNames(text: string, model: NameModel): { start: number; end: number; score: number }[] {
  const toks = tokens(text);
  const info = tokenInfo(toks);
  const caseKind = textCase(info);
  const spans: { start: number; end: number; score: number }[] = [];
  let open: { start: number; end: number; score: number } | null = null;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const s = info[i].candidate ? scoreToken(model.weights, toks, info, i, caseKind) : -Infinity;
    if (s > model.threshold) {
      const joined = open && /^[ -]$/.test(text.slice(open.end, t.start));
      if (open && joined) {
        open.end = t.end;
        open.score = Math.min(open.score, s);
      } else {
        if (open) spans.push(open);
        open = { start: t.start, end: t.end, score: s };
      }
    } else if (open) {
      spans.push(open);
      open = null;
    }
  }
  if (open) spans.push(open);
  return spans;
}
