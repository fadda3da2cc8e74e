import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { cusum, earsC2, poissonRegression, scoreDetection, seasonalDetector, surveillanceReport } from '../../src/signals/index.ts';

const DATA = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'surveillance');

describe('seasonal detector, pure parts', () => {
  test('a regular yearly wave is expected, not alarmed; an off-season surge of the same size is', () => {
    const weeks = 52 * 3;
    const wave = Array.from({ length: weeks }, (_, t) => Math.round(6 + 5 * Math.sin((2 * Math.PI * t) / 52.18)));
    const { alarms, models } = seasonalDetector(wave);
    assert.equal(models.at(-1), 'seasonal');
    assert.deepEqual(
      alarms.filter((a) => a.index >= 60).map((a) => a.index),
      [],
      'the season itself raises no alarm once it has been seen',
    );
    const surge = [...wave];
    const trough = 52 * 2 + 39; // the season's low point in the third year
    surge[trough] = surge[trough] + 12;
    assert.ok(seasonalDetector(surge).alarms.some((a) => a.index === trough && a.model === 'seasonal'));
  });

  test('Poisson regression recovers a constant rate', () => {
    const fit = poissonRegression(
      [3, 5, 4, 4, 6, 2],
      Array.from({ length: 6 }, () => [1]),
      [1, 1, 1, 1, 1, 1],
    );
    assert.ok(Math.abs(fit.expected([1]) - 4) < 1e-6);
  });
});

describe('aberration detectors', () => {
  const flat = [3, 4, 3, 5, 4, 3, 4, 3, 4, 5, 3, 4, 3, 4];
  test('C2 alarms on a spike above the lagged baseline and not on noise', () => {
    assert.deepEqual(earsC2(flat), []);
    const spike = [...flat, 15];
    assert.deepEqual(
      earsC2(spike).map((a) => a.index),
      [14],
    );
    assert.ok(Math.abs(earsC2(spike)[0].expected - 3.71) < 0.01);
  });
  test('CUSUM alarms on a run of modest rises that C2 misses', () => {
    const creeping = [...flat, 6, 6, 6, 6];
    assert.deepEqual(earsC2(creeping), []);
    assert.ok(cusum(creeping).length >= 1);
  });
  test('a flat zero baseline does not alarm on a single mention', () => {
    assert.deepEqual(earsC2([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), []);
  });
  test('scoring: an outbreak is caught by an alarm inside its run; others are false alarms', () => {
    const r = scoreDetection([0, 0, 1, 1, 1, 0, 0, 1, 0], [1, 3, 8]);
    assert.deepEqual({ ...r }, { outbreaks: 2, caught: 1, delays: [1], falseAlarms: 2, periods: 9 });
  });
});

// Regression figures on the RKI SurvStat series (14 series × 213 weeks, one labelled outbreak each).
// They were measured when the detectors were tuned; a change that loses outbreaks or adds false alarms fails.
describe(
  'outbreak detection on labelled surveillance series',
  { skip: !fs.existsSync(DATA) && 'shared/data/surveillance is not beside the repository' },
  () => {
    test('C2 and CUSUM keep their detection rate, delay and false-alarm rate', () => {
      const [c2, cs] = surveillanceReport(DATA);
      assert.equal(c2.outbreaks, 14);
      assert.ok(c2.caught >= 8, `C2 caught ${c2.caught}`);
      assert.ok(c2.falseAlarmsPerYear <= 1.0, `C2 false alarms ${c2.falseAlarmsPerYear}`);
      assert.ok(c2.medianDelay! <= 3);
      assert.ok(cs.caught >= 11, `CUSUM caught ${cs.caught}`);
      assert.ok(cs.falseAlarmsPerYear <= 1.7, `CUSUM false alarms ${cs.falseAlarmsPerYear}`);
      assert.ok(cs.medianDelay! <= 2);
    });

    test('the seasonal detector, choosing its model per series: at least 12 of 14 outbreaks, at most 1 false alarm per series-year, median delay at most 2 weeks', () => {
      const seasonal = surveillanceReport(DATA)[2];
      assert.equal(seasonal.method, 'seasonal');
      assert.ok(seasonal.caught >= 12, `caught ${seasonal.caught}`);
      assert.ok(seasonal.falseAlarmsPerYear <= 1.0, `false alarms ${seasonal.falseAlarmsPerYear}`);
      assert.ok(seasonal.medianDelay! <= 2, `median delay ${seasonal.medianDelay}`);
      // The choice is the series' own: both models are chosen somewhere.
      const models = new Set(seasonal.perSeries.map((s) => (s as { model?: string }).model));
      assert.ok(models.has('seasonal') && models.has('flat'), [...models].join(','));
    });
  },
);
