/**
 * Aberration detection on count series (pure functions), after CDC's Early Aberration Reporting System:
 * C2 compares each day with the mean and spread of a 7-day baseline that ends two days earlier (so a
 * slowly starting outbreak does not hide itself in its own baseline); CUSUM accumulates standardised
 * excesses over the same baseline so a run of modest rises also alarms.
 */

export interface Alarm {
  index: number;
  observed: number;
  expected: number;
  statistic: number;
}

export interface DetectorOptions {
  baseline?: number;
  lag?: number;
  /** C2: standard deviations above the baseline mean. CUSUM: decision interval h. */
  threshold?: number;
  /** CUSUM reference value k (in standard deviations). */
  k?: number;
  /** Smallest standard deviation used, so a flat zero baseline does not alarm on a single count. */
  minSd?: number;
  /** Counts below this never alarm (one or two mentions are noise, not an outbreak). */
  minCount?: number;
}

const DEFAULTS = { baseline: 7, lag: 2, minSd: 1, minCount: 2 };

function baselineStats(series: number[], t: number, baseline: number, lag: number) {
  const from = t - lag - baseline;
  if (from < 0) return null;
  let sum = 0;
  for (let i = from; i < from + baseline; i++) sum += series[i];
  const mean = sum / baseline;
  let ss = 0;
  for (let i = from; i < from + baseline; i++) ss += (series[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (baseline - 1)) };
}

export function earsC2(series: number[], opts: DetectorOptions = {}): Alarm[] {
  const { baseline, lag, minSd, minCount } = { ...DEFAULTS, ...opts };
  const threshold = opts.threshold ?? 3;
  const alarms: Alarm[] = [];
  for (let t = 0; t < series.length; t++) {
    const b = baselineStats(series, t, baseline, lag);
    if (!b) continue;
    const statistic = (series[t] - b.mean) / Math.max(b.sd, minSd);
    if (statistic > threshold && series[t] >= minCount) alarms.push({ index: t, observed: series[t], expected: b.mean, statistic });
  }
  return alarms;
}

export function cusum(series: number[], opts: DetectorOptions = {}): Alarm[] {
  const { baseline, lag, minSd, minCount } = { ...DEFAULTS, ...opts };
  const h = opts.threshold ?? 2;
  const k = opts.k ?? 0.5;
  const alarms: Alarm[] = [];
  let s = 0;
  for (let t = 0; t < series.length; t++) {
    const b = baselineStats(series, t, baseline, lag);
    if (!b) continue;
    s = Math.max(0, s + (series[t] - b.mean) / Math.max(b.sd, minSd) - k);
    if (s > h && series[t] >= minCount) {
      alarms.push({ index: t, observed: series[t], expected: b.mean, statistic: s });
      s = 0; // restart after an alarm so one outbreak does not alarm every day
    }
  }
  return alarms;
}

export interface DetectionReport {
  outbreaks: number;
  caught: number;
  /** Periods from an outbreak's first period to its first alarm, for the caught ones. */
  delays: number[];
  falseAlarms: number;
  periods: number;
}

/**
 * Scores alarms against labelled outbreak periods (`state` 1): an outbreak is a run of consecutive
 * labelled periods and counts as caught when an alarm falls inside it; alarms outside any run are false.
 */
export function scoreDetection(state: number[], alarmIndexes: number[]): DetectionReport {
  const alarms = new Set(alarmIndexes);
  let outbreaks = 0;
  let caught = 0;
  const delays: number[] = [];
  for (let t = 0; t < state.length; t++) {
    if (state[t] !== 1 || state[t - 1] === 1) continue;
    outbreaks++;
    let end = t;
    while (end + 1 < state.length && state[end + 1] === 1) end++;
    for (let u = t; u <= end; u++) {
      if (alarms.has(u)) {
        caught++;
        delays.push(u - t);
        break;
      }
    }
  }
  const falseAlarms = alarmIndexes.filter((i) => state[i] !== 1).length;
  return { outbreaks, caught, delays, falseAlarms, periods: state.length };
}
