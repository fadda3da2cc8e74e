import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  binaryReport,
  classifierFrom,
  misinfoClassifier,
  readLabelled,
  rocAuc,
  thresholdForPrecision,
  trainModel,
} from '../../src/moderation/index.ts';
import { parseCsv } from '../../src/shared/csv.ts';

const DATA = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'misinfo');
const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('misinformation classifier, pure parts', () => {
  test('CSV parsing handles quotes, commas, newlines and a BOM', () => {
    assert.deepEqual(parseCsv('\ufeffid,text\n1,"a, ""quoted""\nline"\r\n2,plain'), [
      ['id', 'text'],
      ['1', 'a, "quoted"\nline'],
      ['2', 'plain'],
    ]);
  });

  test('a model trained on a handful of examples separates the two kinds it saw', () => {
    const fake = [
      'garlic cures covid overnight',
      'drinking bleach kills the virus',
      'vaccines contain microchips',
      '5g towers spread the virus',
      'hold your breath to test for covid',
      'hot baths cure covid',
    ];
    const real = [
      'cdc reports 1200 new cases today',
      'testing sites open until 6pm',
      'state health department reports 30 deaths',
      'new guidance on masks from who',
      'hospital admissions fell this week',
      'vaccination clinic opens monday',
    ];
    const rows = [...fake.map((text, i) => ({ id: `f${i}`, text, label: 1 })), ...real.map((text, i) => ({ id: `r${i}`, text, label: 0 }))];
    const stored = trainModel([...rows, ...rows], { folds: 2, targetPrecision: 0.5 });
    const c = classifierFrom(stored);
    assert.ok(c.probability('garlic and bleach cure the virus') > c.probability('health department reports new cases today'));
    assert.ok(stored.threshold >= 0.5);
    // round trip through JSON is what ships
    assert.equal(classifierFrom(JSON.parse(JSON.stringify(stored))).probability('x y z'), c.probability('x y z'));
  });

  test('metrics: weighted F1, precision threshold and AUC on a known case', () => {
    const labels = [1, 1, 0, 0];
    const scores = [0.9, 0.4, 0.6, 0.1];
    const r = binaryReport(labels, scores, 0.5);
    assert.deepEqual(r.confusion, { tp: 1, fp: 1, tn: 1, fn: 1 });
    assert.equal(r.weightedF1, 0.5);
    assert.equal(thresholdForPrecision(labels, scores, 1), 0.9);
    assert.equal(rocAuc(labels, scores), 0.75);
  });
});

describe('misinformation classifier targets', { skip: !fs.existsSync(DATA) && 'shared/data/misinfo is not beside the repository' }, () => {
  test('held-out Constraint data: weighted F1 ≥ 0.945 and precision ≥ 0.95 at the review threshold', () => {
    const c = misinfoClassifier();
    const rows = readLabelled(path.join(DATA, 'Constraint_Val.csv'));
    const r = binaryReport(
      rows.map((x) => x.label),
      rows.map((x) => c.probability(x.text)),
      c.threshold,
    );
    assert.ok(r.weightedF1 >= 0.945, `weighted F1 ${r.weightedF1.toFixed(3)}`);
    assert.ok(r.precision >= 0.95, `precision ${r.precision.toFixed(3)}`);
  });

  test('CLI: classify prints one probability per line; eval reports both sources', () => {
    const run = (args: string[], input?: string) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'harborline.mjs'), ...args], {
        input,
        encoding: 'utf8',
        env: { ...process.env, LOG_LEVEL: 'silent' },
      });
    const out = run(
      ['moderation', 'classify', '--jsonl', '-'],
      '{"id":"a","text":"5G towers spread the coronavirus"}\nnot json\n{"id":2,"text":"CDC reports 1,200 new cases today"}\n',
    );
    assert.equal(out.status, 0, out.stderr);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.id),
      ['a', 2],
    );
    assert.ok(lines[0].misinformation > lines[1].misinformation);
    assert.match(out.stderr, /line 2: not valid JSON/);
    const ev = run(['moderation', 'eval', path.join(DATA, 'Constraint_Val.csv'), path.join(DATA, 'coaid')]);
    assert.equal(ev.status, 0, ev.stderr);
    assert.match(ev.stdout, /Constraint_Val\.csv: 2140 examples/);
    assert.match(ev.stdout, /coaid: \d+ examples/);
    assert.match(ev.stdout, /review threshold [\d.]+: weighted F1 [\d.]+ {2}precision/);
  });
});
