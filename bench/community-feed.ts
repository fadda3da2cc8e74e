// Community performance, measured in-process (server time, no network), on the embedded database (PGlite)
// or, with `postgres` as the third argument, on a throwaway PostgreSQL cluster seeded with COPY:
//   npx tsx bench/community-feed.ts [posts=1000000] [seconds=10] [data-dir | postgres]
// Prints p50/p95 for reading a feed page and for creating a post (PHI scan, guard, store, archive, audit),
// sustained creations per second, and the same figures for a bare Fastify route as the baseline.
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../src/shared/secret-box.ts';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createSession } from '../src/accounts/sessions.ts';
import { createCommunity, joinCommunity } from '../src/community/service.ts';
import { loadConfig } from '../src/config/env.ts';
import { migrateToLatest, openDatabase } from '../src/db/index.ts';
import { buildApp } from '../src/app.ts';
import { createOrganization } from '../src/seed/demo.ts';
import { appContext } from '../src/http/context.ts';
import { copyRows } from './seed-copy.ts';
// @ts-expect-error: a plain ES module script without types
import { startCluster } from '../scripts/pg-cluster.mjs';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.argv[3] ?? 10);
// A directory puts PGlite on disk, as `npm start` does; the default keeps it in memory.
const DATA_DIR = process.argv[4] ?? 'memory://';
const COMMUNITIES = 100;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function timeLoop(seconds: number, fn: () => Promise<unknown>) {
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { p50: pct(samples, 50), p95: pct(samples, 95), n: samples.length };
}

async function sustained(seconds: number, concurrency: number, fn: () => Promise<unknown>) {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

const cluster = DATA_DIR === 'postgres' ? await startCluster() : null;
if (DATA_DIR === 'postgres' && !cluster) throw new Error('PostgreSQL is not installed (npm test installs it).');
const databaseUrl: string | undefined = cluster?.url;
const database = await openDatabase({ databaseUrl, dataDir: DATA_DIR, embeddedAnswerTimeoutMs: 0, statementTimeoutMs: 0 }); // seeding runs long statements
await migrateToLatest(database.db);
const db = database.db;
const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), bodyLimitBytes: 1_048_576 };
const { orgId, actors } = await createOrganization(
  db,
  { slug: 'bench', name: 'Bench Hospital' },
  [
    { email: 'comms@bench.test', name: 'Comms', role: 'communications' },
    { email: 'patient@bench.test', name: 'Pat Bench', role: 'patient' },
  ],
  'bench-password-123456',
);
const comms = actors['comms@bench.test'];
const patient = actors['patient@bench.test'];
const communities: string[] = [];
for (let i = 0; i < COMMUNITIES; i++) {
  const c = await createCommunity(db, comms, { name: `Community ${i}`, slug: `c${i}`, description: '', visibility: 'members' });
  await joinCommunity(db, patient, c.id, null);
  communities.push(c.id);
}

// Fixture posts go straight in (a write path run a million times would measure the seeding): COPY on
// PostgreSQL, generate_series on PGlite (its bridge has no COPY protocol).
const t0 = performance.now();
if (databaseUrl) {
  const start = Date.now() - TOTAL * 1000;
  const now = new Date().toISOString();
  await copyRows(databaseUrl, 'posts', ['org_id', 'community_id', 'author_id', 'title', 'body', 'created_at', 'updated_at'], TOTAL, (g) => [
    orgId,
    communities[g % COMMUNITIES],
    patient.userId,
    `Post ${g}`,
    `Walking after dinner helps my readings, day ${g}. Anyone else tried it?`,
    new Date(start + g * 1000).toISOString(),
    now,
  ]);
} else {
  const BATCH = 100_000;
  for (let done = 0; done < TOTAL; done += BATCH) {
    const n = Math.min(BATCH, TOTAL - done);
    await sql`
      INSERT INTO posts (org_id, community_id, author_id, title, body, created_at, updated_at)
      SELECT ${orgId}::uuid, (${sql.raw(`ARRAY['${communities.join("','")}']::uuid[]`)})[1 + (g % ${COMMUNITIES})], ${patient.userId}::uuid,
             'Post ' || g, 'Walking after dinner helps my readings, day ' || g || '. Anyone else tried it?',
             now() - make_interval(secs => ${TOTAL} - g), now()
      FROM generate_series(${done + 1}::int, ${done + n}::int) AS g`.execute(db);
  }
}
await sql`ANALYZE posts`.execute(db);
console.log(
  `seeded ${TOTAL.toLocaleString()} posts in ${COMMUNITIES} communities in ${((performance.now() - t0) / 1000).toFixed(1)} s (${databaseUrl ? 'PostgreSQL, COPY' : `PGlite, ${DATA_DIR === 'memory://' ? 'in memory' : `on disk in ${DATA_DIR}`}`})`,
);

