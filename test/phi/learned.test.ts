import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectPhi, dictionaries, evaluate, type GoldExample } from '../../src/phi/index.ts';
import { loadModel, MODEL_FILE, inTestSplit, syntheticCorpus, tagNames, trainNameModel } from '../../src/phi/learned/index.ts';

const asGold = (examples: ReturnType<typeof syntheticCorpus>): GoldExample[] =>
  examples.map((e) => ({ id: e.id, text: e.text, spans: e.spans.map((s) => ({ ...s, type: 'PER', sh: 'SH01_NAME' })) }));
const nameRecall = (examples: GoldExample[], predict: (t: string) => ReturnType<typeof detectPhi>) =>
  evaluate(
    examples,
    (t) => predict(t).filter((f) => f.category === 'SH01_NAME'),
    (sh) => sh.startsWith('SH01'),
  );

describe('the learned name recognizer', () => {
  const d = dictionaries();
  test('the shipped model loads and finds names the rules miss on held-out synthetic posts', () => {
    const model = loadModel(MODEL_FILE);
    assert.ok(model, 'src/phi/data/name-model.bin ships with the code');
    assert.ok(Number.isFinite(model.threshold));
    const held = asGold(syntheticCorpus(d, 'test', 600));
    const rules = nameRecall(held, (t) => detectPhi(t, { learned: false }));
    const both = nameRecall(held, (t) => detectPhi(t));
    assert.ok(both.recall >= rules.recall + 0.08, `recall ${rules.recall.toFixed(3)} → ${both.recall.toFixed(3)}`);
    assert.ok(both.precision >= 0.8, `precision ${both.precision.toFixed(3)}`);
  });
  test('train and test sides share no names and no templates', () => {
    const names = (side: 'train' | 'test') =>
      new Set(
        syntheticCorpus(d, side, 400)
          .flatMap((e) => e.spans.map((s) => e.text.slice(s.start, s.end).toLowerCase().replace(/^#/, '')))
          .filter((n) => d.firstNames.has(n) || d.lastNames.has(n)),
      );
    const train = names('train');
    for (const n of names('test')) assert.ok(!train.has(n), `${n} is on both sides`);
    assert.equal(inTestSplit('x'), inTestSplit('x'));
  });
  test('training learns from examples (a small model beats no model on unseen posts)', () => {
    const { model } = trainNameModel(syntheticCorpus(d, 'train', 1500), 3);
    const held = syntheticCorpus(d, 'test', 300);
    let found = 0,
      total = 0;
    for (const ex of held) {
      const spans = tagNames(ex.text, model);
      for (const g of ex.spans) {
        total++;
        if (spans.some((s) => s.start < g.end && g.start < s.end)) found++;
      }
    }
    assert.ok(found / total > 0.5, `a small model found ${found}/${total}`);
  });
});
