import type { SparseVector } from './features.ts';

/**
 * L2-regularised logistic regression fitted by L-BFGS on the full batch: deterministic (same data, same
 * weights), and fast enough for tens of thousands of sparse documents.
 */
export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function score(model: LogisticModel, x: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < x.idx.length; k++) z += model.weights[x.idx[k]] * x.val[k];
  return sigmoid(z);
}

export interface FitOptions {
  /** Inverse regularisation strength, as scikit-learn's C. */
  c?: number;
  iterations?: number;
  /** Weight of positive examples relative to negatives (1 = unweighted). */
  positiveWeight?: number;
}

export function fitLogistic(xs: SparseVector[], ys: number[], dims: number, opts: FitOptions = {}): LogisticModel {
  const c = opts.c ?? 10;
  const iterations = opts.iterations ?? 300;
  const pw = opts.positiveWeight ?? 1;
  const n = dims + 1; // last slot is the (unregularised) bias
  const lambda = 1 / c;

  const lossAndGrad = (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      let z = w[dims];
      for (let k = 0; k < x.idx.length; k++) z += w[x.idx[k]] * x.val[k];
      const y = ys[i];
      const sw = y === 1 ? pw : 1;
      // log(1 + e^-yz) computed stably, y in {0,1} mapped to ±1
      const m = y === 1 ? z : -z;
      loss += sw * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
      const d = sw * (sigmoid(z) - y);
      for (let k = 0; k < x.idx.length; k++) g[x.idx[k]] += d * x.val[k];
      g[dims] += d;
    }
    for (let j = 0; j < dims; j++) {
      loss += 0.5 * lambda * w[j] * w[j];
      g[j] += lambda * w[j];
    }
    return loss;
  };

  const w = new Float64Array(n);
  const g = new Float64Array(n);
  let f = lossAndGrad(w, g);
  const history = 8;
  const ss: Float64Array[] = [];
  const ys2: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const wNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(history);
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[j] * b[j];
    return s;
  };

  for (let it = 0; it < iterations; it++) {
    // two-loop recursion: dir = -H·g
    for (let j = 0; j < n; j++) dir[j] = -g[j];
    for (let k = ss.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(ss[k], dir);
      const yk = ys2[k];
      for (let j = 0; j < n; j++) dir[j] -= alpha[k] * yk[j];
    }
    if (ss.length) {
      const last = ss.length - 1;
      const gamma = dot(ss[last], ys2[last]) / dot(ys2[last], ys2[last]);
      for (let j = 0; j < n; j++) dir[j] *= gamma;
    }
    for (let k = 0; k < ss.length; k++) {
      const beta = rho[k] * dot(ys2[k], dir);
      const sk = ss[k];
      for (let j = 0; j < n; j++) dir[j] += sk[j] * (alpha[k] - beta);
    }
    const slope = dot(g, dir);
    if (slope >= 0) {
      // not a descent direction: restart from steepest descent
      ss.length = ys2.length = rho.length = 0;
      for (let j = 0; j < n; j++) dir[j] = -g[j];
    }
    // backtracking (Armijo) line search
    let step = ss.length ? 1 : 1 / Math.sqrt(dot(g, g) || 1);
    let fNew = 0;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) wNew[j] = w[j] + step * dir[j];
      fNew = lossAndGrad(wNew, gNew);
      if (fNew <= f + 1e-4 * step * dot(g, dir)) break;
      step /= 2;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = wNew[j] - w[j];
      y[j] = gNew[j] - g[j];
    }
    const sy = dot(s, y);
    w.set(wNew);
    g.set(gNew);
    const converged = Math.abs(f - fNew) < 1e-9 * Math.max(1, Math.abs(f));
    f = fNew;
    if (converged) break;
    if (sy > 1e-12) {
      ss.push(s);
      ys2.push(y);
      rho.push(1 / sy);
      if (ss.length > history) {
        ss.shift();
        ys2.shift();
        rho.shift();
      }
    }
  }
  return { weights: w.slice(0, dims), bias: w[dims] };
}
