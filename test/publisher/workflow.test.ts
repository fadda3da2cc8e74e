import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectorOptions } from '../../src/publisher/channels.ts';
import { runPublishQueue } from '../../src/publisher/queue.ts';
import { nextTime } from '../../src/publisher/recurrence.ts';
import { runTakedownQueue } from '../../src/publisher/takedowns.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import type { Client } from '../helpers/http.ts';
import { startFacebook } from '../helpers/networks/facebook.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';
import { startX } from '../helpers/networks/x.ts';

let server: TestServer;
let comms: Client, compliance: Client, admin: Client;
let mastodon: Awaited<ReturnType<typeof startMastodon>>;
let facebook: Awaited<ReturnType<typeof startFacebook>>;
const channel: Record<string, string> = {};
const days = (n: number) => new Date(Date.now() + n * 86_400_000);
const postOf = async (id: string) => (await comms.get('/api/publisher/posts')).json.posts.find((p: { id: string }) => p.id === id);

before(async () => {
  connectorOptions.timeoutMs = 300;
  server = await startTestServer();
  const org = await createTestOrg(server.ctx);
  [comms, compliance, admin] = await Promise.all(['communications', 'compliance', 'admin'].map((r) => signedIn(server, org, r)));
  [mastodon, facebook] = await Promise.all([startMastodon(), startFacebook()]);
  for (const [network, body] of [
    ['sandbox', { name: 'Harbor Sandbox' }],
    ['mastodon', { name: 'Harbor on Mastodon', baseUrl: mastodon.url, credentials: { accessToken: mastodon.state.token } }],
    [
      'facebook',
      {
        name: 'Harbor on Facebook',
        baseUrl: facebook.url,
        credentials: { pageAccessToken: facebook.state.token, pageId: facebook.state.page.id },
      },
    ],
  ] as const) {
    const r = await admin.post('/api/publisher/channels', { network, ...body });
    assert.equal(r.status, 201, r.text);
    channel[network] = r.json.channel.id;
  }
});
after(async () => {
  await Promise.all([mastodon.close(), facebook.close()]);
  await server.close();
});

describe('drafts', () => {
  test('a draft is the author’s alone until submitted; edits are checked and archived; submitting asks for approval', async () => {
    const before = (await compliance.get('/api/notifications')).json.notifications.length;
    const d = await comms.post('/api/publisher/posts', {
      body: 'Draft: the clinic movs on Monday',
      channelIds: [channel.sandbox],
      draft: true,
    });
    assert.equal(d.status, 201, d.text);
    assert.equal(d.json.post.status, 'draft');
    const id = d.json.post.id;
    assert.equal((await compliance.get('/api/notifications')).json.notifications.length, before, 'nobody is asked to approve a draft');
    assert.ok(!(await compliance.get('/api/publisher/posts')).json.posts.some((p: { id: string }) => p.id === id), 'others do not see it');
    assert.equal((await compliance.post(`/api/publisher/posts/${id}/decision`, { decision: 'approve' })).status, 409);

    const phi = await comms.put(`/api/publisher/posts/${id}`, {
      body: 'Draft: Emily Johnson MRN 7783321 moved on Monday',
      channelIds: [channel.sandbox],
      draft: true,
    });
    assert.equal(phi.status, 422, 'an edited draft passes the guard again');
    assert.equal((await postOf(id)).body, 'Draft: the clinic movs on Monday', 'the refused edit changed nothing');
    const fixed = await comms.put(`/api/publisher/posts/${id}`, {
      body: 'The clinic moves to the east wing on Monday.',
      channelIds: [channel.sandbox, channel.mastodon],
      draft: true,
    });
    assert.equal(fixed.status, 200, fixed.text);
    const other = await compliance.put(`/api/publisher/posts/${id}`, { body: 'Mine now', channelIds: [channel.sandbox], draft: true });
    assert.notEqual(other.status, 200, "nobody edits another person's draft");
    const submitted = await comms.put(`/api/publisher/posts/${id}`, {
      body: 'The clinic moves to the east wing on Monday.',
      channelIds: [channel.sandbox, channel.mastodon],
      draft: false,
    });
    assert.equal(submitted.json.post.status, 'pending_approval');
    assert.ok(
      (await compliance.get('/api/notifications')).json.notifications.some((n: { title: string }) => /asks for approval/.test(n.title)),
    );
    const again = await comms.put(`/api/publisher/posts/${id}`, { body: 'Changed after submitting', channelIds: [channel.sandbox] });
    assert.equal(again.status, 409, 'only drafts change');
    assert.equal((await compliance.post(`/api/publisher/posts/${id}/decision`, { decision: 'approve' })).status, 200);
    await runPublishQueue(server.ctx);
    assert.equal((await postOf(id)).status, 'published');
    const versions = await server.ctx.db
      .selectFrom('archive_entries')
      .select(['event', 'version'])
      .where('record_id', '=', id)
      .where('event', 'in', ['create', 'edit'])
      .orderBy('version')
      .execute();
    assert.deepEqual(
      versions.map((v) => v.event),
      ['create', 'edit', 'edit'],
      'every version of the draft is a record',
    );
  });

  test('a draft can be discarded', async () => {
    const d = await comms.post('/api/publisher/posts', { body: 'Maybe later', channelIds: [channel.sandbox], draft: true });
    assert.equal((await comms.post(`/api/publisher/posts/${d.json.post.id}/cancel`)).status, 200);
    assert.equal((await postOf(d.json.post.id)).status, 'cancelled');
  });
});

