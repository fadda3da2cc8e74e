import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { withoutStatementTimeout } from '../../src/db/database.ts';
import { classifyDatabaseFailure } from '../../src/db/failures.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { assertChainsVerify } from '../helpers/chains.ts';
import { Client } from '../helpers/http.ts';
import { exited, isRunning, startServerProcess } from '../helpers/process.ts';
// @ts-expect-error: a plain ES module script without types
import { startCluster } from '../../scripts/pg-cluster.mjs';

// PostgreSQL only (the PostgreSQL tier), on a cluster of its own: these tests stop, restart and freeze it.
const onPostgres = Boolean(process.env.HARBORLINE_TEST_POSTGRES_URL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Cluster {
  url: string;
  stopServer(mode?: string): void;
  startServer(): void;
  freeze(): void;
  thaw(): void;
  stop(): void;
}

describe('database faults (PostgreSQL)', { skip: !onPostgres && 'runs in the PostgreSQL tier' }, () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(() => {
    cluster.thaw();
    cluster.stop();
  });

  test('a statement over the timeout fails as unavailable; a sweep transaction may lift the limit for itself', async () => {
    const database = await openDatabase({ databaseUrl: cluster.url, statementTimeoutMs: 300 });
    try {
      await assert.rejects(
        sql`SELECT pg_sleep(1)`.execute(database.db),
        (e: any) => e.code === '57014' && classifyDatabaseFailure(e)?.status === 503,
      );
      await database.db.transaction().execute(async (tx) => {
        await withoutStatementTimeout(tx);
        await sql`SELECT pg_sleep(0.6)`.execute(tx);
      });
      await assert.rejects(sql`SELECT pg_sleep(1)`.execute(database.db), (e: any) => e.code === '57014');
    } finally {
      await database.close();
    }
  });

  test('LISTEN heals: terminating its connection, then a restart of the server, and events still arrive', async () => {
    const database = await openDatabase({ databaseUrl: cluster.url });
    const admin = new pg.Client({ connectionString: cluster.url });
    try {
      const got: string[] = [];
      await database.listen('hl_fault_test', (p) => got.push(p));
      const delivered = async (payload: string) => {
        for (let i = 0; i < 200 && !got.includes(payload); i++) {
          await sql`SELECT pg_notify('hl_fault_test', ${payload})`.execute(database.db).catch(() => undefined);
          await sleep(50);
        }
        return got.includes(payload);
      };
      assert.ok(await delivered('before'));
      await admin.connect();
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
      assert.equal(rowCount, 1, 'the listening backend was found and ended');
      await admin.end();
      assert.ok(await delivered('after terminate'), 'events resume after the LISTEN connection was killed');
      cluster.stopServer('fast');
      await sleep(500);
      cluster.startServer();
      assert.ok(await delivered('after restart'), 'events resume after the server restarted');
    } finally {
      await database.close();
    }
  });

  test('two server processes under load survive a stop, a restart, killed backends and a freeze: 503s meanwhile, then service resumes and nothing acknowledged is lost', async () => {
    // Errors are logged (by name and code, never their words), so an unnamed failure says what it was.
    const env = {
      DATABASE_URL: cluster.url,
      DATABASE_STATEMENT_TIMEOUT_MS: '1500',
      DATABASE_CONNECT_TIMEOUT_MS: '1500',
      LOG_LEVEL: 'error',
    };
    const servers: { child: ChildProcess; url: string; output: () => string }[] = [];
    const acknowledged: string[] = [];
    servers.push(await startServerProcess(env)); // the first one seeds the demo
    servers.push(await startServerProcess(env));
    try {
      const clients = await Promise.all(
        servers.map(async (s) => {
          const c = new Client(s.url);
          await c.login('sam@harbor.example', DEMO_PASSWORD);
          return c;
        }),
      );
      const community = (await clients[0].get('/api/communities')).json.communities.find((x: any) => x.slug === 'type-2-diabetes').id;
      const failures = new Map<number, number>();
      const unnamed: string[] = [];
      let stop = false;
      // Eight writers per process; a write that got an answer other than 201 must name the database.
      const writers = clients.flatMap((c, s) =>
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; !stop; i++) {
            const r = await c.post(`/api/communities/${community}/posts`, { body: `fault load ${s}-${w}-${i}: walked 20 minutes` });
            if (r.status === 201) acknowledged.push(r.json.post.id);
            else {
              failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
              if (r.status !== 503 || !r.headers.get('retry-after') || r.json?.error?.id !== 'database_unavailable')
                unnamed.push(`${r.status} ${r.text.slice(0, 120)}`);
              await sleep(100);
            }
          }
        }),
      );
      const waitFor = async (what: string, ok: () => Promise<boolean>) => {
        for (let i = 0; i < 300; i++) {
          if (await ok()) return;
          await sleep(100);
        }
        assert.fail(`timed out waiting for ${what}`);
      };
      const healthOf = async (url: string) => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(20_000) })).status;
      const ackedSoFar = () => acknowledged.length;
      const progressed = async (from: number) => waitFor('writes to be acknowledged again', async () => ackedSoFar() >= from + 20);

      await progressed(0);
      // 1. Stop PostgreSQL (fast: sessions are ended) while both processes write.
      cluster.stopServer('fast');
      await sleep(1_500);
      for (const s of servers) {
        assert.ok(isRunning(s.child), 'the process is still up during the outage');
        assert.equal(await healthOf(s.url), 503);
      }
      const during = await clients[0].post(`/api/communities/${community}/posts`, { body: 'written while the database is away' });
      assert.equal(during.status, 503);
      assert.ok(Number(during.headers.get('retry-after')) > 0);
      cluster.startServer();
      await waitFor('health after the restart', async () =>
        (await Promise.all(servers.map((s) => healthOf(s.url)))).every((x) => x === 200),
      );
      await progressed(ackedSoFar());

      // 2. End backends one by one under load.
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      const { rows } = await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      assert.ok(rows.length >= 2);
      for (const { pid } of rows) {
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await sleep(100);
      }
      await admin.end();
      await progressed(ackedSoFar());

      // 3. Freeze the server (it takes connections and never answers): requests fail with 503, not hang.
      cluster.freeze();
      await sleep(3_000);
      const frozen = await clients[1].post(`/api/communities/${community}/posts`, { body: 'written while the database is frozen' });
      assert.equal(frozen.status, 503, frozen.text);
      for (const s of servers) assert.equal(await healthOf(s.url), 503);
      cluster.thaw();
      await progressed(ackedSoFar());

      stop = true;
      await Promise.all(writers);
      for (const s of servers) assert.ok(isRunning(s.child), 'both processes stayed up throughout');
      const logged = servers.flatMap((s) =>
        s
          .output()
          .split('\n')
          .filter((l) => l.includes('unhandled error')),
      );
      assert.deepEqual(unnamed, [], `every refused write was a named 503 with Retry-After; the servers logged:\n${logged.join('\n')}`);
      assert.ok((failures.get(503) ?? 0) > 0, 'the outage was seen as 503s');
    } finally {
      for (const s of servers) s.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => exited(s.child)));
    }
    // Every acknowledged write exists once, archived; both chains verify.
    const database: Database = await openDatabase({ databaseUrl: cluster.url });
    try {
      const posts = await database.db.selectFrom('posts').select('id').where('body', 'like', 'fault load %').execute();
      const stored = new Set(posts.map((p) => p.id));
      assert.equal(posts.length, stored.size);
      const ackedIds = acknowledged;
      assert.ok(ackedIds.length > 60);
      for (const id of ackedIds) assert.ok(stored.has(id), `acknowledged post ${id} is stored`);
      const archived = await database.db
        .selectFrom('archive_entries')
        .select('record_id')
        .where('record_kind', '=', 'post')
        .where('event', '=', 'create')
        .where('record_id', 'in', ackedIds)
        .execute();
      assert.equal(archived.length, ackedIds.length, 'each acknowledged post archived exactly once');
      await assertChainsVerify(database.db);
    } finally {
      await database.close();
    }
  });
});
