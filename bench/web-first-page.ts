// The first page a patient sees, in headless Chromium, on the demo data:
//   npx tsx bench/web-first-page.ts [runs=10]
// Builds nothing (run `npm run build:web` first). Starts the app in process on an in-memory PGlite with the
// demo hospital, signs Sam in once, then loads the home page `runs` times in fresh tabs (the browser's
// cache warm, as for a returning patient) and reads Chromium's own timings: navigation start to the
// community list drawn, DOMContentLoaded, and the compressed bytes of script. Beside it, the same tab
// loading a bare static file from the same server (the baseline), and the ratio. Target: under 1 s.
import { request } from 'undici';
import { buildApp } from '../src/app.ts';
import { seedDemo, DEMO_PASSWORD } from '../src/seed/demo.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { openTestContext } from '../test/helpers/context.ts';

const RUNS = Number(process.argv[2] ?? 10);
const ctx = await openTestContext();
await seedDemo(ctx);
const app = await buildApp(ctx, { logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
// Debian's chromium with the flags every browser test uses.
const browser = await launchBrowser();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(url);
await page.getByLabel('Email').fill('sam@harbor.example');
await page.getByLabel('Password').fill(DEMO_PASSWORD);
await page.getByLabel('Password').press('Enter');
await page.getByRole('heading', { name: 'Communities', level: 1 }).waitFor();
await page.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ready: number[] = [];
const dcl: number[] = [];
const bare: number[] = [];
let scriptBytes = 0;
for (let i = 0; i < RUNS; i++) {
  const tab = await context.newPage();
  await tab.goto(url, { waitUntil: 'commit' });
  // The community list drawn (not just a spinner): its first card's heading.
  await tab.locator('.cards .card h2').first().waitFor();
  const t = await tab.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (r) => r.initiatorType === 'script' || r.name.endsWith('.js'),
    );
    return {
      ready: performance.now(),
      dcl: nav.domContentLoadedEventEnd,
      scripts: scripts.map((r) => r.name),
    };
  });
  ready.push(t.ready);
  dcl.push(t.dcl);
  // Script size as the server sends it with brotli (the service worker's cache reports decoded sizes).
  let bytes = 0;
  for (const src of new Set(t.scripts)) {
    const res = await request(src, { headers: { 'accept-encoding': 'br' } });
    bytes += (await res.body.arrayBuffer()).byteLength;
  }
  scriptBytes = Math.max(scriptBytes, bytes);
  await tab.goto(`${url}/icon.svg`);
  bare.push(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd));
  await tab.close();
}
const first = median(ready);
process.stdout.write(
  [
    `first page (signed in, community list drawn): median ${first.toFixed(0)} ms over ${RUNS} loads (target < 1000 ms)`,
    `  DOMContentLoaded median ${median(dcl).toFixed(0)} ms; script on the page: ${(scriptBytes / 1024).toFixed(0)} KB with brotli (target ≤ 200 KB)`,
    `baseline (a static file from the same server): median ${median(bare).toFixed(1)} ms`,
    `ratio first page / baseline: ${(first / Math.max(median(bare), 0.1)).toFixed(1)}`,
    '',
  ].join('\n'),
);
await browser.close();
await app.close();
await ctx.database.close();
