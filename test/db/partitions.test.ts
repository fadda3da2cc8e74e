import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { verifyArchive } from '../../src/archive/index.ts';
import { filteredEntries } from '../../src/archive/ediscovery.ts';
import { verifyAuditChains } from '../../src/audit/index.ts';
import { ensurePartitions, migrateTo, migrateToLatest, openDatabase, PARTITIONED_HISTORY, type Db } from '../../src/db/index.ts';
import { createTestOrg, createTestPostgresDatabase, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

const engine = process.env.HARBORLINE_TEST_POSTGRES_URL ? 'PostgreSQL' : 'PGlite';
const month = (d: Date) => `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const monthsFromNow = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
};

/** The partitions of a table, by name. */
async function partitionsOf(db: Db, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = ${table}::regclass ORDER BY 1`.execute(db);
  return r.rows.map((x) => x.name);
}

/** The tables a query's plan reads (partitions pruned away are not among them). */
async function relationsRead(db: Db, query: { compile(): { sql: string; parameters: readonly unknown[] } }): Promise<string[]> {
  const { sql: text, parameters } = query.compile();
  const plan = await sql<{
    'QUERY PLAN': unknown;
  }>`EXPLAIN (FORMAT JSON) ${sql.raw(text.replace(/\$(\d+)/g, (_, i: string) => literal(parameters[Number(i) - 1])))}`.execute(db);
  const names = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['Relation Name'] === 'string') names.add(n['Relation Name']);
    for (const v of Object.values(n)) if (Array.isArray(v)) v.forEach(walk);
    if (n.Plan) walk(n.Plan);
  };
  const raw = plan.rows[0]['QUERY PLAN'];
  for (const p of (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[]) walk(p);
  return [...names].sort();
}
const literal = (v: unknown) =>
  v instanceof Date ? `'${v.toISOString()}'::timestamptz` : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