const app = await buildApp(appContext(config, database, new SecretBox(randomBytes(32))), { logger: false });
await app.ready();
const session = await createSession(
  db,
  { userId: patient.userId, orgId, ip: '127.0.0.1', userAgent: 'bench' },
  { idleMs: 3_600_000, maxMs: 3_600_000 },
);
const headers = { cookie: `hl_session=${session.token}`, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
const target = communities[7];

const bare = Fastify();
bare.get('/bare', async () => ({ ok: true }));
bare.post('/bare', async (req) => ({ ok: true, got: (req.body as { body: string }).body.length }));
await bare.ready();

const feed = await timeLoop(SECONDS, async () => {
  const r = await app.inject({ method: 'GET', url: `/api/communities/${target}/posts`, headers });
  if (r.statusCode !== 200) throw new Error(`feed ${r.statusCode} ${r.body}`);
});
const bareGet = await timeLoop(Math.min(3, SECONDS), () => bare.inject({ method: 'GET', url: '/bare' }));
let i = 0;
const create = () =>
  app
    .inject({
      method: 'POST',
      url: `/api/communities/${target}/posts`,
      headers,
      payload: { title: 'Bench', body: `Tried the 20 minute walk again today, numbers were steadier (${i++}).` },
    })
    .then((r) => {
      if (r.statusCode !== 201) throw new Error(`create ${r.statusCode} ${r.body}`);
    });
const created = await timeLoop(SECONDS, create);
const barePost = await timeLoop(Math.min(3, SECONDS), () =>
  bare.inject({ method: 'POST', url: '/bare', payload: { body: 'Tried the 20 minute walk again today.' } }),
);
const IN_FLIGHT = 32;
const rate = await sustained(SECONDS, IN_FLIGHT, create);
const search = await timeLoop(Math.min(5, SECONDS), async () => {
  const r = await app.inject({ method: 'GET', url: `/api/search?q=walking%20dinner`, headers });
  if (r.statusCode !== 200) throw new Error(`search ${r.statusCode}`);
});

console.log(
  `read a feed page (20 posts)   p50 ${fmt(feed.p50)}  p95 ${fmt(feed.p95)}  (target p95 < 20 ms: ${feed.p95 < 20 ? 'met' : 'NOT met'}; ${feed.n} requests)`,
);
console.log(
  `bare Fastify GET baseline     p50 ${fmt(bareGet.p50)}  p95 ${fmt(bareGet.p95)}  -> feed p95 is ${(feed.p95 / bareGet.p95).toFixed(0)}x the bare route`,
);
console.log(
  `create a post (scan+guard+store+archive+audit)  p50 ${fmt(created.p50)}  p95 ${fmt(created.p95)}  (target p95 < 30 ms: ${created.p95 < 30 ? 'met' : 'NOT met'}; ${created.n} posts)`,
);
console.log(
  `bare Fastify POST baseline    p50 ${fmt(barePost.p50)}  p95 ${fmt(barePost.p95)}  -> create p95 is ${(created.p95 / barePost.p95).toFixed(0)}x the bare route`,
);
console.log(
  `sustained creations, ${IN_FLIGHT} requests in flight: ${rate.toFixed(0)} posts/s (target >= 500/s: ${rate >= 500 ? 'met' : 'NOT met'})`,
);
console.log(`search over all posts, newest first: p50 ${fmt(search.p50)}  p95 ${fmt(search.p95)}`);
await app.close();
await database.close();
cluster?.stop();
