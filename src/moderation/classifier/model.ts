import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOMAINS, type Domain, type LabelledText } from './datasets.ts';
import { buildVocabulary, vectorize, type SparseVector, type Vocabulary } from './features.ts';
import { fitLogistic, sigmoid } from './logistic.ts';
import { thresholdForFalseAlarmRate, thresholdForPrecision } from './metrics.ts';

/**
 * The misinformation model, trained across sources of different kinds (posts, headlines) with feature
 * augmentation ("frustratingly easy domain adaptation", Daumé 2007): every term has a weight all kinds of
 * text share and one per kind, so what only one source's style says (agency bulletins read "reliable" in
 * Constraint, fact-checkers' summaries read "fake" in CoAID) is learned by that kind's weights, and what
 * makes a claim false across sources by the shared ones. Each kind has its review threshold, chosen by
 * cross-validation on the training data only.
 */
export interface StoredModel {
  format: 'harborline-misinfo-2';
  trainedOn: string[];
  examples: number;
  c: number;
  /** Review thresholds: scores at or above go to a moderator. */
  thresholds: Record<Domain, number>;
  calibration: { post: { targetPrecision: number }; headline: { maxFalseAlarmRate: number } };
  terms: string[];
  idf: number[];
  bias: number;
  shared: number[];
  domains: Record<Domain, { bias: number; weights: number[] }>;
}

export interface MisinfoClassifier {
  /** The review threshold for posts (what people write in Harborline). */
  threshold: number;
  thresholds: Record<Domain, number>;
  probability(text: string, domain?: Domain): number;
}

export const MODEL_FILE = fileURLToPath(new URL('../data/misinfo-model.json', import.meta.url));

interface Weights {
  bias: number;
  shared: Float64Array;
  domains: Record<Domain, { bias: number; weights: Float64Array }>;
}

function scoreWith(w: Weights, x: SparseVector, domain: Domain): number {
  const d = w.domains[domain];
  let z = w.bias + d.bias;
  for (let k = 0; k < x.idx.length; k++) z += (w.shared[x.idx[k]] + d.weights[x.idx[k]]) * x.val[k];
  return sigmoid(z);
}

export function classifierFrom(stored: StoredModel): MisinfoClassifier {
  const vocab: Vocabulary = { index: new Map(stored.terms.map((t, j) => [t, j])), idf: Float64Array.from(stored.idf) };
  const weights: Weights = {
    bias: stored.bias,
    shared: Float64Array.from(stored.shared),
    domains: Object.fromEntries(
      DOMAINS.map((d) => [d, { bias: stored.domains[d].bias, weights: Float64Array.from(stored.domains[d].weights) }]),
    ) as Weights['domains'],
  };
  const probability = (text: string, domain: Domain = 'post') => scoreWith(weights, vectorize(text, vocab), domain);
  return {
    threshold: stored.thresholds.post,
    thresholds: stored.thresholds,
    probability,
  };
}

let loaded: MisinfoClassifier | undefined;
/** The committed model, loaded on first use. */
export function misinfoClassifier(): MisinfoClassifier {
  return (loaded ??= classifierFrom(JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')) as StoredModel));
}

export interface TrainOptions {
  c?: number;
  /** Posts: precision the review threshold must reach in cross-validation on the training data. */
  targetPrecision?: number;
  /** Headlines: share of reliable items the review threshold may flag in cross-validation. */
  maxFalseAlarmRate?: number;
  folds?: number;
  sources?: string[];
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

function fit(rows: LabelledText[], c: number) {
  const vocab = buildVocabulary(rows.map((r) => r.text));
  const dims = vocab.index.size;
  // [shared terms | post terms | headline terms | post bias | headline bias]
  const augment = (x: SparseVector, domain: Domain): SparseVector => {
    const d = DOMAINS.indexOf(domain);
    const idx = new Int32Array(x.idx.length * 2 + 1);
    const val = new Float64Array(x.val.length * 2 + 1);
    idx.set(x.idx);
    val.set(x.val);
    for (let k = 0; k < x.idx.length; k++) {
      idx[x.idx.length + k] = x.idx[k] + dims * (1 + d);
      val[x.idx.length + k] = x.val[k];
    }
    idx[idx.length - 1] = dims * (1 + DOMAINS.length) + d;
    val[val.length - 1] = 1;
    return { idx, val };
  };
  const model = fitLogistic(
    rows.map((r) => augment(vectorize(r.text, vocab), r.domain)),
    rows.map((r) => r.label),
    dims * (1 + DOMAINS.length) + DOMAINS.length,
    { c },
  );
  const weights: Weights = {
    bias: model.bias,
    shared: model.weights.slice(0, dims),
    domains: Object.fromEntries(
      DOMAINS.map((d, i) => [
        d,
        { bias: model.weights[dims * (1 + DOMAINS.length) + i], weights: model.weights.slice(dims * (1 + i), dims * (2 + i)) },
      ]),
    ) as Weights['domains'],
  };
  return { vocab, weights };
}

/**
 * Fits the model, then picks each kind's review threshold by k-fold cross-validation on the same training
 * data (never on an evaluation set): for posts the lowest score whose out-of-fold precision reaches the
 * target; for headlines the lowest score that flags at most the allowed share of reliable items.
 */
export function trainModel(data: LabelledText[], opts: TrainOptions = {}): StoredModel {
  const c = opts.c ?? 30;
  const targetPrecision = opts.targetPrecision ?? 0.96;
  const maxFalseAlarmRate = opts.maxFalseAlarmRate ?? 0.03;
  const folds = opts.folds ?? 5;
  const oof = Object.fromEntries(DOMAINS.map((d) => [d, { labels: [] as number[], scores: [] as number[] }])) as Record<
    Domain,
    { labels: number[]; scores: number[] }
  >;
  for (let f = 0; f < folds; f++) {
    const { vocab, weights } = fit(
      data.filter((_, i) => i % folds !== f),
      c,
    );
    data.forEach((r, i) => {
      if (i % folds !== f) return;
      oof[r.domain].labels.push(r.label);
      oof[r.domain].scores.push(scoreWith(weights, vectorize(r.text, vocab), r.domain));
    });
  }
  const thresholds: Record<Domain, number> = {
    post: oof.post.labels.length ? Math.max(0.5, thresholdForPrecision(oof.post.labels, oof.post.scores, targetPrecision)) : 0.5,
    headline: oof.headline.labels.length ? thresholdForFalseAlarmRate(oof.headline.labels, oof.headline.scores, maxFalseAlarmRate) : 0.5,
  };
  const { vocab, weights } = fit(data, c);
  const terms = [...vocab.index.keys()];
  const dense = (a: Float64Array) => terms.map((_, j) => round(a[j], 5));
  return {
    format: 'harborline-misinfo-2',
    trainedOn: opts.sources ?? [],
    examples: data.length,
    c,
    thresholds: { post: round(thresholds.post, 6), headline: round(thresholds.headline, 6) },
    calibration: { post: { targetPrecision }, headline: { maxFalseAlarmRate } },
    terms,
    idf: terms.map((_, j) => round(vocab.idf[j], 7)),
    bias: weights.bias,
    shared: dense(weights.shared),
    domains: Object.fromEntries(
      DOMAINS.map((d) => [d, { bias: weights.domains[d].bias, weights: dense(weights.domains[d].weights) }]),
    ) as StoredModel['domains'],
  };
}
