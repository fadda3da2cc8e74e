// A streamed eDiscovery production at scale:
//   npx tsx bench/production.ts [documents=1000000] [postgres|pglite]
// Seeds N archive entries (SQL, COPY-speed; their hash links are not valid and nothing here verifies the
// chain) in a database on disk (a throwaway PostgreSQL cluster by default, so the memory figure is this
// process's alone; or PGlite in a temporary directory, whose engine then counts in this process's memory),
// then builds the production of all of them to a ZIP on disk. Prints the time, the ZIP's size, and the
// process's peak memory while building, beside a baseline run in the same process: reading the same
// documents in the same batches without writing anything. Target: peak < 256 MB for 1,000,000 documents.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
// @ts-expect-error: a plain ES module script without types
import { startCluster } from '../scripts/pg-cluster.mjs';
import { createProduction } from '../src/archive/ediscovery.ts';
import { migrateToLatest, openDatabase } from '../src/db/index.ts';
import { createOrganization } from '../src/seed/demo.ts';
import { DiskMediaStorage } from '../src/shared/media-store.ts';
import { SecretBox } from '../src/shared/secret-box.ts';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const work = await mkdtemp(join(tmpdir(), 'harborline-bench-production-'));
const cluster = process.argv[3] === 'pglite' ? null : await startCluster();
if (!cluster && process.argv[3] === 'postgres') throw new Error('PostgreSQL is not installed (npm test installs it).');
const database = await openDatabase({
  databaseUrl: cluster?.url,
  dataDir: join(work, 'db'),
  embeddedAnswerTimeoutMs: 0,
  statementTimeoutMs: 0,
});
await migrateToLatest(database.db);
const db = database.db;
const slug = `bench-${randomBytes(3).toString('hex')}`;
const { orgId, actors } = await createOrganization(
  db,
  { slug, name: 'Bench' },
  [
    { email: `officer@${slug}.test`, name: 'Officer', role: 'compliance' },
    { email: `author@${slug}.test`, name: 'Author', role: 'patient' },
  ],
  'bench-password-123456',
);
const officer = actors[`officer@${slug}.test`];
const author = actors[`author@${slug}.test`];

const t0 = performance.now();
const BATCH = 100_000;
// A partition for every month seeded (the server itself keeps only the months ahead ready).
for (const table of ['archive_entries', 'archive_content'])
  await sql`SELECT harborline_month_partitions(${table}, (now() - interval '8 years 1 month')::date, 3)`.execute(db);
for (let done = 0; done < TOTAL; done += BATCH) {
  const n = Math.min(BATCH, TOTAL - done);
  await sql`
    INSERT INTO archive_entries (chain, seq, org_id, record_kind, record_id, record_class, event, version, author_id, channel, content_hash, occurred_at, prev_hash, hash)
    SELECT ${'bench:' + slug}, g, ${orgId}::uuid, 'post', md5(g::text)::uuid::text, 'community_content', 'create', 1, ${author.userId}::uuid, 'community:bench',
           md5(g::text), now() - make_interval(secs => (g::float8 / ${TOTAL}) * 8 * 365.25 * 86400), '', ''
    FROM generate_series(${done + 1}::int, ${done + n}::int) AS g`.execute(db);
  await sql`
    INSERT INTO archive_content (entry_id, org_id, content, content_text, occurred_at, author_id, record_kind, channel)
    SELECT a.id, a.org_id, jsonb_build_object('body', t.body, 'community', 'bench'), t.body, a.occurred_at, a.author_id, a.record_kind, a.channel
    FROM archive_entries a,
         LATERAL (SELECT 'Note ' || a.seq || ' about the clinic''s opening hours, parking and the new asthma class on Tuesdays.' AS body) t
    WHERE a.chain = ${'bench:' + slug} AND a.seq BETWEEN ${done + 1} AND ${done + n}`.execute(db);
}
await sql`ANALYZE archive_entries; ANALYZE archive_content`.execute(db);
console.log(`seeded ${TOTAL.toLocaleString('en-US')} archive entries on disk in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/**
 * Peak resident memory of this process while `run` runs (sampled every 50 ms), and how far above the
 * process's memory just before it that is: the process itself (the whole server's code, native libraries)
 * holds about 200 MB before any work.
 */
async function peakDuring<T>(run: () => Promise<T>) {
  const before = process.memoryUsage().rss;
  let peak = before;
  let heap = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 50);
  const started = performance.now();
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (n: number) => n / 2 ** 20;
    return { result, peakMb: mb(peak), aboveMb: mb(peak - before), heapMb: mb(heap), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

// Baseline: the same documents read in the same batches (keyset on time and id, 1,000 at a time), nothing written.
const baseline = await peakDuring(async () => {
  let after: { at: Date; id: string } | null = null;
  let read = 0;
  for (;;) {
    let page = db
      .selectFrom('archive_entries as a')
      // Content looked up per entry, as the production does (a join on entry and time is misjudged as one row).
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('archive_content')
            .select(['content', 'content_text'])
            .whereRef('entry_id', '=', 'a.id')
            .whereRef('occurred_at', '=', 'a.occurred_at')
            .as('c'),
        (join) => join.onTrue(),
      )
      .select(['a.id', 'a.occurred_at', 'c.content', 'c.content_text'])
      .where('a.org_id', '=', orgId)
      .orderBy('a.occurred_at')
      .orderBy('a.id')
      .limit(1000);
    // The plain bound lets the index start there and prunes the months before; the pair breaks ties.
    if (after)
      page = page.where('a.occurred_at', '>=', after.at).where(sql<boolean>`(a.occurred_at, a.id) > (${after.at}, ${after.id}::bigint)`);
    const rows = await page.execute();
    read += rows.length;
    if (rows.length < 1000) return read;
    after = { at: rows[rows.length - 1].occurred_at, id: String(rows[rows.length - 1].id) };
  }
});
console.log(
  `baseline (read every document, write nothing): ${baseline.seconds.toFixed(1)} s, peak RSS ${baseline.peakMb.toFixed(0)} MB (+${baseline.aboveMb.toFixed(0)} MB), peak JS heap ${baseline.heapMb.toFixed(0)} MB`,
);

const secrets = new SecretBox(randomBytes(32));
const made = await peakDuring(() =>
  createProduction(db, secrets, new DiskMediaStorage(join(work, 'media')), officer, {
    name: 'Bench matter',
    batesPrefix: 'BEN',
    source: { query: {} },
  }),
);
const { documents, bytes } = made.result;
console.log(
  `production of ${documents.toLocaleString('en-US')} documents streamed to disk (${(bytes / 2 ** 20).toFixed(0)} MiB ZIP): ${made.seconds.toFixed(1)} s, ` +
    `peak RSS ${made.peakMb.toFixed(0)} MB, +${made.aboveMb.toFixed(0)} MB above the process before it${database.kind === 'pglite' ? ' (includes the embedded database)' : ''}, ` +
    `peak JS heap ${made.heapMb.toFixed(0)} MB; time ${(made.seconds / baseline.seconds).toFixed(1)}× the baseline, memory ${(made.peakMb / baseline.peakMb).toFixed(2)}× ` +
    `(target: production memory < 256 MB at 1M: ${documents >= 1_000_000 ? (made.aboveMb < 256 ? 'met' : 'NOT met') : 'n/a at this size'})`,
);
await database.close();
await cluster?.stop();
await rm(work, { recursive: true, force: true });
