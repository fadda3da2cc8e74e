import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectorOptions } from '../../src/publisher/channels.ts';
import { MAX_ATTEMPTS, runPublishQueue } from '../../src/publisher/queue.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import type { Client } from '../helpers/http.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';
import { startX } from '../helpers/networks/x.ts';

let server: TestServer;
const networks: { close(): Promise<void> }[] = [];
before(async () => {
  connectorOptions.timeoutMs = 300;
  server = await startTestServer();
});
after(async () => {
  await Promise.all(networks.map((n) => n.close()));
  await server.close();
});

async function organization() {
  const org = await createTestOrg(server.ctx);
  const [admin, comms, compliance] = await Promise.all(['admin', 'communications', 'compliance'].map((r) => signedIn(server, org, r)));
  return { admin, comms, compliance };
}
async function connect(admin: Client, network: string, url: string, credentials: Record<string, string>) {
  const r = await admin.post('/api/publisher/channels', { network, name: `Harbor on ${network}`, baseUrl: url, credentials });
  assert.equal(r.status, 201, r.text);
  return r.json.channel.id as string;
}
async function publish(o: Awaited<ReturnType<typeof organization>>, body: string, channelIds: string[]) {
  const p = await o.comms.post('/api/publisher/posts', { body, channelIds });
  assert.equal(p.status, 201, p.text);
  assert.equal((await o.compliance.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' })).status, 200);
  return p.json.post.id as string;
}
const targetsOf = async (o: Awaited<ReturnType<typeof organization>>, id: string) =>
  (await o.comms.get('/api/publisher/posts')).json.posts.find((p: { id: string }) => p.id === id).targets as {
    channel: string;
    status: string;
    lastError: string | null;
  }[];

test('a network answering garbage fails its own target with a readable reason; other targets and organizations go on', async () => {
  const [broken, x, healthy] = await Promise.all([startMastodon(), startX(), startMastodon()]);
  networks.push(broken, x, healthy);
  const a = await organization();
  const b = await organization();
  const aBroken = await connect(a.admin, 'mastodon', broken.url, { accessToken: broken.state.token });
  const aX = await connect(a.admin, 'x', x.url, { accessToken: x.state.token });
  const bHealthy = await connect(b.admin, 'mastodon', healthy.url, { accessToken: healthy.state.token });

  const answers = [
    { raw: { body: '<html><body><h1>502</h1>proxy 10.1.2.3</body></html>', contentType: 'text/html' } },
    { raw: { body: '{"id": "1", "content": ' } },
    { status: 200, body: { error: 'Service temporarily confused' } },
    { status: 307, raw: { body: '', headers: { location: 'http://169.254.169.254/latest/meta-data/' } } },
    { hangUp: true },
  ];
  for (const [i, answer] of answers.entries()) {
    broken.faults.length = 0;
    broken.fail({ match: /^POST \/api\/v1\/statuses$/, times: MAX_ATTEMPTS, ...answer });
    const postA = await publish(a, `Flu clinic update ${i}: open until 6 tonight.`, [aBroken, aX]);
    const postB = await publish(b, `Blood drive update ${i}: donors welcome all day.`, [bHealthy]);
    await runPublishQueue(server.ctx);

    const [toBroken, toX] = await targetsOf(a, postA).then((ts) => [
      ts.find((t) => t.channel === 'Harbor on mastodon'),
      ts.find((t) => t.channel === 'Harbor on x'),
    ]);
    assert.equal(toX?.status, 'published', `answer ${i}: the other network still gets the post`);
    assert.ok(toBroken && ['queued', 'failed'].includes(toBroken.status), `answer ${i}: ${toBroken?.status}`);
    assert.match(toBroken.lastError ?? '', /^[\w (),.:;'-]{8,300}$/, `answer ${i}: a readable reason, not the server's page`);
    assert.doesNotMatch(toBroken.lastError ?? '', /10\.1\.2\.3|<|\{/);
    assert.deepEqual(
      (await targetsOf(b, postB)).map((t) => t.status),
      ['published'],
      `answer ${i}: another organization is not held up`,
    );
    // Retried with backoff while the network keeps answering garbage, then failed for good, never posted.
    for (let hour = 2; hour < 48 && (await targetsOf(a, postA)).some((t) => t.status === 'queued'); hour++)
      await runPublishQueue(server.ctx, new Date(Date.now() + hour * 3_600_000));
    assert.equal((await targetsOf(a, postA)).find((t) => t.channel === 'Harbor on mastodon')?.status, 'failed');
    assert.equal(broken.own().length, 0, 'nothing reached the broken network');
  }
  const notices = (await a.comms.get('/api/notifications')).json.notifications.filter((n: { title: string }) =>
    n.title.startsWith('Your post could not be published to Harbor on mastodon'),
  );
  assert.equal(notices.length, answers.length, 'the author hears of each failure');
});
