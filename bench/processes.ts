// Post creation over real HTTP on PostgreSQL, one server process against two sharing the database:
//   npx tsx bench/processes.ts [seconds=15] [clients=16]
// Starts a throwaway PostgreSQL cluster (scripts/pg-cluster.mjs), seeds the demo with the first process,
// then drives `clients` concurrent writers for `seconds` against one process, and the same writers split
// over two processes. Prints posts/s for each, the ratio, and how often a backend was seen waiting on a
// row lock (sampled from pg_stat_activity every 20 ms): the chain heads are locked only right before
// COMMIT, so a second process should add throughput, not lock waits. Both chains are verified at the end.
import pg from 'pg';
import { verifyArchive } from '../src/archive/index.ts';
import { verifyAuditChains } from '../src/audit/index.ts';
import { openDatabase } from '../src/db/index.ts';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { Client } from '../test/helpers/http.ts';
import { exited, startServerProcess } from '../test/helpers/process.ts';
// @ts-expect-error: a plain ES module script without types
import { startCluster } from '../scripts/pg-cluster.mjs';

const SECONDS = Number(process.argv[2] ?? 15);
const CLIENTS = Number(process.argv[3] ?? 16);

const cluster = await startCluster();
if (!cluster) throw new Error('PostgreSQL is not installed (npm test installs it).');
const env = { DATABASE_URL: cluster.url };
const servers = [await startServerProcess(env)];
servers.push(await startServerProcess(env));

async function signedIn(url: string) {
  const c = new Client(url);
  await c.login('sam@harbor.example', DEMO_PASSWORD);
  return c;
}

async function lockWaitSampler() {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  let samples = 0;
  let waiting = 0;
  let stop = false;
  const done = (async () => {
    while (!stop) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`);
      samples++;
      waiting += rows[0].n;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    stop = true;
    await done;
    await admin.end();
    return waiting / samples;
  };
}

async function run(urls: string[]) {
  const clients = await Promise.all(urls.map(signedIn));
  const community = (await clients[0].get('/api/communities')).json.communities.find(
    (x: { slug: string }) => x.slug === 'type-2-diabetes',
  ).id;
  const stopSampling = await lockWaitSampler();
  let ok = 0;
  let failed = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, w) => {
      const c = clients[w % clients.length];
      for (let i = 0; performance.now() < end; i++) {
        const r = await c.post(`/api/communities/${community}/posts`, {
          body: `bench writer ${w} post ${i}: walked twenty minutes after lunch`,
        });
        if (r.status === 201) ok++;
        else failed++;
      }
    }),
  );
  const rate = ok / ((performance.now() - t0) / 1000);
  return { rate, failed, lockWaiters: await stopSampling() };
}

try {
  const one = await run([servers[0].url]);
  const two = await run(servers.map((s) => s.url));
  const line = (name: string, r: typeof one) =>
    `${name.padEnd(14)} ${r.rate.toFixed(0).padStart(6)} posts/s   backends waiting on a lock (mean) ${r.lockWaiters.toFixed(2)}   refused ${r.failed}`;
  console.log(`${CLIENTS} concurrent writers, ${SECONDS} s each, PostgreSQL, over HTTP`);
  console.log(line('one process', one));
  console.log(line('two processes', two));
  console.log(`ratio two/one: ${(two.rate / one.rate).toFixed(2)}`);
} finally {
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => exited(s.child)));
  const database = await openDatabase({ databaseUrl: cluster.url, statementTimeoutMs: 0 });
  const archive = await verifyArchive(database.db);
  const audit = await verifyAuditChains(database.db);
  console.log(`chains verify: archive ${archive.every((r) => r.ok)}, audit ${audit.every((r) => r.ok)}`);
  await database.close();
  cluster.stop();
}
