import fs from 'node:fs';
import path from 'node:path';
import { cusum, earsC2, scoreDetection } from './detectors.ts';
import { seasonalDetector } from './seasonal.ts';

/** Weekly `week observed state` series (R package surveillance's format), one per file. */
export function readSurveillanceSeries(dir: string) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt') && f !== 'SOURCE.txt')
    .sort()
    .map((f) => {
      const rows = fs
        .readFileSync(path.join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/).map(Number));
      return { name: f.replace(/\.txt$/, ''), observed: rows.map((r) => r[1]), state: rows.map((r) => r[2]) };
    });
}

const DETECTORS = {
  c2: (s: number[]) => earsC2(s),
  cusum: (s: number[]) => cusum(s),
  seasonal: (s: number[]) => seasonalDetector(s).alarms,
};

/**
 * Outbreaks caught, detection delay and false alarms per series-year for each detector over every series;
 * `seasonal` also says which model it chose for each series most of the time.
 */
export function surveillanceReport(dir: string, periodsPerYear = 52) {
  const series = readSurveillanceSeries(dir);
  return (['c2', 'cusum', 'seasonal'] as const).map((method) => {
    const detect = DETECTORS[method];
    const perSeries = series.map((s) => ({
      name: s.name,
      ...scoreDetection(
        s.state,
        detect(s.observed).map((a) => a.index),
      ),
      ...(method === 'seasonal' ? { model: mostUsedModel(seasonalDetector(s.observed).models) } : {}),
    }));
    const delays = perSeries.flatMap((s) => s.delays).sort((a, b) => a - b);
    const periods = perSeries.reduce((n, s) => n + s.periods, 0);
    const falseAlarms = perSeries.reduce((n, s) => n + s.falseAlarms, 0);
    return {
      method,
      series: series.length,
      outbreaks: perSeries.reduce((n, s) => n + s.outbreaks, 0),
      caught: perSeries.reduce((n, s) => n + s.caught, 0),
      medianDelay: delays.length ? delays[Math.floor(delays.length / 2)] : null,
      meanDelay: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : null,
      falseAlarms,
      falseAlarmsPerYear: falseAlarms / (periods / periodsPerYear),
      perSeries,
    };
  });
}

function mostUsedModel(models: string[]): string {
  const counts = new Map<string, number>();
  for (const m of models) if (m !== 'cusum') counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'cusum';
}
