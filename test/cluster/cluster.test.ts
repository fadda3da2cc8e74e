import { replicaCaughtUp } from '../helpers/replica.ts';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/db/index.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { assertChainsVerify } from '../helpers/chains.ts';
import { Client } from '../helpers/http.ts';
import { exited, isRunning, startServerProcess } from '../helpers/process.ts';
// @ts-expect-error: a plain ES module script without types
import { startCluster, startReplica } from '../../scripts/pg-cluster.mjs';

/**
 * The documented deployment on loopback: deploy/haproxy.cfg in front of three server processes, a PostgreSQL
 * primary and a streaming replica. A mixed workload runs through HAProxy while one process is SIGKILLed and
 * the primary is restarted; then every acknowledged write exists once, live events crossed processes,
 * scheduled publishing ran once per post, the replica caught up and every chain verifies.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HAPROXY = '/usr/sbin/haproxy';
const onPostgres = Boolean(process.env.HARBORLINE_TEST_POSTGRES_URL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PgServer {
  url: string;
  port: number;
  stopServer(mode?: string): void;
  startServer(): void;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, ok: () => Promise<boolean>, tries = 600) {
  for (let i = 0; i < tries; i++) {
    if (await ok().catch(() => false)) return;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** SIGTERM (a graceful stop, which ends open event streams); SIGKILL if it has not exited within 20 s. */
async function stopNode(node: { child: ChildProcess }) {
  if (isRunning(node.child)) node.child.kill('SIGTERM');
  await Promise.race([exited(node.child), sleep(20_000)]);
  if (isRunning(node.child)) node.child.kill('SIGKILL');
  await exited(node.child);
}

/** Reads a server-sent event stream; `events` fills with the data of each `notification` event. */
function listen(url: string, cookie: string) {
  const events: { title: string; link: string }[] = [];
  const abort = new AbortController();
  const done = (async () => {
    const res = await fetch(`${url}/api/events`, { headers: { cookie }, signal: abort.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = /^event: notification\ndata: (.*)$/m.exec(block)?.[1];
        if (data) events.push(JSON.parse(data) as { title: string; link: string });
      }
    }
  })().catch(() => undefined);
  return { events, close: () => (abort.abort(), done) };
}

