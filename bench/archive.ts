// Archive performance on the embedded database (PGlite) or, with `postgres` as the data dir, on a throwaway
// PostgreSQL cluster seeded with COPY:
//   npx tsx bench/archive.ts [entries=1000000] [data-dir | postgres] [expired=min(1000000, entries/8) | no-sweep]
// Without a data dir the database is in memory; 10M entries need one on disk (WASM memory is 4 GiB).
// Seeds N archive entries over eight years, one partition per month: the `expired` oldest in the eighth
// year back, the others over the last seven. Then prints: keyword + date-range search p50/p95, the time to
// build a 100,000-document production, and the time of the disposition sweep under a seven-year rule,
// which destroys exactly the `expired` oldest records. Fixture entries are inserted with SQL or COPY and
// their hash links are not valid; nothing here verifies the chain.
import { sql } from 'kysely';
import { createProduction, searchArchive } from '../src/archive/ediscovery.ts';
import { DiskMediaStorage } from '../src/shared/media-store.ts';
import { runDisposition } from '../src/archive/retention.ts';
import { migrateToLatest, openDatabase } from '../src/db/index.ts';
import { createOrganization } from '../src/seed/demo.ts';
import { SecretBox } from '../src/shared/secret-box.ts';
import { randomBytes } from 'node:crypto';
import { copyRows } from './seed-copy.ts';
// @ts-expect-error: a plain ES module script without types
import { startCluster } from '../scripts/pg-cluster.mjs';

const secrets = new SecretBox(randomBytes(32));

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const DATA_DIR = process.argv[3] && process.argv[3] !== '-' ? process.argv[3] : 'memory://';
const SWEEP = process.argv[4] !== 'no-sweep';
const EXPIRED = SWEEP && process.argv[4] ? Number(process.argv[4]) : Math.min(1_000_000, Math.floor(TOTAL / 8));
if (!(EXPIRED >= 0 && EXPIRED < TOTAL)) throw new Error('expired must be a number below the number of entries.');
const WORDS = [
  'insulin',
  'metformin',
  'walking',
  'dialysis',
  'vaccine',
  'asthma',
  'inhaler',
  'migraine',
  'thyroid',
  'diet',
  'sleep',
  'anxiety',
  'billing',
  'appointment',
  'nurse',
  'pharmacy',
];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const cluster = DATA_DIR === 'postgres' ? await startCluster() : null;
if (DATA_DIR === 'postgres' && !cluster) throw new Error('PostgreSQL is not installed (npm test installs it).');
const databaseUrl: string | undefined = cluster?.url;
// Seeding, the production and the sweep run long statements.
const database = await openDatabase({ databaseUrl, dataDir: DATA_DIR, embeddedAnswerTimeoutMs: 0, statementTimeoutMs: 0 });
await migrateToLatest(database.db);
const db = database.db;
const { orgId, actors } = await createOrganization(
  db,
  { slug: 'bench', name: 'Bench' },
  [
    { email: 'officer@bench.test', name: 'Officer', role: 'compliance' },
    { email: 'author@bench.test', name: 'Author', role: 'patient' },
  ],
  'bench-password-123456',
);
const officer = actors['officer@bench.test'];
const author = actors['author@bench.test'];

