// Publish queue throughput to loopback networks with scripted failures:
//   npx tsx bench/publish-queue.ts [posts=120] [latency-ms=80]
// Connects Mastodon, X and a Facebook Page (the test servers in test/helpers/networks, answering after
// `latency-ms` as a network across the internet would, every 11th post with 429 and every 13th with
// 500), composes and approves `posts` posts for all three
// through the API, then drains the queue as the background job does. Prints targets/s for the first
// pass (every target sent or put back for retry) against the 50 targets/s target, then runs the retries
// (the clock moved past their backoff) and checks that each network holds every post exactly once.
import { connectorOptions } from '../src/publisher/channels.ts';
import { runPublishQueue } from '../src/publisher/queue.ts';
import { createTestOrg, signedIn, startTestServer } from '../test/helpers/context.ts';
import { startFacebook } from '../test/helpers/networks/facebook.ts';
import { startMastodon } from '../test/helpers/networks/mastodon.ts';
import { startX } from '../test/helpers/networks/x.ts';

const POSTS = Number(process.argv[2] ?? 120);
const LATENCY_MS = Number(process.argv[3] ?? 80);
const TARGET_PER_SECOND = 50;

connectorOptions.timeoutMs = 2000;
const server = await startTestServer();
const org = await createTestOrg(server.ctx);
const [admin, comms, compliance] = await Promise.all(['admin', 'communications', 'compliance'].map((r) => signedIn(server, org, r)));
const [mastodon, x, facebook] = await Promise.all([startMastodon(), startX(), startFacebook()]);
const networks = [
  { network: 'mastodon', server: mastodon, credentials: { accessToken: mastodon.state.token }, path: /^POST \/api\/v1\/statuses$/ },
  { network: 'x', server: x, credentials: { accessToken: x.state.token }, path: /^POST \/2\/tweets$/ },
  {
    network: 'facebook',
    server: facebook,
    credentials: { pageAccessToken: facebook.state.token, pageId: facebook.state.page.id },
    path: /^POST \/v21\.0\/\d+\/feed$/,
  },
];
const channelIds: string[] = [];
for (const n of networks) {
  const r = await admin.post('/api/publisher/channels', {
    network: n.network,
    name: `Harbor on ${n.network}`,
    baseUrl: n.server.url,
    credentials: n.credentials,
  });
  if (r.status !== 201) throw new Error(r.text);
  channelIds.push(r.json.channel.id);
}
for (let i = 0; i < POSTS; i++) {
  const p = await comms.post('/api/publisher/posts', {
    body: `Clinic update ${i}: the walk-in clinic opens at 8 on weekdays.`,
    channelIds,
  });
  if (p.status !== 201) throw new Error(p.text);
  const d = await compliance.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' });
  if (d.status !== 200) throw new Error(d.text);
}
for (const n of networks) {
  n.server.setLatency(LATENCY_MS);
  n.server.fail({ match: n.path, status: 429, retryAfterSeconds: 1, every: 11 });
  n.server.fail({ match: n.path, status: 500, every: 13 });
}

const targets = POSTS * networks.length;
const t0 = performance.now();
let handled = 0;
for (let n; (n = await runPublishQueue(server.ctx));) handled += n; // the job runs again until nothing is due
const seconds = (performance.now() - t0) / 1000;
const rate = handled / seconds;

const failures = networks.flatMap((n) => n.server.faults).reduce((sum, f) => sum + (f.fired ?? 0), 0);
// The retries, with the clock past every backoff.
for (const n of networks) {
  n.server.faults.length = 0;
  n.server.setLatency(0);
}
for (let hour = 1; hour < 24 && (await runPublishQueue(server.ctx, new Date(Date.now() + hour * 3_600_000))); hour++);
const counts = networks.map((n) => {
  const texts: string[] = n.server.own().map((p: any) => p.content ?? p.text ?? p.message);
  const perPost = new Map<string, number>();
  for (const t of texts) perPost.set(t, (perPost.get(t) ?? 0) + 1);
  return { network: n.network, posts: perPost.size, duplicates: [...perPost.values()].filter((c) => c > 1).length };
});

console.log(
  `publish queue: ${handled} target sends (${targets} targets, ${failures} scripted failures answered, ${LATENCY_MS} ms per answer) in ${seconds.toFixed(2)} s`,
);
console.log(`  ${rate.toFixed(1)} targets/s   target ${TARGET_PER_SECOND}/s   ratio ${(rate / TARGET_PER_SECOND).toFixed(2)}`);
for (const c of counts) console.log(`  ${c.network}: ${c.posts}/${POSTS} posts, ${c.duplicates} duplicated`);
await Promise.all(networks.map((n) => n.server.close()));
await server.close();
if (counts.some((c) => c.posts !== POSTS || c.duplicates)) process.exit(1);
