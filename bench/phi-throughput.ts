// PHI detector throughput on tweet-length posts, side by side with redact-pii in the same process.
//   npx tsx bench/phi-throughput.ts [seconds-per-contender]
// Prints characters/second on one core for each and the ratio.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { checkInContext, compileProfile } from '../src/phi/context/index.ts';
import { detectPhi, dictionaries } from '../src/phi/index.ts';

const require = createRequire(import.meta.url);
const seconds = Number(process.argv[2] ?? 5);
const DATA = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'phi');

function corpus(): string[] {
  const texts: string[] = [];
  for (const f of ['presidio_synth.dev.jsonl', 'btc.dev.jsonl']) {
    const p = path.join(DATA, f);
    if (!fs.existsSync(p)) continue;
    for (const line of fs.readFileSync(p, 'utf8').split('\n')) if (line.trim()) texts.push(JSON.parse(line).text);
  }
  if (texts.length === 0) {
    // No shared data beside the repo: synthetic posts of the same length and shape.
    for (let i = 0; i < 5000; i++)
      texts.push(
        `Day ${i % 30}: thanks @nurse_${i} and Dr. Rivera! Call 555-01${String(i % 100).padStart(2, '0')} or email pt${i}@example.com about the 3/14 visit #recovery`,
      );
  }
  return texts;
}

function measure(name: string, texts: string[], fn: (t: string) => unknown) {
  for (let i = 0; i < Math.min(500, texts.length); i++) fn(texts[i]); // warm-up
  let chars = 0;
  let posts = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 200; i++) {
      const t = texts[posts % texts.length];
      fn(t);
      chars += t.length;
      posts++;
    }
  }
  const elapsed = (performance.now() - t0) / 1000;
  const result = { name, charsPerSecond: chars / elapsed, postsPerSecond: posts / elapsed, microsPerPost: (elapsed * 1e6) / posts };
  console.log(
    `${name.padEnd(12)} ${Math.round(result.charsPerSecond).toLocaleString().padStart(12)} chars/s  ${Math.round(result.postsPerSecond).toLocaleString().padStart(9)} posts/s  ${result.microsPerPost.toFixed(1).padStart(8)} µs/post`,
  );
  return result;
}

const texts = corpus();
const avg = texts.reduce((n, t) => n + t.length, 0) / texts.length;
const rssBefore = process.memoryUsage().rss;
const tLoad = performance.now();
dictionaries();
detectPhi('warm up John Smith');
const loadMs = performance.now() - tLoad;
const rssAfterLoad = process.memoryUsage().rss;
console.log(`corpus: ${texts.length} posts, ${avg.toFixed(0)} chars on average; ${seconds} s per contender, one core`);
console.log(
  `dictionaries: loaded in ${loadMs.toFixed(0)} ms; resident memory ${(rssAfterLoad / 2 ** 20).toFixed(0)} MiB (was ${(rssBefore / 2 ** 20).toFixed(0)} MiB before)`,
);
const ours = measure('harborline', texts, (t) => detectPhi(t));
// The same scan read in an organization's context (whom each finding is about) and decided, as every write is.
const profile = compileProfile({
  name: 'Harbor General Hospital',
  aliases: ['HGH'],
  facilities: [{ name: 'Harbor Heart Institute', address: '44 Pier Road, Portsmouth, NH 03801', phone: '(603) 555-0140' }],
  domains: ['harbor.example'],
  staff: [{ name: 'Ada Okafor', role: 'clinician' }],
});
const inContext = measure('in context', texts, (t) => checkInContext(t, 'public', { role: 'communications' }, profile));
const { SyncRedactor } = require('redact-pii');
const redactor = new SyncRedactor();
const theirs = measure('redact-pii', texts, (t) => redactor.redact(t));
console.log(`ratio: harborline is ${(ours.charsPerSecond / theirs.charsPerSecond).toFixed(2)}x redact-pii's throughput`);
console.log(
  `target >= 1,000,000 chars/s: ${ours.charsPerSecond >= 1e6 ? 'met' : 'NOT met'} (detector); ${inContext.charsPerSecond >= 1e6 ? 'met' : 'NOT met'} in context (resident memory without the TypeScript loader: bench/phi-memory.ts)`,
);
