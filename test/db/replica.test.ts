import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { Client } from '../helpers/http.ts';
import { replicaCaughtUp } from '../helpers/replica.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';
// @ts-expect-error: a plain ES module script without types
import { startCluster, startReplica } from '../../scripts/pg-cluster.mjs';

// PostgreSQL only (the PostgreSQL tier): a primary and a streaming replica of its own (pg_basebackup).
const onPostgres = Boolean(process.env.HARBORLINE_TEST_POSTGRES_URL);

interface Server {
  url: string;
  port: number;
  stopServer(mode?: string): void;
  startServer(): void;
  stop(): void;
}

describe('reads that may lag go to the replica (PostgreSQL)', { skip: !onPostgres && 'runs in the PostgreSQL tier' }, () => {
  let primary: Server;
  let replica: Server;
  let server: TestServer;
  let org: TestOrg;
  let primarySql: pg.Client;
  let replicaSql: pg.Client;

  before(async () => {
    primary = (await startCluster()) as Server;
    replica = (await startReplica(primary)) as Server;
    server = await startTestServer({ databaseUrl: primary.url, databaseReplicaUrl: replica.url });
    org = await createTestOrg(server.ctx);
    primarySql = new pg.Client({ connectionString: primary.url });
    replicaSql = new pg.Client({ connectionString: replica.url });
    await primarySql.connect();
    await replicaSql.connect();
  });
  after(async () => {
    await primarySql?.end();
    await replicaSql?.end().catch(() => undefined);
    await server?.close();
    replica?.stop();
    primary?.stop();
  });

  const caughtUp = () => replicaCaughtUp(primary.url, replicaSql);

  const found = async (officer: Client, keyword: string) => {
    const r = await officer.get(`/api/archive/search?keyword=${keyword}`);
    assert.equal(r.status, 200, r.text);
    return r.json.total as number;
  };

  test('eDiscovery search reads the replica while the author reads the primary; a stopped replica falls back to the primary', async () => {
    const officer = await signedIn(server, org, 'compliance');
    const comms = await signedIn(server, org, 'communications');
    const patient = await signedIn(server, org, 'patient');
    const community = (await comms.post('/api/communities', { name: 'Kidneys', slug: 'kidneys', visibility: 'members' })).json.community.id;
    await patient.post(`/api/communities/${community}/join`, {});
    assert.equal((await replicaSql.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby')).rows[0].standby, true);

    await caughtUp();
    const streaming = await officer.get('/api/health');
    assert.equal(streaming.json.replica.state, 'streaming');
    assert.equal(typeof streaming.json.replica.lagSeconds, 'number');
    await replicaSql.query('SELECT pg_wal_replay_pause()');
    const post = await patient.post(`/api/communities/${community}/posts`, {
      title: 'Dialysis days',
      body: 'Tired after dialysis, any tips?',
    });
    assert.equal(post.status, 201, post.text);
    // What the author just wrote is read from the primary…
    const mine = await patient.get(`/api/posts/${post.json.post.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.json.post.title, 'Dialysis days');
    // …while the archive search reads the replica, held behind: it has not seen the post yet.
    assert.equal(await found(officer, 'dialysis'), 0);
    // Received (streaming goes on) but not replayed: the health check tells the lag.
    let behind = (await officer.get('/api/health')).json.replica;
    for (let i = 0; i < 100 && behind.lagSeconds === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      behind = (await officer.get('/api/health')).json.replica;
    }
    assert.equal(behind.state, 'streaming');
    assert.ok(behind.lagSeconds > 0, `the health check says the replica is behind (${behind.lagSeconds} s)`);

    await replicaSql.query('SELECT pg_wal_replay_resume()');
    await caughtUp();
    assert.equal(await found(officer, 'dialysis'), 1, 'seen once the replica replays it');

    // The replica stops: searches are served by the primary instead of failing.
    await replicaSql.end();
    replica.stopServer();
    const more = await patient.post(`/api/communities/${community}/posts`, { title: 'Dialysis diet', body: 'Low potassium recipes?' });
    assert.equal(more.status, 201);
    assert.equal(await found(officer, 'dialysis'), 2);
    const health = await officer.get('/api/health');
    assert.equal(health.status, 200, 'the primary serves: the node stays in the pool');
    assert.deepEqual(health.json.replica, { state: 'unavailable', lagSeconds: null }, 'and says its lagging reads are on the primary');
  });
});