describe('threads and first comments', () => {
  test('parts follow the post: a thread on Mastodon and the sandbox, comments on Facebook; a part that fails is resumed, never repeated', async () => {
    const body = 'Flu season, in three parts. 1/3';
    const followUps = ['Where: every clinic, walk in. 2/3', 'Who first: over 65s, pregnancy, asthma. 3/3'];
    const tooLong = await comms.post('/api/publisher/posts', {
      body,
      followUps: ['x'.repeat(600)],
      channelIds: [channel.sandbox],
    });
    assert.equal(tooLong.status, 422);
    assert.match(tooLong.json.error.message, /part 2 of the thread has 600/);
    const empty = await comms.post('/api/publisher/posts', { body, followUps: [' '], channelIds: [channel.sandbox] });
    assert.equal(empty.status, 400);

    const p = await comms.post('/api/publisher/posts', {
      body,
      followUps,
      channelIds: [channel.sandbox, channel.mastodon, channel.facebook],
    });
    assert.equal(p.status, 201, p.text);
    assert.equal((await compliance.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' })).status, 200);
    // Mastodon takes the post and part 2, then fails on part 3.
    let posts = 0;
    mastodon.fail({ match: /^POST \/api\/v1\/statuses$/, status: 503, every: 3 });
    await runPublishQueue(server.ctx);
    const thread = () => mastodon.own().filter((s: { content: string }) => /[123]\/3/.test(s.content));
    posts = thread().length;
    let post = await postOf(p.json.post.id);
    const toMastodon = post.targets.find((t: { network: string }) => t.network === 'mastodon');
    assert.equal(toMastodon.status, 'queued', 'waits to finish the thread');
    assert.equal(toMastodon.partsSent, 1);
    assert.equal(posts, 2);
    mastodon.faults.length = 0;
    await runPublishQueue(server.ctx, new Date(Date.now() + 3_600_000));
    post = await postOf(p.json.post.id);
    assert.equal(post.status, 'published');
    assert.ok(post.targets.every((t: { partsSent: number }) => t.partsSent === 2));

    const statuses = thread();
    assert.equal(statuses.length, 3, 'resumed at part 3, nothing posted twice');
    const [first, second, third] = [body, ...followUps].map((text) =>
      statuses.find((s: { content: string }) => s.content.replace(/<[^>]+>/g, '') === text),
    );
    assert.equal(second.in_reply_to_id, first.id);
    assert.equal(third.in_reply_to_id, second.id);

    const page = facebook.own().find((x: { message: string }) => x.message === body);
    const comments = facebook.ownComments().filter((c: { post_id: string }) => c.post_id === page.id);
    assert.deepEqual(
      comments.map((c: { message: string }) => c.message),
      followUps,
      'the first comments, in order',
    );

    const timeline = (await comms.get('/api/publisher/sandbox')).json.posts;
    const root = timeline.find((x: { body: string }) => x.body === body);
    const part2 = timeline.find((x: { body: string }) => x.body === followUps[0]);
    const part3 = timeline.find((x: { body: string }) => x.body === followUps[1]);
    assert.equal(part2.continues, root.id);
    assert.equal(part3.continues, part2.id);

    // A takedown removes every part of a thread.
    const sandboxTarget = post.targets.find((t: { network: string }) => t.network === 'sandbox');
    assert.equal((await compliance.post(`/api/publisher/targets/${sandboxTarget.id}/takedown`, { reason: 'Outdated advice' })).status, 202);
    await runTakedownQueue(server.ctx);
    const after = (await comms.get('/api/publisher/sandbox')).json.posts;
    assert.ok(!after.some((x: { body: string }) => [body, ...followUps].includes(x.body)), 'no part is left');
  });

  test('identifiers in a later part are stopped like in the post itself', async () => {
    const r = await comms.post('/api/publisher/posts', {
      body: 'A story from our wards. 1/2',
      followUps: ['Thanks to Emily Johnson, MRN 7783321, for sharing. 2/2'],
      channelIds: [channel.sandbox],
    });
    assert.equal(r.status, 422);
    assert.match(r.json.error.id, /^phi_/);
    assert.ok(!r.text.includes('7783321'));
  });
});

describe('per-network preview', () => {
  test('each channel shows its parts as they will go out, counted the way the network counts', async () => {
    const x = await startX();
    try {
      const r = await admin.post('/api/publisher/channels', {
        network: 'x',
        name: 'Harbor on X',
        baseUrl: x.url,
        credentials: { accessToken: x.state.token },
      });
      channel.x = r.json.channel.id;
      const settings = (await admin.get('/api/publisher/settings')).json.settings;
      assert.equal((await admin.put('/api/publisher/settings', { ...settings, linkTracking: true })).status, 200);
      const link = 'https://harbor.example/flu';
      const p = await comms.post('/api/publisher/preview', {
        body: `Flu shots this week 💉 ${link}`,
        followUps: ['Bring your card.'],
        channelIds: [channel.x, channel.facebook, channel.mastodon],
        campaign: 'flu-2026',
      });
      assert.equal(p.status, 200, p.text);
      const by = Object.fromEntries(p.json.channels.map((c: { network: string }) => [c.network, c]));
      assert.match(by.mastodon.parts[0].text, /utm_source=mastodon&utm_medium=social&utm_campaign=flu-2026/);
      assert.equal(by.x.parts[0].length, 'Flu shots this week '.length + 2 + 1 + 23, 'X: an emoji counts 2, a link 23');
      assert.equal(by.mastodon.parts[0].length, [...by.mastodon.parts[0].text].length);
      assert.equal(by.facebook.followUpsAs, 'comments');
      assert.equal(by.x.followUpsAs, 'thread');
      assert.ok(by.x.parts.every((part: { fits: boolean }) => part.fits));
      const long = await comms.post('/api/publisher/preview', { body: 'a'.repeat(300), channelIds: [channel.x, channel.mastodon] });
      const fits = Object.fromEntries(
        long.json.channels.map((c: { network: string; parts: { fits: boolean }[] }) => [c.network, c.parts[0].fits]),
      );
      assert.deepEqual(fits, { x: false, mastodon: true });
      assert.equal(
        (await comms.post('/api/publisher/preview', { body: 'x', channelIds: ['00000000-0000-4000-8000-000000000000'] })).status,
        404,
      );
      assert.equal((await admin.put('/api/publisher/settings', settings)).status, 200);
    } finally {
      await x.close();
    }
  });
});

describe('content library', () => {
  test('captions are proposed, approved by someone else, offered in the composer, counted when used, and retired', async () => {
    const phi = await comms.post('/api/publisher/library', { title: 'Story', body: 'Thank you Emily Johnson, MRN 7783321!' });
    assert.equal(phi.status, 422, 'a caption meant for public networks passes the guard');
    const p = await comms.post('/api/publisher/library', {
      title: 'Flu shot reminder',
      body: 'Flu shots are free at every clinic. Walk in, no appointment.',
      tags: ['Flu', 'vaccines', 'flu'],
    });
    assert.equal(p.status, 201, p.text);
    assert.equal((await comms.post('/api/publisher/library', { title: 'Flu shot reminder', body: 'again' })).status, 409);
    const offered = async () =>
      (await comms.get('/api/publisher/library')).json.items
        .filter((i: { status: string }) => i.status === 'approved')
        .map((i: { title: string }) => i.title);
    assert.deepEqual(await offered(), [], 'a proposal is not offered yet');
    const queue = (await compliance.get('/api/publisher/library')).json;
    assert.equal(queue.canDecide, true);
    assert.deepEqual(queue.items[0].tags, ['flu', 'vaccines']);
    const id = p.json.item.id;
    assert.equal(
      (await comms.post(`/api/publisher/library/${id}/decision`, { decision: 'approve' })).status,
      403,
      'nobody approves their own proposal',
    );
    assert.equal((await admin.post(`/api/publisher/library/${id}/decision`, { decision: 'approve' })).status, 200);
    assert.deepEqual(await offered(), ['Flu shot reminder']);
    assert.deepEqual(
      (await comms.get('/api/publisher/library?q=vaccines')).json.items.map((i: { id: string }) => i.id),
      [id],
    );
    assert.equal((await comms.get('/api/publisher/library?q=dentist')).json.items.length, 0);
    assert.equal((await comms.post(`/api/publisher/library/${id}/use`)).status, 200);
    assert.equal((await comms.get('/api/publisher/library')).json.items[0].uses, 1);
    assert.equal((await compliance.post(`/api/publisher/library/${id}/decision`, { decision: 'retire' })).status, 200);
    assert.deepEqual(await offered(), []);
    assert.equal((await comms.post(`/api/publisher/library/${id}/use`)).status, 404, 'a retired caption is not used');
    const records = await server.ctx.db.selectFrom('archive_entries').select('event').where('record_id', '=', id).execute();
    assert.deepEqual(records.map((r) => r.event).sort(), ['create', 'status', 'status']);
  });

  test('nobody approves their own proposal', async () => {
    const mine = await admin.post('/api/publisher/library', { title: 'Visiting hours', body: 'Visiting hours are 9 to 8 every day.' });
    assert.equal(mine.status, 201, mine.text);
    assert.equal((await admin.post(`/api/publisher/library/${mine.json.item.id}/decision`, { decision: 'approve' })).status, 403);
  });
});

describe('recurring posts', () => {
  test('one approval covers the series; each occurrence goes out a period after the last; cancelling the next one ends it', async () => {
    const at = days(1);
    const p = await comms.post('/api/publisher/posts', {
      body: 'Walk-in vaccination every Tuesday, 9 to 12.',
      channelIds: [channel.sandbox],
      scheduledAt: at.toISOString(),
      repeat: { every: 'week', times: 3 },
    });
    assert.equal(p.status, 201, p.text);
    assert.equal((await compliance.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' })).status, 200);
    assert.equal(await runPublishQueue(server.ctx), 0, 'not before its time');
    await runPublishQueue(server.ctx, days(1.01));
    const series = async () =>
      (await comms.get('/api/publisher/posts')).json.posts
        .filter((x: { id: string; seriesId: string | null }) => x.id === p.json.post.id || x.seriesId === p.json.post.id)
        .sort((a: { scheduledAt: string }, b: { scheduledAt: string }) => a.scheduledAt.localeCompare(b.scheduledAt));
    let all = await series();
    assert.deepEqual(
      all.map((x: { status: string }) => x.status),
      ['published', 'approved'],
    );
    assert.equal(all[1].scheduledAt, nextTime(at, 'week').toISOString());
    assert.equal(all[1].repeat.remaining, 1);
    await runPublishQueue(server.ctx, days(8.01));
    all = await series();
    assert.deepEqual(
      all.map((x: { status: string }) => x.status),
      ['published', 'published', 'approved'],
    );
    assert.equal((await comms.post(`/api/publisher/posts/${all[2].id}/cancel`)).status, 200);
    await runPublishQueue(server.ctx, days(15.01));
    all = await series();
    assert.deepEqual(
      all.map((x: { status: string }) => x.status),
      ['published', 'published', 'cancelled'],
      'the series ended with the cancelled occurrence',
    );
    const sent = (await comms.get('/api/publisher/sandbox')).json.posts.filter((x: { body: string }) =>
      x.body.startsWith('Walk-in vaccination'),
    );
    assert.equal(sent.length, 2);
  });

  test('a month from the 31st is the last day of a shorter month', () => {
    assert.equal(nextTime(new Date('2027-01-31T09:00:00Z'), 'month').toISOString(), '2027-02-28T09:00:00.000Z');
    assert.equal(nextTime(new Date('2027-03-10T09:00:00Z'), 'day').toISOString(), '2027-03-11T09:00:00.000Z');
  });
});