const t0 = performance.now();
const BATCH = 100_000;
const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}]`;
// One moment for every timestamp, so an entry and its content agree on theirs.
const NOW = Date.now();
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
// Entry g (1-based): the first EXPIRED spread over the eighth year back, the rest over the last seven.
const oldStart = NOW - 8 * YEAR;
const oldSpan = YEAR - 2 * DAY;
const newStart = NOW - 7 * YEAR + DAY;
const newSpan = 7 * YEAR - DAY;
const timeOf = (g: number) =>
  g <= EXPIRED ? oldStart + ((g - 1) / EXPIRED) * oldSpan : newStart + ((g - EXPIRED - 1) / (TOTAL - EXPIRED)) * newSpan;
const at = (g: number) => new Date(timeOf(g)).toISOString();
const timeSql = sql`to_timestamp((CASE WHEN g <= ${EXPIRED}::int
    THEN ${oldStart}::float8 + ((g - 1)::float8 / greatest(${EXPIRED}::int, 1)) * ${oldSpan}::float8
    ELSE ${newStart}::float8 + ((g - ${EXPIRED}::int - 1)::float8 / ${TOTAL - EXPIRED}::float8) * ${newSpan}::float8 END) / 1000)`;
// A partition for every month seeded (the server itself keeps only the months ahead ready).
for (const table of ['archive_entries', 'archive_content'])
  await sql`SELECT harborline_month_partitions(${table}, ${new Date(oldStart - 31 * DAY).toISOString()}::date, 3)`.execute(db);
if (databaseUrl) {
  // COPY with explicit ids (then the sequence moves past them), so the content rows can name their entries.
  const base = Number((await sql<{ id: string }>`SELECT nextval('archive_entries_id_seq')::text AS id`.execute(db)).rows[0].id);
  const cols = ['id', 'chain', 'seq', 'org_id', 'record_kind', 'record_id', 'record_class', 'event', 'version', 'author_id', 'channel'];
  await copyRows(databaseUrl, 'archive_entries', [...cols, 'content_hash', 'occurred_at', 'prev_hash', 'hash'], TOTAL, (g) => [
    base + g,
    'bench',
    g,
    orgId,
    'post',
    `r${g}`,
    'community_content',
    'create',
    1,
    author.userId,
    'community:bench',
    `h${g}`,
    at(g),
    '',
    '',
  ]);
  await sql`SELECT setval('archive_entries_id_seq', ${base + TOTAL})`.execute(db);
  const contentColumns = ['entry_id', 'org_id', 'content', 'content_text', 'occurred_at', 'author_id', 'record_kind', 'channel'];
  await copyRows(databaseUrl, 'archive_content', contentColumns, TOTAL, (g) => {
    const body = `Note ${g} about ${WORDS[g % WORDS.length]} and ${WORDS[Math.floor(g / 7) % WORDS.length]}`;
    return [base + g, orgId, JSON.stringify({ body }), body, at(g), author.userId, 'post', 'community:bench'];
  });
  await copyRows(databaseUrl, 'archive_records', ['org_id', 'record_kind', 'record_id', 'record_class', 'last_at'], TOTAL, (g) => [
    orgId,
    'post',
    `r${g}`,
    'community_content',
    at(g),
  ]);
} else
  for (let done = 0; done < TOTAL; done += BATCH) {
    const n = Math.min(BATCH, TOTAL - done);
    await sql`
      INSERT INTO archive_entries (chain, seq, org_id, record_kind, record_id, record_class, event, version, author_id, channel, content_hash, occurred_at, prev_hash, hash)
      SELECT 'bench', g, ${orgId}::uuid, 'post', md5(g::text)::uuid::text, 'community_content', 'create', 1, ${author.userId}::uuid, 'community:bench',
             md5(g::text), ${timeSql}, '', ''
      FROM generate_series(${done + 1}::int, ${done + n}::int) AS g`.execute(db);
    await sql`
      INSERT INTO archive_content (entry_id, org_id, content, content_text, occurred_at, author_id, record_kind, channel)
      SELECT a.id, a.org_id, jsonb_build_object('body', t.body), t.body, a.occurred_at, a.author_id, a.record_kind, a.channel
      FROM archive_entries a,
           LATERAL (SELECT 'Note ' || a.seq || ' about ' || (${sql.raw(words)})[1 + a.seq % ${WORDS.length}] || ' and ' || (${sql.raw(words)})[1 + (a.seq / 7) % ${WORDS.length}] AS body) t
      WHERE a.chain = 'bench' AND a.seq BETWEEN ${done + 1} AND ${done + n}`.execute(db);
    await sql`
      INSERT INTO archive_records (org_id, record_kind, record_id, record_class, last_at)
      SELECT org_id, record_kind, record_id, record_class, occurred_at FROM archive_entries
      WHERE chain = 'bench' AND seq BETWEEN ${done + 1} AND ${done + n}`.execute(db);
  }
// As autovacuum leaves an archive at rest: statistics, hint bits and visibility maps set.
if (databaseUrl) await sql`VACUUM ANALYZE archive_entries, archive_content, archive_records`.execute(db);
else await sql`ANALYZE archive_entries; ANALYZE archive_content; ANALYZE archive_records`.execute(db);
const bytes = databaseUrl
  ? Number((await sql<{ n: string }>`SELECT pg_database_size(current_database())::text AS n`.execute(db)).rows[0].n)
  : 0;
const size = databaseUrl ? ` (database ${(bytes / 2 ** 30).toFixed(1)} GiB)` : '';
console.log(
  `seeded ${TOTAL.toLocaleString()} archive entries${size} (${databaseUrl ? 'PostgreSQL, COPY, partitioned by month' : DATA_DIR === 'memory://' ? 'in memory' : 'on disk'}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const samples: number[] = [];
for (let i = 0; i < 200; i++) {
  const from = new Date(NOW - (1 + (i % 7)) * 365 * DAY);
  const to = new Date(from.getTime() + 180 * DAY);
  const s = performance.now();
  await searchArchive(db, officer, { keyword: WORDS[i % WORDS.length], from, to }, { limit: 100 });
  samples.push(performance.now() - s);
}
console.log(
  `keyword + date search (100 newest): p50 ${pct(samples, 50).toFixed(1)} ms  p95 ${pct(samples, 95).toFixed(1)} ms  (target p95 < 200 ms at 50M: ${pct(samples, 95) < 200 ? 'met' : 'NOT met'} at ${TOTAL.toLocaleString()})`,
);

const exportSize = Math.min(100_000, TOTAL);
// The date of the 100,000th newest entry: a range that holds exactly that many documents.
const boundary = await db
  .selectFrom('archive_entries')
  .select('occurred_at')
  .where('org_id', '=', orgId)
  .orderBy('occurred_at', 'desc')
  .offset(exportSize - 1)
  .limit(1)
  .executeTakeFirstOrThrow();
const e0 = performance.now();
const prod = await createProduction(db, secrets, new DiskMediaStorage('/tmp/harborline-bench/media'), officer, {
  name: 'bench',
  batesPrefix: 'BEN',
  source: { query: { from: boundary.occurred_at, to: new Date(Date.now() + 1000) } },
});
console.log(
  `production of ${prod.documents.toLocaleString()} documents (${(prod.bytes / 2 ** 20).toFixed(1)} MiB ZIP): ${((performance.now() - e0) / 1000).toFixed(1)} s  (target 100k < 60 s: ${prod.documents >= 100_000 ? (performance.now() - e0 < 60_000 ? 'met' : 'NOT met') : 'n/a at this size'})`,
);

if (!SWEEP) {
  await database.close();
  cluster?.stop();
  process.exit(0);
}
// A seven-year rule: the records of the eighth year back have expired.
await db
  .insertInto('retention_rules')
  .values({ org_id: orgId, record_class: 'community_content', jurisdiction: 'bench', years: 7, basis: 'bench' })
  .execute();
const d0 = performance.now();
const result = await runDisposition(db, secrets, orgId);
const sweepSeconds = (performance.now() - d0) / 1000;
console.log(
  `disposition sweep over ${TOTAL.toLocaleString()} entries: ${result.records.toLocaleString()} expired records destroyed in ${sweepSeconds.toFixed(1)} s  (target 1M < 60 s: ${result.records >= 1_000_000 ? (sweepSeconds < 60 ? 'met' : 'NOT met') : `n/a at this size; ${((sweepSeconds / result.records) * 1e6).toFixed(0)} s per million`})`,
);
await database.close();
cluster?.stop();
