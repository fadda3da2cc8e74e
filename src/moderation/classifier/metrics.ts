/** Binary classification figures with "misinformation" (1) as the positive class. */
export interface BinaryReport {
  examples: number;
  threshold: number;
  /** Mean of per-class F1 weighted by class support (the Constraint shared task's figure). */
  weightedF1: number;
  precision: number;
  recall: number;
  f1: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
}

export function binaryReport(labels: number[], probabilities: number[], threshold: number): BinaryReport {
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  labels.forEach((y, i) => {
    const p = probabilities[i] >= threshold ? 1 : 0;
    if (p === 1 && y === 1) tp++;
    else if (p === 1) fp++;
    else if (y === 1) fn++;
    else tn++;
  });
  const f1 = (a: number, b: number, c: number) => (2 * a === 0 ? 0 : (2 * a) / (2 * a + b + c));
  const pos = tp + fn;
  const neg = tn + fp;
  const weightedF1 = pos + neg === 0 ? 0 : (f1(tp, fp, fn) * pos + f1(tn, fn, fp) * neg) / (pos + neg);
  return {
    examples: labels.length,
    threshold,
    weightedF1,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: pos === 0 ? 0 : tp / pos,
    f1: f1(tp, fp, fn),
    confusion: { tp, fp, tn, fn },
  };
}

/**
 * The lowest threshold whose precision reaches `target` on the given (held-out) scores, so review queues
 * catch as much as possible while staying that precise. Falls back to the highest score seen.
 */
export function thresholdForPrecision(labels: number[], probabilities: number[], target: number): number {
  const order = probabilities.map((p, i) => [p, labels[i]] as const).sort((a, b) => b[0] - a[0]);
  let tp = 0;
  let fp = 0;
  let best = order.length ? order[0][0] : 0.5;
  for (let k = 0; k < order.length; k++) {
    if (order[k][1] === 1) tp++;
    else fp++;
    // only cut between distinct scores
    if (k + 1 < order.length && order[k + 1][0] === order[k][0]) continue;
    if (tp / (tp + fp) >= target) best = order[k][0];
  }
  return best;
}

/**
 * The lowest threshold at which at most `maxRate` of the reliable (0) examples score at or above it: how
 * many false alarms a moderation queue may take. Scores of reliable examples are the only input.
 */
export function thresholdForFalseAlarmRate(labels: number[], probabilities: number[], maxRate: number): number {
  const reliable = probabilities.filter((_, i) => labels[i] === 0).sort((a, b) => b - a);
  const allowed = Math.floor(maxRate * reliable.length);
  if (allowed >= reliable.length) return 0;
  // Just above the first reliable score that must not be flagged (ties with it would be flagged too).
  return Math.min(1, reliable[allowed] + 1e-9);
}

/** Area under the ROC curve: how well scores rank misinformation above reliable text, at any threshold. */
export function rocAuc(labels: number[], probabilities: number[]): number {
  const order = probabilities.map((p, i) => [p, labels[i]] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  for (let k = 0; k < order.length;) {
    let e = k;
    while (e + 1 < order.length && order[e + 1][0] === order[k][0]) e++;
    const avgRank = (k + e) / 2 + 1; // ties share their mean rank
    for (let q = k; q <= e; q++)
      if (order[q][1] === 1) {
        rankSum += avgRank;
        pos++;
      }
    k = e + 1;
  }
  const neg = order.length - pos;
  return pos === 0 || neg === 0 ? NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
