import type { Alarm } from './detectors.ts';

/**
 * Outbreak detection that respects seasons, chosen per series as it runs. Each period, a quasi-Poisson
 * regression is fitted to the series' own history (up to `lag` periods before), with and without a yearly
 * harmonic (sine and cosine of the week of the year), past excesses down-weighted as in the Farrington
 * method so an earlier outbreak does not raise what is expected; the seasonal model is used when a
 * likelihood-ratio test on the history says the season is real (a year of history at least), the flat one
 * otherwise. A count above the expected value plus `z` standard deviations (variance φ·μ) alarms. Before
 * there is a year of history, CUSUM over the weeks there are (at least three) watches instead. After an
 * alarm, the next `cooldown` periods alarm again only if the count rises above the alarming one: one
 * excursion is one signal to investigate, not one a week. Pure.
 */
export interface SeasonalOptions {
  /** Periods in a year (52.18 weeks). */
  period?: number;
  /** Periods between the end of the history and the period judged. */
  lag?: number;
  /** Standard deviations above the expected count (3.09: one-sided 0.1%). */
  z?: number;
  /** History needed before a season is considered. */
  minHistory?: number;
  minCount?: number;
  cooldown?: number;
}

const DEFAULTS = { period: 52.18, lag: 1, z: 3.09, minHistory: 52, minCount: 2, cooldown: 3 };
/** χ² with 2 degrees of freedom at 0.95: the harmonic pair's test. */
const CHI2_2_95 = 5.991;

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const d = m[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / d;
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / (row[i] || 1e-12));
}

interface Fit {
  expected: (x: number[]) => number;
  /** Overdispersion (at least 1). */
  phi: number;
  deviance: number;
}

/** Weighted Poisson regression with a log link by iteratively reweighted least squares. */
export function poissonRegression(y: number[], xs: number[][], weights: number[]): Fit {
  const p = xs[0].length;
  let beta = Array.from({ length: p }, () => 0);
  beta[0] = Math.log(y.reduce((a, b) => a + b, 0) / y.length + 0.1);
  const eta = (x: number[]) =>
    Math.min(
      20,
      x.reduce((s, v, j) => s + v * beta[j], 0),
    );
  for (let iteration = 0; iteration < 30; iteration++) {
    const a = Array.from({ length: p }, () => Array.from({ length: p }, () => 0));
    const b = Array.from({ length: p }, () => 0);
    for (let i = 0; i < y.length; i++) {
      const e = eta(xs[i]);
      const mu = Math.exp(e);
      const working = e + (y[i] - mu) / mu;
      const w = weights[i] * mu;
      for (let j = 0; j < p; j++) {
        b[j] += w * xs[i][j] * working;
        for (let k = 0; k < p; k++) a[j][k] += w * xs[i][j] * xs[i][k];
      }
    }
    for (let j = 1; j < p; j++) a[j][j] += 1e-6;
    const next = solve(a, b);
    const change = next.reduce((s, v, j) => s + Math.abs(v - beta[j]), 0);
    beta = next;
    if (change < 1e-8) break;
  }
  const expected = (x: number[]) => Math.exp(eta(x));
  let pearson = 0;
  let deviance = 0;
  for (let i = 0; i < y.length; i++) {
    const mu = expected(xs[i]);
    pearson += (weights[i] * (y[i] - mu) ** 2) / mu;
    deviance += weights[i] * 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / mu) : 0) - (y[i] - mu));
  }
  return { expected, phi: Math.max(1, pearson / Math.max(1, y.length - p)), deviance };
}

/** Fits, then refits with past excesses (standardized residual above 1) down-weighted by 1/residual². */
function robustFit(y: number[], xs: number[][]): Fit {
  const first = poissonRegression(
    y,
    xs,
    y.map(() => 1),
  );
  const weights = y.map((v, i) => {
    const mu = first.expected(xs[i]);
    const r = (v - mu) / Math.sqrt(first.phi * mu);
    return r > 1 ? 1 / (r * r) : 1;
  });
  return poissonRegression(y, xs, weights);
}

export interface SeasonalAlarm extends Alarm {
  model: 'seasonal' | 'flat' | 'cusum';
}

export function seasonalDetector(
  series: number[],
  opts: SeasonalOptions = {},
): { alarms: SeasonalAlarm[]; models: SeasonalAlarm['model'][] } {
  const o = { ...DEFAULTS, ...opts };
  const harmonic = (t: number) => [1, Math.sin((2 * Math.PI * t) / o.period), Math.cos((2 * Math.PI * t) / o.period)];
  const alarms: SeasonalAlarm[] = [];
  const models: SeasonalAlarm['model'][] = [];
  let cusumSum = 0;
  const cooling = (t: number) => {
    const last = alarms.at(-1);
    return last !== undefined && t - last.index <= o.cooldown && series[t] <= last.observed;
  };
  for (let t = 0; t < series.length; t++) {
    const end = t - o.lag;
    if (end >= o.minHistory) {
      const history = series.slice(0, end);
      const seasonalFit = robustFit(
        history,
        history.map((_, i) => harmonic(i)),
      );
      const flatFit = robustFit(
        history,
        history.map(() => [1]),
      );
      const seasonal = (flatFit.deviance - seasonalFit.deviance) / seasonalFit.phi > CHI2_2_95;
      const fit = seasonal ? seasonalFit : flatFit;
      const expected = fit.expected(seasonal ? harmonic(t) : [1]);
      const sd = Math.sqrt(fit.phi * expected);
      const upper = expected + o.z * sd;
      models.push(seasonal ? 'seasonal' : 'flat');
      if (series[t] > upper && series[t] >= o.minCount && !cooling(t))
        alarms.push({ index: t, observed: series[t], expected, statistic: (series[t] - expected) / sd, model: models[t] });
      continue;
    }
    // The first year: CUSUM (k 0.5, h 2) over up to seven earlier periods, as soon as there are three.
    models.push('cusum');
    const baseline = series.slice(Math.max(0, t - 7), t);
    if (baseline.length < 3) continue;
    const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
    const sd = Math.max(1, Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / (baseline.length - 1)));
    cusumSum = Math.max(0, cusumSum + (series[t] - mean) / sd - 0.5);
    if (cusumSum > 2 && series[t] >= o.minCount && !cooling(t)) {
      alarms.push({ index: t, observed: series[t], expected: mean, statistic: cusumSum, model: 'cusum' });
      cusumSum = 0;
    }
  }
  return { alarms, models };
}
