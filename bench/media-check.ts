// The full check of a 12-megapixel photo, and 20 photos arriving at once:
//   npx tsx bench/media-check.ts [runs=5] [at-once=20]
// Part 1: decode, strip (re-encode without metadata), thumbnails, OCR, faces and barcodes of one 4000×3000
// JPEG (a real photograph from the face-api package, upscaled, with a wristband label and barcode), timed
// against the baseline of decoding and re-encoding alone (what any upload costs). Target: under 2 s on one core.
// For one core, run it under `taskset -c 0`.
// Part 2: 20 such photos uploaded at once over HTTP to a test server; the server's resident memory is
// sampled until every check has finished (the queue holds ids, checks run one at a time).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import sharp from 'sharp';
import { analysePicture, stopAnalysis } from '../src/media/analysis/index.ts';
import { cleanPicture, responsiveSizes } from '../src/media/pictures.ts';
import { createTestOrg, signedIn, startTestServer } from '../test/helpers/context.ts';
import { waitChecked } from '../test/helpers/media.ts';

const RUNS = Number(process.argv[2] ?? 5);
const AT_ONCE = Number(process.argv[3] ?? 20);
const here = path.dirname(fileURLToPath(import.meta.url));
const photo = await sharp(path.join(here, '..', 'test', 'fixtures', 'media', 'photo-wristband.jpg'))
  .resize(4000, 3000, { fit: 'fill' })
  .jpeg({ quality: 90 })
  .withMetadata({ orientation: 1 })
  .toBuffer();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const baseline: number[] = [];
const full: number[] = [];
let found = '';
for (let i = 0; i <= RUNS; i++) {
  let t = performance.now();
  const clean = await cleanPicture(photo, 'image/jpeg', 50_000_000);
  const base = performance.now() - t;
  t = performance.now();
  await responsiveSizes(clean);
  const evidence = await analysePicture(clean.data, clean.width, clean.height);
  const rest = performance.now() - t;
  if (i === 0) continue; // the first run loads the models
  baseline.push(base);
  full.push(base + rest);
  found = `${evidence.faces.length} faces, ${evidence.codes.length} codes, ${evidence.words.length} words`;
}
console.log(`12 MP photo (${(photo.length / 1e6).toFixed(1)} MB): found ${found}`);
console.log(`  baseline (decode + re-encode): ${median(baseline).toFixed(0)} ms`);
console.log(
  `  full check:                    ${median(full).toFixed(0)} ms   (target < 2000 ms on one core; ${(median(full) / median(baseline)).toFixed(1)}× the baseline)`,
);
await stopAnalysis();

const server = await startTestServer({ media: { maxBytes: 26_214_400, maxPixels: 50_000_000, maxVideoSeconds: 600 } });
const org = await createTestOrg(server.ctx);
const patient = await signedIn(server, org, 'patient');
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const started = performance.now();
const uploads = await Promise.all(
  Array.from({ length: AT_ONCE }, (_, i) => patient.upload(`/api/media?name=p${i}.jpg`, photo, 'image/jpeg')),
);
const accepted = performance.now() - started;
const done = await Promise.all(uploads.map((u) => waitChecked(patient, u.json.media.id, 600_000)));
clearInterval(sampler);
console.log(
  `${AT_ONCE} photos at once: all accepted in ${(accepted / 1000).toFixed(1)} s, all checked in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
    `(${done.filter((m) => m.status === 'ready').length} ready); resident memory ${(before / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB`,
);
await server.close();
