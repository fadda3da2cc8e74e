import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectPhi } from '../../src/phi/index.ts';

// A generated set of opaque strings (ids, hashes, version strings, codes, load-test tokens) that are not
// dates or phone numbers, beside real dates and phones in the same sentences: precision and recall of the
// date/phone recognizers on them. Seeded, so every run draws the same set.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261130);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: T[]) => xs[int(xs.length)];
const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
const B36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const OPAQUE: (() => string)[] = [
  () => `${chars(B36, 10)}-${1 + int(9)}-${1 + int(30)}`, // load-test tokens like rlmx2vsrz8-3-12
  () => `${chars(HEX, 8)}-${chars(HEX, 4)}-${chars(HEX, 4)}-${chars(HEX, 4)}-${chars(HEX, 12)}`, // UUID
  () => chars(HEX, pick([7, 12, 40])), // git hashes
  () => `${int(12)}.${int(30)}.${int(40)}`, // semver
  () => `v${int(5)}.${int(20)}.${int(99)}-${pick(['beta', 'rc', 'alpha'])}.${int(9)}`,
  () => `${pick(['build', 'job', 'run', 'img'])}-${2000 + int(30)}-${1 + int(12)}-${1 + int(28)}-${int(999)}`,
  () => `${chars('ABCDEFGHJKLMNPQRSTUVWXYZ', 3)}-${int(10)}-${int(10)}-${10 + int(89)}`,
  () => `${chars(B36, 4)}_${int(99)}_${int(99)}_${int(99)}`,
  () => `${1 + int(9)}x${1 + int(9)}-${1 + int(12)}-${10 + int(20)}`,
  () => `${chars(B36, 6)}/${1 + int(12)}/${1 + int(28)}/${2000 + int(30)}`, // url path segments
  () => `${int(9)}.${int(9)}.${10 + int(89)}`, // versions that look like d.m.yy
  () => `${int(9)}-${int(9)}-${10 + int(89)}`, // codes that look like d-m-yy
];
const CARRIERS = [
  'deployed {t} to staging',
  'the token {t} expired',
  'see {t} in the tracker',
  'load {t}: walked 20 minutes',
  'tag {t} was pushed',
];
const DATES = [
  () => `${1 + int(12)}/${1 + int(28)}/${1950 + int(70)}`,
  () => `${2000 + int(30)}-0${1 + int(9)}-1${int(9)}`,
  () => `${pick(['March', 'June', 'October'])} ${1 + int(28)}, ${1950 + int(70)}`,
];
const PHONES = [
  () => `(${200 + int(700)}) ${200 + int(700)}-${1000 + int(8999)}`,
  () => `+44 20 ${7000 + int(999)} ${1000 + int(8999)}`,
  () => `${200 + int(700)}-${200 + int(700)}-${1000 + int(8999)}`,
];

function hits(text: string, start: number, end: number, categories: string[]) {
  return detectPhi(text).filter((f) => categories.includes(f.category) && f.start < end && f.end > start).length > 0;
}

describe('opaque tokens are not dates or phone numbers (generated set)', () => {
  test('false alarms on 2,400 ids, hashes, versions and codes stay under 1%; real dates and phones in the same sentences are still found', () => {
    let falseAlarms = 0;
    const examples: string[] = [];
    const N = 2_400;
    for (let i = 0; i < N; i++) {
      const token = OPAQUE[i % OPAQUE.length]();
      const carrier = pick(CARRIERS);
      const text = carrier.replace('{t}', token);
      const start = carrier.indexOf('{t}');
      if (hits(text, start, start + token.length, ['SH03_DATE', 'SH04_PHONE', 'SH05_FAX'])) {
        falseAlarms++;
        if (examples.length < 5) examples.push(token);
      }
    }
    let found = 0;
    const M = 600;
    for (let i = 0; i < M; i++) {
      const [value, category] = i % 2 ? [pick(DATES)(), 'SH03_DATE'] : [pick(PHONES)(), 'SH04_PHONE'];
      const carrier = pick(['we talked on {t} about it', 'call {t} tomorrow', 'noted {t} in the chart']);
      const text = carrier.replace('{t}', value);
      const start = carrier.indexOf('{t}');
      if (hits(text, start, start + value.length, [category])) found++;
    }
    const falseRate = falseAlarms / N;
    process.stdout.write(
      `# opaque tokens: ${falseAlarms}/${N} flagged as date or phone (${(falseRate * 100).toFixed(2)}%, precision on tokens ${(1 - falseRate).toFixed(4)}); real dates/phones found ${found}/${M}\n`,
    );
    if (examples.length) process.stdout.write(`# flagged, e.g.: ${examples.join(' ')}\n`);
    assert.ok(falseRate < 0.01, `${falseAlarms} false alarms, e.g. ${examples.join(', ')}`);
    assert.ok(found / M >= 0.95, `only ${found}/${M} real dates and phones found`);
  });
});
