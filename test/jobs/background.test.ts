import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { backgroundJobs, startBackgroundJobs } from '../../src/background.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';

let server: TestServer;
let mastodon: Awaited<ReturnType<typeof startMastodon>>;
let scheduler: ReturnType<typeof startBackgroundJobs> | undefined;
const warnings: string[] = [];

before(async () => {
  server = await startTestServer();
  mastodon = await startMastodon();
});
after(async () => {
  await scheduler?.stop();
  await mastodon.close();
  await server.close();
});

test('the product schedules every piece of background work once, by name', () => {
  const names = backgroundJobs(server.ctx).map((j) => j.name);
  assert.equal(new Set(names).size, names.length, 'names are unique');
  for (const expected of ['archive.disposition', 'consent.lapse', 'publisher.publish', 'publisher.inbox', 'signals.sweep'])
    assert.ok(names.includes(expected), expected);
});

test('an approved post goes out through the scheduler, with no timer of its own', async () => {
  const org = await createTestOrg(server.ctx);
  const [admin, comms, compliance] = await Promise.all(['admin', 'communications', 'compliance'].map((r) => signedIn(server, org, r)));
  const channel = await admin.post('/api/publisher/channels', {
    network: 'mastodon',
    name: 'Harbor on Mastodon',
    baseUrl: mastodon.url,
    credentials: { accessToken: mastodon.state.token },
  });
  assert.equal(channel.status, 201, channel.text);
  const post = await comms.post('/api/publisher/posts', {
    body: 'Flu shots Saturday 9-12 at the main entrance.',
    channelIds: [channel.json.channel.id],
  });
  assert.equal((await compliance.post(`/api/publisher/posts/${post.json.post.id}/decision`, { decision: 'approve' })).status, 200);
  assert.equal(mastodon.own().length, 0);

  scheduler = startBackgroundJobs(server.ctx, (m) => warnings.push(m));
  await scheduler.started;
  const end = Date.now() + 60_000;
  while (mastodon.own().length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  assert.equal(mastodon.own().length, 1, 'published once');
  const { rows } = await server.ctx.database.executeSql('SELECT name FROM pgboss.schedule');
  const scheduled = new Set((rows as Array<{ name: string }>).map((r) => r.name));
  for (const job of backgroundJobs(server.ctx)) assert.ok(scheduled.has(job.name), `${job.name} is scheduled`);
  await scheduler.stop();
  scheduler = undefined;
  assert.deepEqual(warnings, []);
});
