import { LEX, lexicon } from '../dictionaries.ts';
import type { Tok } from './tokens.ts';

/** Feature space size (hashed): 2^20 weights. */
export const BITS = 20;
const MASK = (1 << BITS) - 1;

/** FNV-1a of a string range (computed once per token). */
function fnv(s: string, from = 0, to = s.length): number {
  let h = 2166136261;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
/** A feature index from a kind and up to three numbers (string hashes or small codes). */
function mix(kind: number, a: number, b = 0, c = 0): number {
  let h = Math.imul(kind + 0x9e3779b9, 0x85ebca6b) ^ a;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) ^ c;
  h ^= h >>> 16;
  return (h >>> 0) & MASK;
}

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const SENTENCE_END = new Set(['.', '!', '?', ':', '"', '“', '”', '|', '…', '-', '–', '—', '(', ')', '/']);

/** What the features need of each token, computed once per token. */
export interface TokInfo {
  key: string;
  /** Hashes of the key, its last three and two letters, and its first three. */
  h: number;
  suffix3: number;
  suffix2: number;
  prefix3: number;
  shape: number;
  /** Bits: first-name list, last-name list, common word, city. */
  lex: number;
  candidate: boolean;
}

function shapeOf(t: Tok, letter: boolean): number {
  const s = t.text;
  if (s[0] === '#') return 1;
  if (s[0] === '@') return 2;
  if (!letter) return /^\p{N}/u.test(s) ? 3 : 4; // number, punctuation
  if (s === t.lower) return 10; // lower
  if (s === s.toUpperCase()) return s.length === 1 ? 5 : 6;
  return s[0] !== t.lower[0] ? (UPPER.test(s.slice(1)) ? 7 : 8) : 9; // CamelCase, Capitalized, mIxed
}

// Spanish and French articles and prepositions: surnames too (Le, La, Del), but never worth the model's guess.
const ARTICLES = new Set(['le', 'la', 'les', 'el', 'los', 'las', 'un', 'une', 'des', 'du', 'de', 'del', 'au', 'aux', 'al']);

/** A letter somewhere in the token (ASCII letters checked without a regex). */
function hasLetter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) return true;
    if (s.charCodeAt(i) > 127) return LETTER.test(s);
  }
  return false;
}

export function tokenInfo(toks: Tok[]): TokInfo[] {
  const lex = lexicon();
  const out: TokInfo[] = Array.from({ length: toks.length });
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const letter = hasLetter(t.text);
    const key = t.text[0] === '#' ? t.lower.slice(1) : t.lower;
    const shape = shapeOf(t, letter);
    const h = fnv(key);
    if (!letter) {
      out[i] = { key, h, suffix3: 0, suffix2: 0, prefix3: 0, shape, lex: 0, candidate: false };
      continue;
    }
    const bits = lex.get(key) ?? 0;
    // A lowercase word is looked at only when it is in a name list (lowercase foreign words are not names).
    const candidate =
      shape !== 2 &&
      (t.text.length >= 3 || (bits & 3) !== 0) &&
      t.text.length >= 2 &&
      (shape !== 10 || (bits & 3) !== 0) &&
      !(bits & LEX.NEVER) &&
      !ARTICLES.has(key);
    const lexBits = candidate ? bits & 15 : bits & 7;
    const n = key.length;
    out[i] = candidate
      ? {
          key,
          h,
          suffix3: fnv(key, Math.max(0, n - 3)),
          suffix2: fnv(key, Math.max(0, n - 2)),
          prefix3: fnv(key, 0, Math.min(3, n)),
          shape,
          lex: lexBits,
          candidate,
        }
      : { key, h, suffix3: 0, suffix2: 0, prefix3: 0, shape, lex: lexBits, candidate };
  }
  return out;
}

/** Text-wide traits: in an all-lowercase or all-uppercase tweet, capitals say little. */
export function textCase(info: TokInfo[]): number {
  let letters = 0,
    cap = 0,
    upper = 0;
  for (const t of info) {
    if (t.shape < 5) continue;
    letters++;
    if (t.shape !== 10 && t.shape !== 9) cap++;
    if (t.shape === 6) upper++;
  }
  if (letters === 0) return 0;
  if (upper * 2 > letters) return 1;
  if (cap === 0) return 2;
  if (cap * 2 > letters) return 3; // title case
  return 4;
}

/** Hashed features of token i; `out` is reused to spare allocations. Returns how many were written. */
export function featuresOf(toks: Tok[], info: TokInfo[], i: number, caseKind: number, out: Int32Array): number {
  const t = info[i];
  const prev = i > 0 ? info[i - 1] : null;
  const next = i + 1 < info.length ? info[i + 1] : null;
  const key = t.key;
  const start = !prev || SENTENCE_END.has(toks[i - 1].text) || prev.key === 'rt' ? 1 : 0;
  const pShape = prev ? prev.shape : 0;
  const nShape = next ? next.shape : 0;
  const pLex = prev ? prev.lex : 16;
  const nLex = next ? next.lex : 16;
  const pKey = prev ? prev.h : 1;
  const nKey = next ? next.h : 2;
  let n = 0;
  out[n++] = 0; // bias
  out[n++] = mix(1, t.h);
  out[n++] = mix(2, t.suffix3);
  out[n++] = mix(3, t.suffix2);
  out[n++] = mix(4, t.prefix3);
  out[n++] = mix(5, t.shape, t.lex);
  out[n++] = mix(6, t.shape, start, t.lex);
  out[n++] = mix(7, pKey);
  out[n++] = mix(8, nKey);
  out[n++] = mix(9, pShape, t.shape, nShape);
  out[n++] = mix(10, pLex, t.lex, nLex);
  out[n++] = mix(11, caseKind, t.shape, t.lex);
  out[n++] = mix(12, i > 1 ? info[i - 2].h : 1);
  out[n++] = mix(13, Math.min(key.length, 12), t.shape);
  out[n++] = mix(14, t.shape, pKey);
  out[n++] = mix(15, t.shape, nKey);
  out[n++] = mix(16, pShape, pLex, t.shape);
  out[n++] = mix(17, nShape, nLex, t.shape);
  return n;
}
