import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildVocabulary, vectorize, type Vocabulary } from './features.ts';
import { fitLogistic, score, type LogisticModel } from './logistic.ts';
import type { LabelledText } from './datasets.ts';
import { thresholdForPrecision } from './metrics.ts';
import { aboutHealthClaims } from './topic.ts';

/** The trained misinformation model as stored on disk (committed; built by `npm run train:misinfo`). */
export interface StoredModel {
  format: 'harborline-misinfo-1';
  trainedOn: string[];
  examples: number;
  c: number;
  /** Review threshold: scores at or above it go to a moderator. */
  threshold: number;
  targetPrecision: number;
  bias: number;
  terms: string[];
  idf: number[];
  weights: number[];
}

export interface MisinfoClassifier {
  threshold: number;
  probability(text: string): number;
  /** The write path's decision: a health-claim topic and a score at or above the review threshold. */
  routesToReview(text: string): { probability: number; review: boolean; onTopic: boolean };
}

export const MODEL_FILE = fileURLToPath(new URL('../data/misinfo-model.json', import.meta.url));

export function classifierFrom(stored: StoredModel): MisinfoClassifier {
  const vocab: Vocabulary = { index: new Map(stored.terms.map((t, j) => [t, j])), idf: Float64Array.from(stored.idf) };
  const model: LogisticModel = { weights: Float64Array.from(stored.weights), bias: stored.bias };
  const probability = (text: string) => score(model, vectorize(text, vocab));
  return {
    threshold: stored.threshold,
    probability,
    routesToReview(text) {
      const p = probability(text);
      const onTopic = aboutHealthClaims(text);
      return { probability: p, onTopic, review: onTopic && p >= stored.threshold };
    },
  };
}

let loaded: MisinfoClassifier | undefined;
/** The committed model, loaded on first use. */
export function misinfoClassifier(): MisinfoClassifier {
  return (loaded ??= classifierFrom(JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')) as StoredModel));
}

export interface TrainOptions {
  c?: number;
  /** Precision the review threshold must reach in cross-validation on the training data. */
  targetPrecision?: number;
  folds?: number;
  sources?: string[];
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/**
 * Fits the model, then picks the review threshold by k-fold cross-validation on the same training data
 * (never on the evaluation set), as the lowest score whose out-of-fold precision reaches the target.
 */
export function trainModel(data: LabelledText[], opts: TrainOptions = {}): StoredModel {
  const c = opts.c ?? 30;
  const targetPrecision = opts.targetPrecision ?? 0.96;
  const folds = opts.folds ?? 5;
  const fit = (rows: LabelledText[]) => {
    const vocab = buildVocabulary(rows.map((r) => r.text));
    const model = fitLogistic(
      rows.map((r) => vectorize(r.text, vocab)),
      rows.map((r) => r.label),
      vocab.index.size,
      { c },
    );
    return { vocab, model };
  };
  const oofLabels: number[] = [];
  const oofScores: number[] = [];
  for (let f = 0; f < folds; f++) {
    const { vocab, model } = fit(data.filter((_, i) => i % folds !== f));
    data.forEach((r, i) => {
      if (i % folds !== f) return;
      oofLabels.push(r.label);
      oofScores.push(score(model, vectorize(r.text, vocab)));
    });
  }
  const threshold = Math.max(0.5, thresholdForPrecision(oofLabels, oofScores, targetPrecision));
  const { vocab, model } = fit(data);
  const terms = [...vocab.index.keys()];
  return {
    format: 'harborline-misinfo-1',
    trainedOn: opts.sources ?? [],
    examples: data.length,
    c,
    threshold: round(threshold, 6),
    targetPrecision,
    bias: model.bias,
    terms,
    idf: terms.map((_, j) => round(vocab.idf[j], 7)),
    weights: terms.map((_, j) => round(model.weights[j], 6)),
  };
}
