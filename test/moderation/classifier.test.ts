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
import {
  builtinClaimIndex,
  builtinClaims,
  misinfoDecision,
  readOfficialMessages,
  thresholdForFalseAlarmRate,
  type MisinfoSignals,
} from '../../src/moderation/index.ts';
import { buildClaimIndex, closestClaim } from '../../src/moderation/claims/matcher.ts';
import { linkedDomains, listedAs } from '../../src/moderation/sources/domains.ts';

const shippedSignals = (lists: { approved?: string[]; unreliable?: string[] } = {}): MisinfoSignals => ({
  classifier: misinfoClassifier(),
  claims: [builtinClaimIndex()],
  claimThreshold: builtinClaims().stored.threshold,
  approvedDomains: new Set(lists.approved ?? []),
  unreliableDomains: new Set(lists.unreliable ?? []),
});

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
    const rows = [
      ...fake.map((text, i) => ({ id: `f${i}`, text, label: 1, domain: 'post' as const })),
      ...real.map((text, i) => ({ id: `r${i}`, text, label: 0, domain: 'post' as const })),
    ];
    const stored = trainModel([...rows, ...rows], { folds: 2, targetPrecision: 0.5 });
    const c = classifierFrom(stored);
    assert.ok(c.probability('garlic and bleach cure the virus') > c.probability('health department reports new cases today'));
    assert.ok(stored.thresholds.post >= 0.5);
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

describe('misinformation signals, pure parts', () => {
  test('links are read to their domain without fetching; a listed domain covers its subdomains', () => {
    assert.deepEqual(
      linkedDomains('See https://www.CDC.gov/flu?x=1, http://user@evil.example:8080/a and www.news.example.org/b. Not e.g. this.'),
      ['cdc.gov', 'evil.example', 'news.example.org'],
    );
    assert.equal(listedAs('emergency.cdc.gov', new Set(['cdc.gov'])), 'cdc.gov');
    assert.equal(listedAs('notcdc.gov', new Set(['cdc.gov'])), null);
  });

  test('claim matching: a reworded repeat comes close, an unrelated text sharing common words does not', () => {
    const index = buildClaimIndex([
      {
        id: 'a',
        text: 'Drinking hot water with lemon every hour kills the coronavirus',
        correction: 'It does not.',
        url: 'https://factcheck.example/lemon',
      },
      { id: 'b', text: '5G towers spread the coronavirus', correction: null, url: null },
    ]);
    const repeat = closestClaim(index, 'drinking hot lemon water every hour will kill coronavirus!!');
    assert.equal(repeat?.claim.id, 'a');
    assert.ok(repeat.similarity > 0.5, String(repeat.similarity));
    const unrelated = closestClaim(index, 'The coronavirus vaccine clinic is open every hour until 6pm');
    assert.ok((unrelated?.similarity ?? 0) < 0.4, String(unrelated?.similarity));
  });

  test('the decision: reasons for each signal; approved sources never flag; staff posts skip the classifier', () => {
    const signals = shippedSignals({ approved: ['cdc.gov'], unreliable: ['cures.example'] });
    const text = 'Garlic cures covid, the government hides it! https://cures.example/garlic';
    const patient = misinfoDecision(signals, text, { topicGate: true });
    assert.ok(patient.flagged);
    assert.deepEqual(patient.reasons.map((r) => r.kind).sort(), ['classifier', 'unreliable_source']);
    const staff = misinfoDecision(signals, text, { topicGate: true, classifier: false });
    assert.deepEqual(
      staff.reasons.map((r) => r.kind),
      ['unreliable_source'],
    );
    const cited = misinfoDecision(signals, 'Flu shots this Saturday, details at https://www.cdc.gov/flu', {
      topicGate: true,
      classifier: false,
    });
    assert.equal(cited.flagged, false);
    assert.deepEqual(cited.reasons, [{ kind: 'approved_source', domain: 'cdc.gov' }]);
  });

  test('a false-alarm threshold flags at most the allowed share of reliable scores', () => {
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
    const t = thresholdForFalseAlarmRate(labels, scores, 0.1);
    assert.equal(scores.filter((x, i) => labels[i] === 0 && x >= t).length, 1);
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

  test('CoAID 07-01 (never trained on): at most 5% of reliable items flagged, at least 60% of false ones caught', () => {
    const signals = shippedSignals();
    const rows = readLabelled(path.join(DATA, 'coaid', '07-01-2020'));
    const flagged = rows.map((r) => misinfoDecision(signals, r.text, { domain: r.domain }).flagged);
    const reliable = rows.filter((r) => r.label === 0).length;
    const falseAlarms = rows.filter((r, i) => r.label === 0 && flagged[i]).length;
    const caught = rows.filter((r, i) => r.label === 1 && flagged[i]).length;
    assert.ok(falseAlarms / reliable <= 0.05, `reliable flagged ${falseAlarms}/${reliable}`);
    assert.ok(caught / (rows.length - reliable) >= 0.6, `caught ${caught}/${rows.length - reliable}`);
  });

  test('official public-health messages (own and from the sources) are flagged at most 2% on the staff write path', () => {
    const signals = shippedSignals();
    const messages = [
      path.join(ROOT, 'test', 'fixtures', 'misinfo', 'official-health-messages.txt'),
      path.join(DATA, 'Constraint_Train.csv'),
      path.join(DATA, 'coaid', '05-01-2020'),
    ].flatMap((f) => readOfficialMessages(f));
    assert.ok(messages.length >= 200, String(messages.length));
    const flagged = messages.filter((m) => misinfoDecision(signals, m.text, { topicGate: true, classifier: false }).flagged);
    assert.ok(flagged.length / messages.length <= 0.02, `${flagged.length}/${messages.length}: ${flagged.map((m) => m.id).join(', ')}`);
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
    assert.equal(typeof lines[0].flagged, 'boolean');
    assert.ok(Array.isArray(lines[0].reasons));
    assert.equal(
      lines[0].flagged,
      lines[0].reasons.some((r: { kind: string }) => r.kind !== 'approved_source'),
    );
    assert.match(out.stderr, /line 2: not valid JSON/);
    const ev = run(['moderation', 'eval', path.join(DATA, 'Constraint_Val.csv'), path.join(DATA, 'coaid')]);
    assert.equal(ev.status, 0, ev.stderr);
    assert.match(ev.stdout, /Constraint_Val\.csv: 2140 examples/);
    assert.match(ev.stdout, /coaid: \d+ examples/);
    assert.match(ev.stdout, /review threshold [\d.]+: weighted F1 [\d.]+ {2}precision/);
    assert.match(ev.stdout, /review decision \(classifier \+ known claims\): misinformation caught [\d.]+% {2}reliable flagged [\d.]+%/);
  });
});
