/**
 * Text → sparse TF-IDF features: word 1–2-grams and character 2–5-grams within word boundaries, each
 * block sublinear-tf weighted and L2-normalised on its own (as scikit-learn's FeatureUnion of two
 * TfidfVectorizers would). Pure functions; the vocabulary and idf come from training.
 */

export type Block = 'word' | 'char';
export const BLOCKS: Block[] = ['word', 'char'];

/** Lower-case, and fold the parts that vary without meaning (links, handles, digits runs) into tokens. */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' httpurl ')
    .replace(/@\w+/g, ' atuser ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD = /[\p{L}\p{N}#][\p{L}\p{N}'#%.-]*[\p{L}\p{N}%]|[\p{L}\p{N}]|[!?]/gu;

/** Terms of each block with their counts. Word terms are prefixed "w ", character terms "c ". */
export function terms(text: string): Record<Block, Map<string, number>> {
  const norm = normalize(text);
  const word = new Map<string, number>();
  const char = new Map<string, number>();
  const add = (m: Map<string, number>, t: string) => m.set(t, (m.get(t) ?? 0) + 1);
  const tokens = norm.match(WORD) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    add(word, `w ${tokens[i]}`);
    if (i > 0) add(word, `w ${tokens[i - 1]} ${tokens[i]}`);
  }
  for (const tok of tokens) {
    const padded = ` ${tok} `;
    for (let n = 2; n <= 5; n++) for (let s = 0; s + n <= padded.length; s++) add(char, `c ${padded.slice(s, s + n)}`);
  }
  return { word, char };
}

export interface Vocabulary {
  index: Map<string, number>;
  idf: Float64Array;
}

/** A document as sorted feature indices and values (unit length per block). */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

export function vectorize(text: string, vocab: Vocabulary): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  const blocks = terms(text);
  for (const b of BLOCKS) {
    const start = idx.length;
    let norm = 0;
    for (const [t, count] of blocks[b]) {
      const j = vocab.index.get(t);
      if (j === undefined) continue;
      const v = (1 + Math.log(count)) * vocab.idf[j];
      idx.push(j);
      val.push(v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = start; k < val.length; k++) val[k] /= norm;
  }
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}

/** Builds the vocabulary from training texts: terms in at least `minDf` documents, smoothed idf. */
export function buildVocabulary(texts: string[], minDf = 2): Vocabulary {
  const df = new Map<string, number>();
  for (const text of texts) {
    const blocks = terms(text);
    for (const b of BLOCKS) for (const t of blocks[b].keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const kept = [...df].filter(([, n]) => n >= minDf).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const index = new Map<string, number>();
  const idf = new Float64Array(kept.length);
  kept.forEach(([t, n], j) => {
    index.set(t, j);
    idf[j] = Math.log((1 + texts.length) / (1 + n)) + 1;
  });
  return { index, idf };
}