describe(`history partitioned by month (${engine})`, () => {
  let server: TestServer;
  let org: TestOrg;
  before(async () => {
    server = await startTestServer();
    org = await createTestOrg(server.ctx);
  });
  after(async () => {
    await server?.close();
  });

  test('archive, content, audit and notifications are partitioned: this month, three ahead and a default', async () => {
    for (const table of PARTITIONED_HISTORY) {
      const names = await partitionsOf(server.ctx.db, table);
      for (let n = 0; n <= 3; n++) assert.ok(names.includes(`${table}_${month(monthsFromNow(n))}`), `${table}: ${names.join(', ')}`);
      assert.ok(names.includes(`${table}_default`));
    }
  });

  test('new rows land in this month’s partitions; the chains verify; the months ahead are made again when missing', async () => {
    const comms = await signedIn(server, org, 'communications');
    const patient = await signedIn(server, org, 'patient');
    const clinician = await signedIn(server, org, 'clinician');
    const community = (await comms.post('/api/communities', { name: 'Bones', slug: 'bones', visibility: 'members' })).json.community.id;
    await patient.post(`/api/communities/${community}/join`, {});
    await clinician.post(`/api/communities/${community}/join`, {});
    const post = (await patient.post(`/api/communities/${community}/posts`, { title: 'Calcium', body: 'How much calcium a day?' })).json
      .post.id;
    await clinician.post(`/api/posts/${post}/comments`, { body: 'About 1,000 mg for most adults.' });
    const where = async (table: string, column: string, id: string) =>
      (
        await sql<{
          part: string;
        }>`SELECT tableoid::regclass::text AS part FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${id}`.execute(server.ctx.db)
      ).rows.map((r) => r.part);
    const entry = await server.ctx.db.selectFrom('archive_entries').select('id').where('record_id', '=', post).executeTakeFirstOrThrow();
    const thisMonth = month(new Date());
    assert.deepEqual(await where('archive_entries', 'id', entry.id), [`archive_entries_${thisMonth}`]);
    assert.deepEqual(await where('archive_content', 'entry_id', entry.id), [`archive_content_${thisMonth}`]);
    const notice = await server.ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', org.userId('patient'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(await where('notifications', 'id', notice.id), [`notifications_${thisMonth}`]);
    const defaults = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM archive_entries_default) + (SELECT count(*) FROM audit_log_default)
      + (SELECT count(*) FROM notifications_default) AS n`.execute(server.ctx.db);
    assert.equal(Number(defaults.rows[0].n), 0, 'nothing falls into a default partition');
    assert.ok((await verifyArchive(server.ctx.db, org.orgId)).every((r) => r.ok));
    assert.ok((await verifyAuditChains(server.ctx.db, org.orgId)).every((r) => r.ok));

    const furthest = `archive_entries_${month(monthsFromNow(3))}`;
    await sql`DROP TABLE ${sql.table(furthest)}`.execute(server.ctx.db);
    assert.equal(await ensurePartitions(server.ctx.db), 1, 'the missing month is made');
    assert.ok((await partitionsOf(server.ctx.db, 'archive_entries')).includes(furthest));
    assert.equal(await ensurePartitions(server.ctx.db), 0, 'and only once');
  });

  test('a keyword + date search reads only the months in its range', async () => {
    const actor = { orgId: org.orgId };
    const from = monthsFromNow(0);
    const to = monthsFromNow(1);
    const read = await relationsRead(
      server.ctx.db,
      filteredEntries(server.ctx.db, actor.orgId, { keyword: 'calcium', from, to }).select('a.id'),
    );
    const history = read.filter((r) => r.startsWith('archive_'));
    assert.deepEqual(history, [`archive_content_${month(from)}`, `archive_entries_${month(from)}`]);
  });
});

describe(`upgrading to partitioned history keeps every row (${engine})`, () => {
  test('rows written before the migration are in their months, with their ids, content and hashes', async () => {
    const database = await openDatabase({ databaseUrl: await createTestPostgresDatabase(), dataDir: 'memory://' });
    try {
      const db = database.db;
      await migrateTo(db, '0030_community_joining');
      // Written as the schema was then (the current code writes the new columns).
      const orgId = (
        await sql<{ id: string }>`INSERT INTO organizations (slug, name) VALUES ('upgrade', 'Upgrade') RETURNING id`.execute(db)
      ).rows[0].id;
      const author = (
        await sql<{
          id: string;
        }>`INSERT INTO users (email, display_name, password_hash) VALUES ('a@upgrade.test', 'Ana', 'x') RETURNING id`.execute(db)
      ).rows[0].id;
      const times = ['2024-03-15T10:00:00Z', '2025-12-31T23:30:00Z', new Date().toISOString()];
      const ids: string[] = [];
      for (const [i, at] of times.entries()) {
        const r = await sql<{ id: string }>`
          INSERT INTO archive_entries (chain, seq, org_id, record_kind, record_id, record_class, event, version, author_id, channel, content_hash, occurred_at, prev_hash, hash)
          VALUES ('fixture', ${i + 1}, ${orgId}, 'post', ${`r${i}`}, 'community_content', 'create', 1, ${author}, 'community:x', 'h', ${at}, '', '')
          RETURNING id`.execute(db);
        ids.push(r.rows[0].id);
        await sql`INSERT INTO archive_content (entry_id, org_id, content, content_text) VALUES (${r.rows[0].id}, ${orgId}, ${JSON.stringify({ body: `note ${i}` })}, ${`note ${i}`})`.execute(
          db,
        );
        await sql`INSERT INTO notifications (org_id, user_id, kind, title, link, created_at) VALUES (${orgId}, ${author}, 'reply', ${`n${i}`}, '/', ${at})`.execute(
          db,
        );
        await sql`INSERT INTO audit_log (chain, seq, org_id, action, created_at, prev_hash, hash) VALUES ('fixture', ${i + 1}, ${orgId}, 'test', ${at}, 'p', ${`h${i}`})`.execute(
          db,
        );
      }
      const auditBefore = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute();

      assert.deepEqual(await migrateToLatest(db), ['0031_partitioned_history', '0032_archive_sweep_and_search']);
      // Each record's newest time, for the disposition sweep (0032).
      const records = await db
        .selectFrom('archive_records')
        .select(['record_id', 'last_at'])
        .where('org_id', '=', orgId)
        .orderBy('record_id')
        .execute();
      assert.deepEqual(
        records.map((r) => [r.record_id, r.last_at.toISOString()]),
        times.map((t, i) => [`r${i}`, new Date(t).toISOString()]),
      );
      const entries = await sql<{
        id: string;
        part: string;
      }>`SELECT id, tableoid::regclass::text AS part FROM archive_entries WHERE chain = 'fixture' ORDER BY id`.execute(db);
      assert.deepEqual(
        entries.rows.map((e) => e.id),
        ids,
      );
      assert.deepEqual(
        entries.rows.map((e) => e.part),
        ['archive_entries_2024_03', 'archive_entries_2025_12', `archive_entries_${month(new Date())}`],
      );
      const content = await db
        .selectFrom('archive_content')
        .select(['entry_id', 'content_text', 'occurred_at'])
        .where('entry_id', 'in', ids)
        .orderBy('entry_id')
        .execute();
      assert.deepEqual(
        content.map((c) => c.content_text),
        ['note 0', 'note 1', 'note 2'],
      );
      const facts = await db
        .selectFrom('archive_content')
        .select(['author_id', 'record_kind', 'channel'])
        .where('entry_id', 'in', ids)
        .execute();
      assert.deepEqual(
        facts,
        ids.map(() => ({ author_id: author, record_kind: 'post', channel: 'community:x' })),
        'content carries its entry’s custodian, kind and channel (0032)',
      );
      assert.deepEqual(
        content.map((c) => c.occurred_at.toISOString()),
        times.map((t) => new Date(t).toISOString()),
      );
      const found = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM archive_content WHERE search @@ plainto_tsquery('simple', 'note')`.execute(db);
      assert.equal(found.rows[0].n, 3, 'the search column is computed again');
      assert.deepEqual(await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute(), auditBefore);
      assert.equal(auditBefore.length, 3);
      assert.equal((await db.selectFrom('notifications').select('id').where('user_id', '=', author).execute()).length, 3);
      // New ids continue the old sequences.
      const next = await sql<{ id: string }>`
        INSERT INTO archive_entries (chain, seq, org_id, record_kind, record_id, record_class, event, version, author_id, channel, content_hash, prev_hash, hash)
        VALUES ('fixture', 4, ${orgId}, 'post', 'r3', 'community_content', 'create', 1, ${author}, 'community:x', 'h', '', '') RETURNING id`.execute(
        db,
      );
      assert.ok(BigInt(next.rows[0].id) > BigInt(ids[2]));
    } finally {
      await database.close();
    }
  });
});
