// Adversarial inputs for the PHI detector's regular expressions: time to scan 2k and 20k characters of
// each risky fragment, and the ratio (linear scanning gives about 10; catastrophic backtracking far more).
// Run: npx tsx bench/phi-fuzz.ts
import { detectPhi } from '../src/phi/index.ts';

const seeds = [
  ' ',
  'a',
  '1',
  '1 ',
  '1-',
  '1.',
  'a@',
  '@a',
  'a.',
  'A ',
  'Aa ',
  'Mr. ',
  'account ',
  'account  ',
  'zip ',
  '12345 ',
  'www.',
  'http://',
  '::',
  '1:',
  'Street ',
  '1 A ',
  'the corner of ',
  'Dr ',
  '\n ',
  ', ',
  'Apt. 1 ',
  'ab-',
  '#1',
];
const time = (text: string) => {
  const t0 = performance.now();
  detectPhi(text);
  return performance.now() - t0;
};
let worst = 0;
for (const seed of seeds) {
  const small = time(seed.repeat(Math.ceil(2_000 / seed.length)) + '!');
  const large = time(seed.repeat(Math.ceil(20_000 / seed.length)) + '!');
  const ratio = large / Math.max(0.05, small);
  worst = Math.max(worst, ratio);
  console.log(
    `${JSON.stringify(seed).padEnd(18)} 2k ${small.toFixed(1).padStart(7)} ms   20k ${large.toFixed(1).padStart(7)} ms   ratio ${ratio.toFixed(1)}`,
  );
}
const mb = 'Feeling better today after the walk. '.repeat(28_000) + 'Email jane.doe@example.com';
console.log(`1 MB of text: ${time(mb).toFixed(0)} ms; worst 10x-input ratio ${worst.toFixed(1)} (baseline: linear = 10)`);
