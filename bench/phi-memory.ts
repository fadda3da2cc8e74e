// Resident memory of the PHI detector in a plain Node process (no TypeScript loader in the way):
// bundles src/phi with esbuild, then a child process loads the dictionaries and scans posts.
//   npx tsx bench/phi-memory.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.tmp', 'phi-memory');
fs.mkdirSync(outDir, { recursive: true });
// The bundle finds its word lists beside itself, as src/phi does.
const dataLink = path.join(outDir, 'data');
if (!fs.existsSync(dataLink)) fs.symlinkSync(path.join(root, 'src', 'phi', 'data'), dataLink);
const entry = path.join(outDir, 'entry.ts');
fs.writeFileSync(
  entry,
  `import { detectPhi } from ${JSON.stringify(path.join(root, 'src', 'phi', 'detector.ts'))};
import { dictionaries } from ${JSON.stringify(path.join(root, 'src', 'phi', 'dictionaries.ts'))};
const mib = (n) => Math.round(n / 2 ** 20);
const base = process.memoryUsage().rss;
dictionaries();
const loaded = process.memoryUsage().rss;
const posts = ['Visited pt John Smith at 12 Main Street, call 555-201-8890 on 3/14', 'Thanks @nurse_joy for the help with my inhaler!', 'Our 94-year-old mom Maria Gonzalez is home from 4 West, MRN 88231177'];
let peak = loaded;
for (let i = 0; i < 60000; i++) {
  detectPhi(posts[i % 3] + ' ' + i);
  if (i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ baseMiB: mib(base), afterLoadMiB: mib(loaded), peakWhileScanningMiB: mib(peak), heapUsedMiB: mib(process.memoryUsage().heapUsed) }));
`,
);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: path.join(outDir, 'bench.mjs'),
  logLevel: 'error',
});
const r = spawnSync(process.execPath, [path.join(outDir, 'bench.mjs')], { encoding: 'utf8' });
if (r.status !== 0) throw new Error(r.stderr);
const m = JSON.parse(r.stdout);
const bare = JSON.parse(
  spawnSync(process.execPath, ['-e', 'console.log(JSON.stringify({rss: process.memoryUsage().rss}))'], { encoding: 'utf8' }).stdout,
);
console.log(`bare node process:               ${Math.round(bare.rss / 2 ** 20)} MiB resident`);
console.log(`detector process, before load:   ${m.baseMiB} MiB`);
console.log(`after loading the dictionaries:  ${m.afterLoadMiB} MiB`);
console.log(`peak while scanning 60,000 posts: ${m.peakWhileScanningMiB} MiB (heap in use at the end ${m.heapUsedMiB} MiB)`);
console.log(`target < 150 MiB resident: ${m.peakWhileScanningMiB < 150 ? 'met' : 'NOT met'}`);
