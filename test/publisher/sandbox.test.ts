import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { collectMetrics } from '../../src/publisher/analytics.ts';
import { pollInbox, runResponseQueue } from '../../src/publisher/inbox.ts';
import { runPublishQueue } from '../../src/publisher/queue.ts';
import { runTakedownQueue } from '../../src/publisher/takedowns.ts';
import { ConnectorError, createConnector } from '../../src/publisher/connectors/index.ts';
import { newTid } from '../../src/publisher/tid.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { createTestOrg, openTestContext, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
const as = (role: string) => signedIn(server, org, role);
/** The sandbox's simulated people answer a few seconds after a post; tests move their clock instead of waiting. */
/** The archived status changes of a network post (published, takedown requested, taken down…). */
async function statusRecords(postId: string): Promise<Array<Record<string, unknown>>> {
  const rows = await server.ctx.db
    .selectFrom('archive_entries as e')
    .innerJoin('archive_content as c', 'c.entry_id', 'e.id')
    .select('c.content')
    .where('e.record_id', '=', postId)
    .where('e.event', '=', 'status')
    .execute();
  return rows.map((r) => (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Record<string, unknown>);
}
const deliverEverything = () => sql`UPDATE sandbox_events SET deliver_at = now() - interval '1 second'`.execute(server.ctx.db);

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
});
after(() => server.close());