describe(
  'a cluster: HAProxy, three server processes, a PostgreSQL primary and a streaming replica',
  {
    skip: !onPostgres ? 'runs in the PostgreSQL tier' : !fs.existsSync(HAPROXY) && 'HAProxy is not installed (npm test installs it)',
  },
  () => {
    test('under load, one process killed and the primary restarted: nothing acknowledged lost or doubled, events cross processes, jobs run once, the replica catches up, chains verify', async () => {
      const primary = (await startCluster()) as PgServer;
      const replica = (await startReplica(primary)) as PgServer;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harborline-cluster-'));
      const env = {
        DATABASE_URL: primary.url,
        DATABASE_REPLICA_URL: replica.url,
        SECRET_KEY: randomBytes(32).toString('hex'),
        DATA_DIR: dataDir,
        DATABASE_STATEMENT_TIMEOUT_MS: '1500',
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
        TRUST_PROXY: 'true',
        LOG_LEVEL: 'error',
      };
      const nodes: { child: ChildProcess; url: string; output: () => string }[] = [];
      let haproxy: ChildProcess | undefined;
      const acknowledged = new Map<string, string>();
      const stopWriting = { now: false };
      try {
        nodes.push(await startServerProcess(env)); // the first one creates the demo hospital
        nodes.push(await startServerProcess({ ...env, SEED_DEMO: 'never' }));
        nodes.push(await startServerProcess({ ...env, SEED_DEMO: 'never' }));
        const port = await freePort();
        const hostPort = (u: string) => new URL(u).host;
        haproxy = spawn(HAPROXY, ['-f', path.join(ROOT, 'deploy', 'haproxy.cfg'), '-db'], {
          env: {
            ...process.env,
            HARBORLINE_BIND: `127.0.0.1:${port}`,
            HARBORLINE_ERRORS: path.join(ROOT, 'deploy', 'errors'),
            HARBORLINE_NODE1: hostPort(nodes[0].url),
            HARBORLINE_NODE2: hostPort(nodes[1].url),
            HARBORLINE_NODE3: hostPort(nodes[2].url),
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let haproxyErrors = '';
        haproxy.stderr!.on('data', (d: Buffer) => (haproxyErrors += d.toString()));
        const front = `http://127.0.0.1:${port}`;
        await waitFor(`HAProxy to serve (${haproxyErrors})`, async () => (await fetch(`${front}/api/health`)).status === 200);

        const as = async (email: string, base = front) => {
          const c = new Client(base);
          await c.login(email, DEMO_PASSWORD);
          return c;
        };
        const patients = await Promise.all(['sam@harbor.example', 'jordan@harbor.example', 'riley@harbor.example'].map((e) => as(e)));
        const community = (await patients[0].get('/api/communities')).json.communities.find(
          (x: { slug: string }) => x.slug === 'type-2-diabetes',
        ).id;

        // Live events: Sam listens on process 1; a clinician answers through process 2.
        const sam = listen(nodes[0].url, patients[0].cookieHeader);
        const doctor = await as('dr.okafor@harbor.example', nodes[1].url);
        const samPost = (
          await patients[0].post(`/api/communities/${community}/posts`, { body: 'cluster: my readings are lower this week' })
        ).json.post.id;
        await sleep(300); // the stream is open before the reply (NOTIFY is not stored for late listeners)
        assert.equal((await doctor.post(`/api/posts/${samPost}/comments`, { body: 'Good news, keep logging them.' })).status, 201);
        await waitFor('the reply to reach Sam on another process', async () => sam.events.some((e) => e.link.includes(samPost)));

        // Scheduled publishing: posts to the demo's Sandbox channel, approved, sent by whichever process's job takes them.
        const comms = await as('comms@harbor.example');
        const compliance = await as('compliance@harbor.example');
        const channel = (await comms.get('/api/publisher/channels')).json.channels.find(
          (c: { network: string }) => c.network === 'sandbox',
        ).id;
        const published: string[] = [];
        const publishOne = async (i: number) => {
          const body = `Cluster notice ${i}: flu shots at the main entrance.`;
          const post = await comms.post('/api/publisher/posts', { body, channelIds: [channel] });
          if (post.status !== 201) return;
          const decided = await compliance.post(`/api/publisher/posts/${post.json.post.id}/decision`, { decision: 'approve' });
          if (decided.status === 200) published.push(body);
        };

        // The mixed workload: twelve writers and three readers through HAProxy.
        const failures = new Map<number, number>();
        const writers = Array.from({ length: 12 }, async (_, w) => {
          const c = patients[w % 3];
          for (let i = 0; !stopWriting.now; i++) {
            const body = `cluster load ${w}-${i}: walked 20 minutes`;
            // A connection cut by a dying process is no answer: the write was not acknowledged.
            const r = await c.post(`/api/communities/${community}/posts`, { body }).catch(() => ({ status: 0, json: null }));
            if (r.status === 201) acknowledged.set(r.json.post.id as string, body);
            else {
              failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
              await sleep(100);
            }
          }
        });
        const readers = Array.from({ length: 3 }, async (_, i) => {
          while (!stopWriting.now) {
            const r = await patients[i].get(`/api/communities/${community}/posts`).catch(() => ({ status: 0 }));
            if (r.status !== 200) await sleep(100);
          }
        });
        const progressed = async (more: number) => {
          const from = acknowledged.size;
          await waitFor(`${more} more acknowledged writes`, async () => acknowledged.size >= from + more);
        };

        await progressed(40);
        for (let i = 0; i < 3; i++) await publishOne(i);
        // 1. A process dies without warning; HAProxy sends new requests to the others.
        nodes[2].child.kill('SIGKILL');
        await exited(nodes[2].child);
        await progressed(40);
        for (let i = 3; i < 6; i++) await publishOne(i);
        // 2. The primary restarts under load: 503s meanwhile, then writing resumes by itself.
        primary.stopServer('fast');
        await sleep(1_500);
        const during = await patients[0].post(`/api/communities/${community}/posts`, {
          body: 'cluster: written while the database is away',
        });
        assert.equal(during.status, 503, during.text);
        assert.ok(Number(during.headers.get('retry-after')) > 0, 'Retry-After');
        primary.startServer();
        await progressed(40);
        for (let i = 6; i < 9; i++) await publishOne(i);

        stopWriting.now = true;
        await Promise.all([...writers, ...readers]);
        assert.ok(isRunning(nodes[0].child) && isRunning(nodes[1].child), 'the other processes stayed up');
        assert.ok(published.length >= 6, `posts approved for publishing (${published.length})`);
        await waitFor(
          'every approved post to be published',
          async () => {
            const timeline = (await comms.get('/api/publisher/sandbox')).json.posts as { body: string }[];
            return published.every((b) => timeline.some((p) => p.body.startsWith(b.slice(0, 40))));
          },
          900,
        );
        // Live events still cross processes after the restart.
        const after = (await patients[0].post(`/api/communities/${community}/posts`, { body: 'cluster: a question after the restart' }))
          .json.post.id;
        await sleep(300);
        await doctor.post(`/api/posts/${after}/comments`, { body: 'Still here.' });
        await waitFor('a reply after the restart to reach Sam', async () => sam.events.some((e) => e.link.includes(after)));
        await sam.close();
        const timeline = (await comms.get('/api/publisher/sandbox')).json.posts as { body: string }[];
        for (const body of published)
          assert.equal(timeline.filter((p) => p.body.startsWith(body.slice(0, 40))).length, 1, `published once: ${body}`);

        // No process left: HAProxy answers in the product's error shape, which the app can say.
        await Promise.all(nodes.map(stopNode));
        const none = await fetch(`${front}/api/communities`);
        assert.equal(none.status, 503);
        assert.ok(Number(none.headers.get('retry-after')) > 0, 'Retry-After');
        assert.equal(((await none.json()) as { error: { id: string } }).error.id, 'service_unavailable');
      } finally {
        stopWriting.now = true;
        haproxy?.kill('SIGTERM');
        await Promise.all(nodes.map(stopNode));
      }

      const database = await openDatabase({ databaseUrl: primary.url });
      const replicaSql = new pg.Client({ connectionString: replica.url });
      try {
        const stored = await database.db.selectFrom('posts').select(['id', 'body']).where('body', 'like', 'cluster load %').execute();
        assert.ok(acknowledged.size > 100, `writes acknowledged (${acknowledged.size})`);
        const byId = new Map(stored.map((p) => [p.id, p.body]));
        for (const [id, body] of acknowledged) assert.equal(byId.get(id), body, `acknowledged post ${id} is stored`);
        assert.equal(new Set(stored.map((p) => p.body)).size, stored.length, 'no write was applied twice');
        const targets = await database.db.selectFrom('publisher_targets').select('status').where('status', '=', 'published').execute();
        assert.ok(targets.length >= 6);
        // The replica replays everything the primary wrote.
        await replicaSql.connect();
        await replicaCaughtUp(primary.url, replicaSql);
        const onReplica = await replicaSql.query<{ n: string }>(`SELECT count(*) AS n FROM posts WHERE body LIKE 'cluster load %'`);
        assert.equal(Number(onReplica.rows[0].n), stored.length, 'the replica holds the same posts');
        await assertChainsVerify(database.db);
      } finally {
        await replicaSql.end().catch(() => undefined);
        await database.close();
        replica.stop();
        primary.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  },
);
