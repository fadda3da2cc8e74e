import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { detectPhi, evaluate, parseJsonl, type GoldExample } from '../../src/phi/index.ts';

// The labelled development sets live beside the repository (../shared/data/phi), never inside it.
const DATA = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'phi');
const load = (name: string) => parseJsonl<GoldExample>(fs.readFileSync(path.join(DATA, name), 'utf8'));
const FORMATTED = ['SH06_EMAIL', 'SH07_SSN', 'SH15_IP', 'SH14_URL', 'SH10_ACCOUNT'];

describe(
  'PHI detector targets on the development sets',
  { skip: !fs.existsSync(DATA) && 'shared/data/phi is not beside the repository' },
  () => {
    test('presidio synthetic: recall >= 0.95 over PHI spans, precision >= 0.80', () => {
      const r = evaluate(load('presidio_synth.dev.jsonl'), (t) => detectPhi(t));
      assert.ok(r.recall >= 0.95, `recall ${r.recall.toFixed(3)}`);
      assert.ok(r.precision >= 0.8, `precision ${r.precision.toFixed(3)}`);
    });
    test('presidio synthetic: formatted identifiers >= 0.99', () => {
      const r = evaluate(
        load('presidio_synth.dev.jsonl'),
        (t) => detectPhi(t),
        (sh) => FORMATTED.includes(sh),
      );
      assert.ok(r.recall >= 0.99, `formatted recall ${r.recall.toFixed(3)}`);
    });
    test('Broad Twitter Corpus: names incl. @handles recall >= 0.90', () => {
      const r = evaluate(
        load('btc.dev.jsonl'),
        (t) => detectPhi(t),
        (sh) => sh.startsWith('SH01'),
      );
      assert.ok(r.recall >= 0.9, `name recall ${r.recall.toFixed(3)}`);
    });
  },
);