describe('the built-in Sandbox network', () => {
  test('composing with nothing connected says what to do, not a validation dump', async () => {
    const comms = await as('communications');
    const r = await comms.post('/api/publisher/posts', { body: 'Hello', channelIds: [] });
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /No network is connected yet.*Sandbox needs no account/);
  });

  test('connects without an account; compose → approve → publish → simulated replies in the inbox → answer → analytics', async () => {
    const [admin, comms, compliance] = await Promise.all(['admin', 'communications', 'compliance'].map(as));
    const connected = await admin.post('/api/publisher/channels', { network: 'sandbox', name: 'Harbor Sandbox' });
    assert.equal(connected.status, 201, connected.text);
    assert.equal(connected.json.channel.network, 'sandbox');
    assert.equal(connected.json.channel.handle, 'harbor-sandbox');
    const channelId = connected.json.channel.id;

    const post = await comms.post('/api/publisher/posts', {
      body: 'Flu shots Saturday 9-12 at the main entrance.',
      channelIds: [channelId],
    });
    assert.equal(post.status, 201, post.text);
    assert.equal((await compliance.post(`/api/publisher/posts/${post.json.post.id}/decision`, { decision: 'approve' })).status, 200);
    assert.equal(await runPublishQueue(server.ctx), 1);
    assert.equal(await runPublishQueue(server.ctx), 0, 'published once');

    let timeline = (await comms.get('/api/publisher/sandbox')).json;
    assert.equal(timeline.posts.length, 1);
    assert.equal(timeline.posts[0].body, 'Flu shots Saturday 9-12 at the main entrance.');
    assert.equal(timeline.posts[0].conversation.length, 0, 'nobody has answered yet');
    assert.equal(await pollInbox(server.ctx), 0, 'reactions are not delivered before their time');

    await deliverEverything();
    assert.equal(await pollInbox(server.ctx), 4, 'a reply, a mention, a direct message and a review');
    assert.equal(await pollInbox(server.ctx), 0, 'each once');
    const inbox = (await comms.get('/api/publisher/inbox')).json.items;
    assert.deepEqual(inbox.map((i: any) => i.kind).sort(), ['dm', 'mention', 'reply', 'review']);
    assert.ok(inbox.every((i: any) => i.network === 'sandbox'));
    const reply = inbox.find((i: any) => i.kind === 'reply');
    const answered = await comms.post(`/api/publisher/inbox/${reply.id}/responses`, { body: 'Yes, walk-ins are welcome all morning.' });
    assert.equal(answered.status, 201, answered.text);
    assert.equal(await runResponseQueue(server.ctx), 1);
    timeline = (await comms.get('/api/publisher/sandbox')).json;
    const conversation = timeline.posts[0].conversation;
    assert.equal(
      conversation.find((c: any) => c.id === reply.remoteId || c.kind === 'reply').answer,
      'Yes, walk-ins are welcome all morning.',
    );
    assert.equal(conversation.find((c: any) => c.kind === 'review').rating > 0, true);

    assert.ok((await collectMetrics(server.ctx)) >= 1);
    const analytics = (await compliance.get('/api/publisher/analytics?days=7')).json;
    const sandbox = analytics.channels.find((c: any) => c.network === 'sandbox');
    assert.equal(sandbox.posts, 1);
    assert.equal(sandbox.likes, 3);
    assert.equal(sandbox.reposts, 1);
    assert.equal((await (await as('patient')).get('/api/publisher/sandbox')).status, 404, 'not for patients');
  });

  test('a published post can be taken down from the UI with a reason: archived, audited, removed from the network', async () => {
    const [comms, compliance, patient] = await Promise.all(['communications', 'compliance', 'patient'].map(as));
    const channelId = (await comms.get('/api/publisher/channels')).json.channels.find((c: any) => c.network === 'sandbox').id;
    const post = await comms.post('/api/publisher/posts', { body: 'Visiting hours change on Monday.', channelIds: [channelId] });
    await compliance.post(`/api/publisher/posts/${post.json.post.id}/decision`, { decision: 'approve' });
    assert.equal(await runPublishQueue(server.ctx), 1);
    const target = (await comms.get('/api/publisher/posts')).json.posts.find((p: any) => p.id === post.json.post.id).targets[0];
    assert.equal(target.status, 'published');
    const path = `/api/publisher/targets/${target.id}/takedown`;
    assert.equal((await patient.post(path, { reason: 'wrong date' })).status, 404);
    const empty = await compliance.post(path, { reason: ' ' });
    assert.equal(empty.status, 400);
    assert.match(empty.json.error.message, /say why/);
    assert.equal((await compliance.post(path, { reason: 'The date was wrong' })).status, 202);
    assert.equal((await compliance.post(path, { reason: 'again' })).status, 409, 'one takedown at a time');
    assert.equal(await runTakedownQueue(server.ctx), 1);
    const after = (await comms.get('/api/publisher/posts')).json.posts.find((p: any) => p.id === post.json.post.id).targets[0];
    assert.equal(after.status, 'taken_down');
    const sandboxPosts = (await comms.get('/api/publisher/sandbox')).json.posts;
    const shown = sandboxPosts.find((p: any) => p.removed);
    assert.ok(shown, 'shown as removed');
    assert.ok(!sandboxPosts.some((p: any) => p.body.includes('Visiting hours')), 'its text is gone from the timeline');
    const statuses = (await statusRecords(post.json.post.id)).map((c) => c.status);
    assert.ok(statuses.includes('takedown_requested') && statuses.includes('taken_down'), JSON.stringify(statuses));
    const audit = await server.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', post.json.post.id).execute();
    assert.ok(audit.some((a) => a.action === 'publisher.takedown_requested'));
  });

  test('with link tracking on, links go out with UTM parameters, and the archive keeps the text as sent', async () => {
    const [admin, comms, compliance] = await Promise.all(['admin', 'communications', 'compliance'].map(as));
    const settings = (await admin.get('/api/publisher/settings')).json.settings;
    assert.equal(settings.linkTracking, false, 'off unless the organization turns it on');
    assert.equal((await admin.request('PUT', '/api/publisher/settings', { ...settings, linkTracking: true })).status, 200);
    const channelId = (await comms.get('/api/publisher/channels')).json.channels.find((c: any) => c.network === 'sandbox').id;
    const post = await comms.post('/api/publisher/posts', {
      body: 'Flu clinic hours: https://harbor.example/flu',
      channelIds: [channelId],
      campaign: 'flu-season',
    });
    await compliance.post(`/api/publisher/posts/${post.json.post.id}/decision`, { decision: 'approve' });
    assert.equal(await runPublishQueue(server.ctx), 1);
    const sent = 'Flu clinic hours: https://harbor.example/flu?utm_source=sandbox&utm_medium=social&utm_campaign=flu-season';
    assert.ok((await comms.get('/api/publisher/sandbox')).json.posts.some((p: any) => p.body === sent));
    assert.ok((await statusRecords(post.json.post.id)).some((c) => c.status === 'published' && c.body === sent && c.linkTracking === true));
    await admin.request('PUT', '/api/publisher/settings', { ...settings, linkTracking: false });
  });

  test('the connector keeps the network contract: one post per key, limits, edit, delete, gone', async () => {
    const channel = await server.ctx.db
      .selectFrom('channels')
      .select(['id', 'org_id'])
      .where('network', '=', 'sandbox')
      .executeTakeFirstOrThrow();
    const c = createConnector(
      'sandbox',
      'sandbox://harborline/',
      { channelId: channel.id, orgId: channel.org_id, handle: '@t' },
      { db: server.ctx.db },
    );
    const key = newTid();
    const first = await c.post('Clinic closed Monday.', key);
    assert.equal((await c.post('Clinic closed Monday.', key, true)).remoteId, first.remoteId);
    await assert.rejects(c.post('x'.repeat(501), newTid()), (e) => e instanceof ConnectorError && e.kind === 'rejected');
    await c.edit(first.remoteId, 'Clinic closed Monday (holiday).');
    assert.deepEqual(await c.read(first.remoteId), { text: 'Clinic closed Monday (holiday).', edited: true });
    await c.remove(first.remoteId);
    await assert.rejects(c.read(first.remoteId), (e) => e instanceof ConnectorError && e.kind === 'gone');
    assert.throws(() => createConnector('sandbox', 'sandbox://harborline/', {}, { db: server.ctx.db }), ConnectorError);
  });

  test('a server can switch the sandbox off: new sandbox channels are refused with the reason', async () => {
    server.ctx.config.publisherSandbox = false;
    try {
      const r = await (await as('admin')).post('/api/publisher/channels', { network: 'sandbox', name: 'Another sandbox' });
      assert.equal(r.status, 422);
      assert.match(r.json.error.message, /switched off on this server \(PUBLISHER_SANDBOX=off\)/);
    } finally {
      server.ctx.config.publisherSandbox = true;
    }
  });
});

test('the demo hospital comes with a Sandbox channel, a post waiting for approval, a draft thread and a library caption', async () => {
  const ctx = await openTestContext();
  try {
    assert.equal(await seedDemo(ctx), true);
    const channels = await ctx.db.selectFrom('channels').select(['network', 'status']).execute();
    assert.deepEqual(channels, [{ network: 'sandbox', status: 'active' }]);
    const posts = await ctx.db.selectFrom('publisher_posts').select(['status', 'follow_ups']).orderBy('status').execute();
    assert.deepEqual(
      posts.map((p) => [p.status, p.follow_ups.length]),
      [
        ['draft', 2],
        ['pending_approval', 0],
      ],
      'a post waiting for approval and a thread kept as a draft',
    );
    const library = await ctx.db.selectFrom('library_items').select(['title', 'status']).execute();
    assert.deepEqual(library, [{ title: 'Hand hygiene', status: 'approved' }]);
  } finally {
    await ctx.database.close();
  }
});
