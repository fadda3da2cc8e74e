import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectMetrics } from '../../src/publisher/analytics.ts';
import { checkAllChannels, connectorOptions } from '../../src/publisher/channels.ts';
import { alertSlaBreaches, pollInbox, runResponseQueue } from '../../src/publisher/inbox.ts';
import { expireApprovals } from '../../src/publisher/posts.ts';
import { runPublishQueue } from '../../src/publisher/queue.ts';
import { runTakedownQueue } from '../../src/publisher/takedowns.ts';
import { lapseExpiredConsents } from '../../src/consent/lapse.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { startBluesky } from '../helpers/networks/bluesky.ts';
import { startGoogleReviews } from '../helpers/networks/google-reviews.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let mastodon: Awaited<ReturnType<typeof startMastodon>>;
let bluesky: Awaited<ReturnType<typeof startBluesky>>;
let reviews: Awaited<ReturnType<typeof startGoogleReviews>>;
let comms: Client, compliance: Client, admin: Client, patient: Client;
const channel: Record<string, string> = {};
const as = (role: string) => signedIn(server, org, role);
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const ctx = () => server.ctx;

before(async () => {
  connectorOptions.timeoutMs = 300;
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  [mastodon, bluesky, reviews] = await Promise.all([startMastodon(), startBluesky(), startGoogleReviews()]);
  [comms, compliance, admin, patient] = await Promise.all(['communications', 'compliance', 'admin', 'patient'].map(as));
});
after(async () => {
  await Promise.all([mastodon.close(), bluesky.close(), reviews.close()]);
  await server.close();
});

async function publishApproved(body: string, channels: string[], extra: object = {}) {
  const p = await comms.post('/api/publisher/posts', { body, channelIds: channels, ...extra });
  assert.equal(p.status, 201, p.text);
  const d = await compliance.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' });
  assert.equal(d.status, 200, d.text);
  return p.json.post.id as string;
}
const postState = async (id: string) => (await comms.get('/api/publisher/posts')).json.posts.find((p: any) => p.id === id);

describe('channels', () => {
  test('connecting checks the credentials, seals them, and never returns them', async () => {
    server.ctx.config.outbound.allowHttp = false;
    const plain = await admin.post('/api/publisher/channels', {
      network: 'mastodon',
      name: 'Mastodon',
      baseUrl: mastodon.url,
      credentials: { accessToken: mastodon.state.token },
    });
    assert.equal(plain.status, 400, 'plain http is refused unless PUBLISHER_ALLOW_HTTP is set');
    assert.match(plain.json.error.message, /only https addresses/);
    server.ctx.config.outbound.allowHttp = true;
    const bad = await admin.post('/api/publisher/channels', {
      network: 'mastodon',
      name: 'Mastodon',
      baseUrl: mastodon.url,
      credentials: { accessToken: 'wrong' },
    });
    assert.equal(bad.status, 422);
    assert.match(bad.json.error.message, /did not accept/);
    const specs = [
      ['mastodon', 'Harbor on Mastodon', mastodon.url, { accessToken: mastodon.state.token }],
      ['bluesky', 'Harbor on Bluesky', bluesky.url, { identifier: bluesky.state.handle, appPassword: bluesky.state.appPassword }],
      [
        'google_reviews',
        'Google reviews',
        reviews.url,
        { accessToken: reviews.state.token, accountId: reviews.state.accountId, locationId: reviews.state.locationId },
      ],
    ] as const;
    for (const [network, name, baseUrl, credentials] of specs) {
      const r = await admin.post('/api/publisher/channels', { network, name, baseUrl, credentials });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.channel.status, 'active');
      const secret = 'accessToken' in credentials ? credentials.accessToken : credentials.appPassword;
      assert.ok(!JSON.stringify(r.json).includes(secret), 'no secret in the answer');
      channel[network] = r.json.channel.id;
    }
    const listed = await comms.get('/api/publisher/channels');
    assert.equal(listed.json.channels.length, 3);
    assert.equal(listed.json.channels.find((c: any) => c.network === 'mastodon').maxLength, 500);
    const stored = await ctx().db.selectFrom('channels').select('credentials').execute();
    assert.ok(
      stored.every(
        (s) =>
          s.credentials.startsWith('v1.') &&
          !s.credentials.includes(mastodon.state.token) &&
          !s.credentials.includes(bluesky.state.appPassword),
      ),
    );
    assert.equal((await patient.get('/api/publisher/channels')).status, 404);
  });
});

describe('compose, approve, publish', () => {
  test('the guard and the limits run before approval; nobody approves their own post', async () => {
    const phi = await comms.post('/api/publisher/posts', {
      body: 'Call John Carter at 555-201-3344 about his MRI results',
      channelIds: [channel.mastodon],
    });
    assert.ok([409, 422].includes(phi.status), phi.text);
    const long = await comms.post('/api/publisher/posts', { body: 'x'.repeat(301), channelIds: [channel.mastodon, channel.bluesky] });
    assert.equal(long.status, 422);
    assert.match(long.json.error.message, /Harbor on Bluesky.*300/);
    // Google Business Profile takes posts, but they have no comments: a thread is refused before approval.
    const thread = await comms.post('/api/publisher/posts', { body: 'hi', followUps: ['more'], channelIds: [channel.google_reviews] });
    assert.equal(thread.status, 400, thread.text);
    assert.match(thread.json.error.message, /cannot continue a post/);
    const p = await comms.post('/api/publisher/posts', {
      body: 'Flu shots Saturday 9-12 at the main entrance.',
      channelIds: [channel.mastodon],
    });
    assert.equal(p.json.post.status, 'pending_approval');
    assert.equal((await comms.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' })).status, 403);
    const pending = async (id: string) =>
      (await compliance.get('/api/publisher/posts?status=pending_approval')).json.posts.find((x: any) => x.id === id);
    assert.deepEqual((await pending(p.json.post.id)).screenFlags, [], 'an ordinary notice carries no notes for approvers');
    // What the screen says about a post is there for its approvers (here: a link to a site the organization distrusts).
    assert.equal((await comms.post('/api/moderation/unreliable-domains', { domain: 'detox-secrets.example' })).status, 201);
    const linked = await comms.post('/api/publisher/posts', {
      body: 'Read more: https://detox-secrets.example/flu',
      channelIds: [channel.mastodon],
    });
    assert.equal(linked.status, 201, linked.text);
    const noted = (await compliance.get('/api/publisher/posts?status=pending_approval')).json.posts.find(
      (x: any) => x.id === linked.json.post.id,
    );
    assert.match(noted.screenFlags.join(' '), /detox-secrets\.example, listed as an unreliable source/);
    assert.equal((await patient.post('/api/publisher/posts', { body: 'x', channelIds: [channel.mastodon] })).status, 404);
    assert.equal(mastodon.own().length, 0, 'nothing goes out before approval');
  });

  test('two-step approval: a second, different approver is needed; then it publishes once to each network, archived with the network ids', async () => {
    await admin.request('PUT', '/api/publisher/settings', { approvalSteps: 2, approvalHours: 72, responseHours: 24 });
    const p = await comms.post('/api/publisher/posts', {
      body: 'Our new heart clinic opens Monday.',
      channelIds: [channel.mastodon, channel.bluesky],
      campaign: 'heart-month',
    });
    const id = p.json.post.id;
    assert.equal((await compliance.post(`/api/publisher/posts/${id}/decision`, { decision: 'approve' })).json.status, 'pending_approval');
    assert.equal(
      (await compliance.post(`/api/publisher/posts/${id}/decision`, { decision: 'approve' })).status,
      409,
      'same approver twice',
    );
    assert.equal((await admin.post(`/api/publisher/posts/${id}/decision`, { decision: 'approve' })).json.status, 'approved');
    await admin.request('PUT', '/api/publisher/settings', { approvalSteps: 1, approvalHours: 72, responseHours: 24 });
    assert.equal(await runPublishQueue(ctx()), 2);
    assert.equal(await runPublishQueue(ctx()), 0, 'nothing left');
    assert.equal(mastodon.own().filter((s) => s.content.includes('heart clinic')).length, 1);
    assert.equal(bluesky.own().filter((r) => r.value.text.includes('heart clinic')).length, 1);
    const state = await postState(id);
    assert.equal(state.status, 'published');
    assert.ok(state.targets.every((t: any) => t.status === 'published' && t.url));
    const dist = await ctx()
      .db.selectFrom('distribution_log')
      .select(['destination_kind', 'external_id'])
      .where('record_id', '=', id)
      .execute();
    assert.equal(dist.length, 2);
    assert.ok(dist.every((d) => d.destination_kind === 'network' && d.external_id));
    const archived = await ctx().db.selectFrom('archive_entries').select(['event', 'channel']).where('record_id', '=', id).execute();
    assert.ok(archived.some((a) => a.channel === `network:${channel.mastodon}`));
  });

  test('a scheduled post waits for its time', async () => {
    const at = later(90).toISOString();
    const id = await publishApproved('Blood drive next week, book a slot.', [channel.mastodon], { scheduledAt: at });
    assert.equal(await runPublishQueue(ctx()), 0);
    assert.equal(await runPublishQueue(ctx(), later(91)), 1);
    assert.equal((await postState(id)).status, 'published');
    const cal = await comms.get(
      `/api/publisher/posts?from=${encodeURIComponent(later(60).toISOString())}&to=${encodeURIComponent(later(120).toISOString())}`,
    );
    assert.deepEqual(
      cal.json.posts.map((p: any) => p.id),
      [id],
      'the calendar range finds it',
    );
  });

  test('429, 500 and a timeout after the network accepted: retried with backoff, posted exactly once', async () => {
    mastodon.fail({ match: /^POST \/api\/v1\/statuses$/, status: 429, retryAfterSeconds: 120 });
    const id = await publishApproved('Visiting hours change on Friday.', [channel.mastodon]);
    assert.equal(await runPublishQueue(ctx()), 1);
    let t = (await postState(id)).targets[0];
    assert.equal(t.status, 'queued');
    assert.match(t.lastError, /rate limited/);
    assert.ok(new Date(t.nextAttemptAt).getTime() >= Date.now() + 110_000, 'honours Retry-After');
    mastodon.fail({ match: /^POST \/api\/v1\/statuses$/, status: 500 });
    assert.equal(await runPublishQueue(ctx(), later(3)), 1);
    mastodon.fail({ match: /^POST \/api\/v1\/statuses$/, delayMs: 700, afterWork: true });
    assert.equal(await runPublishQueue(ctx(), later(10)), 1);
    t = (await postState(id)).targets[0];
    assert.equal(t.status, 'queued', 'the timeout looks like a failure to us');
    assert.equal(await runPublishQueue(ctx(), later(30)), 1);
    t = (await postState(id)).targets[0];
    assert.equal(t.status, 'published');
    assert.equal(t.attempts, 4);
    assert.equal(mastodon.own().filter((s) => s.content.includes('Visiting hours')).length, 1, 'never double-posted');
  });

  test('a send interrupted by a crash is picked up after its lock expires and not posted twice', async () => {
    const id = await publishApproved('Pharmacy closes early today.', [channel.bluesky]);
    // The process claimed it and the network accepted the post, then the process died before recording it.
    const target = await ctx()
      .db.selectFrom('publisher_targets')
      .select(['id', 'idempotency_key'])
      .where('post_id', '=', id)
      .executeTakeFirstOrThrow();
    bluesky.fail({ match: /createRecord/, delayMs: 700, afterWork: true });
    await runPublishQueue(ctx());
    await ctx()
      .db.updateTable('publisher_targets')
      .set({ status: 'publishing', locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', target.id)
      .execute();
    assert.equal(await runPublishQueue(ctx(), later(60)), 1);
    assert.equal((await postState(id)).status, 'published');
    assert.equal(bluesky.own().filter((r) => r.value.text.includes('Pharmacy closes')).length, 1);
  });

  test('a network that rejects the post fails it at once and tells the author; retry re-queues it', async () => {
    mastodon.fail({ match: /^POST \/api\/v1\/statuses$/, status: 422, body: { error: 'Validation failed: Text contains a banned link' } });
    const id = await publishApproved('See our site for details.', [channel.mastodon]);
    await runPublishQueue(ctx());
    const s = await postState(id);
    assert.equal(s.status, 'failed');
    assert.match(s.targets[0].lastError, /banned link/);
    assert.ok(
      (await comms.get('/api/notifications')).json.notifications.some((n: any) =>
        /could not be published to Harbor on Mastodon: the network rejected it/.test(n.title),
      ),
    );
    assert.equal((await comms.post(`/api/publisher/targets/${s.targets[0].id}/retry`)).status, 200);
    await runPublishQueue(ctx());
    assert.equal((await postState(id)).status, 'published');
  });

  test('approval requests expire; a rejected post never goes out', async () => {
    const p = await comms.post('/api/publisher/posts', { body: 'Stale request', channelIds: [channel.mastodon] });
    assert.ok((await expireApprovals(ctx().db, later(73 * 60))) >= 1);
    assert.equal((await postState(p.json.post.id)).status, 'expired');
    assert.equal((await compliance.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' })).status, 409);
    const q = await comms.post('/api/publisher/posts', { body: 'Not this one', channelIds: [channel.mastodon] });
    await compliance.post(`/api/publisher/posts/${q.json.post.id}/decision`, { decision: 'reject', note: 'Wrong tone' });
    assert.equal(await runPublishQueue(ctx()), 0);
    assert.equal((await postState(q.json.post.id)).status, 'rejected');
  });
});

describe('consents reach the networks', () => {
  const consentFor = async (name: string, extra: object = {}) => {
    const r = await compliance.post('/api/consents', {
      subject: { name, birthDate: '1961-03-14' },
      signature: { method: 'typed_signature', signedName: name },
      purpose: 'Patient story on our networks',
      destinations: ['public'],
      categories: ['SH01_NAME', 'SH03_DATE'],
      expiresAt: later(60 * 24 * 30).toISOString(),
      ...extra,
    });
    assert.equal(r.status, 201, r.text);
    return r.json.consent.id as string;
  };
  test('a revocation cancels scheduled posts and takes published ones down through the network; each step is a record', async () => {
    const mara = await consentFor('Mara Quinlan');
    const scheduled = await publishApproved('Mara Quinlan shares her recovery story next week.', [channel.mastodon], {
      scheduledAt: later(90).toISOString(),
      consentIds: [mara],
    });
    const live = await publishApproved('Thank you Mara Quinlan for sharing your story with us.', [channel.mastodon, channel.bluesky], {
      consentIds: [mara],
    });
    assert.equal(await runPublishQueue(ctx()), 2);
    assert.equal(mastodon.own().filter((s) => s.content.includes('Thank you Mara')).length, 1);
    const revoked = await compliance.post(`/api/consents/${mara}/revoke`);
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.json.cancelledTargets, 1);
    assert.equal(revoked.json.takedowns, 2);
    // The scheduled post never goes out, even when its time comes.
    assert.equal(await runPublishQueue(ctx(), later(91)), 0);
    assert.ok(!mastodon.own().some((s) => s.content.includes('recovery story')));
    assert.equal((await postState(scheduled)).status, 'cancelled');
    // Published copies are deleted on both networks.
    assert.equal(await runTakedownQueue(ctx()), 2);
    assert.equal(mastodon.own().filter((s) => s.content.includes('Thank you Mara')).length, 0);
    assert.equal(bluesky.own().filter((r) => r.value.text.includes('Thank you Mara')).length, 0);
    assert.ok((await postState(live)).targets.every((t: any) => t.status === 'taken_down'));
    const archived = await ctx()
      .db.selectFrom('archive_entries')
      .select('id')
      .where('record_id', '=', live)
      .where('event', '=', 'status')
      .execute();
    assert.ok(archived.length >= 3, 'published ×2 and taken down ×2 are records');
    const audit = await ctx().db.selectFrom('audit_log').select('action').where('target_id', '=', live).execute();
    assert.equal(audit.filter((a) => a.action === 'publisher.taken_down').length, 2);
  });
  test('a network that refuses the takedown alerts communications and compliance; expiry cascades like revocation', async () => {
    const ola = await consentFor('Ola Brennan');
    const id = await publishApproved('Ola Brennan ran the charity 5k for our ward!', [channel.mastodon], { consentIds: [ola] });
    assert.equal(await runPublishQueue(ctx()), 1);
    mastodon.faults.push({ match: /DELETE \/api\/v1\/statuses\//, status: 403, body: { error: 'This action is not allowed' }, times: 1 });
    await ctx()
      .db.updateTable('consents')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', ola)
      .execute();
    assert.equal(await lapseExpiredConsents(ctx().db), 1);
    assert.equal(await runTakedownQueue(ctx()), 1);
    const takedown = await ctx()
      .db.selectFrom('takedowns')
      .innerJoin('publisher_targets as t', 't.id', 'takedowns.target_id')
      .select('takedowns.status')
      .where('t.post_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(takedown.status, 'failed');
    const alerts = (await admin.get('/api/security/alerts?scope=organization')).json.alerts;
    assert.ok(alerts.some((a: any) => a.kind === 'takedown_failed'));
    assert.ok((await compliance.get('/api/notifications')).json.notifications.some((n: any) => /must come down/.test(n.title)));
    const expiredEntry = await ctx()
      .db.selectFrom('archive_entries')
      .select('content_hash')
      .where('record_kind', '=', 'consent')
      .where('record_id', '=', ola)
      .where('event', '=', 'status')
      .executeTakeFirst();
    assert.ok(expiredEntry, 'the expiry is archived: retention counts from it');
  });
  test('a post edited on the network before its takedown is still deleted, and the team is told', async () => {
    const kim = await consentFor('Kim Ashby');
    const id = await publishApproved('Kim Ashby finished her rehab programme today.', [channel.mastodon], { consentIds: [kim] });
    assert.equal(await runPublishQueue(ctx()), 1);
    const remote = mastodon.own().find((s) => s.content.includes('Kim Ashby'))!;
    remote.content = '<p>Kim Ashby (room 12) finished her rehab programme today.</p>';
    remote.edited_at = new Date().toISOString();
    await compliance.post(`/api/consents/${kim}/revoke`);
    assert.equal(await runTakedownQueue(ctx()), 1);
    assert.ok(!mastodon.own().some((s) => s.content.includes('Kim Ashby')));
    assert.ok((await comms.get('/api/notifications')).json.notifications.some((n: any) => /edited on the network/.test(n.title)));
    assert.equal((await postState(id)).targets[0].status, 'taken_down');
  });
  test('a consent names its subject: another person in the same post still needs their own', async () => {
    const lee = await consentFor('Lee Marsh');
    const both = await comms.post('/api/publisher/posts', {
      body: 'Lee Marsh and Jordan Blake were treated at our clinic last week.',
      channelIds: [channel.mastodon],
      consentIds: [lee],
    });
    assert.equal(both.status, 422, both.text);
    assert.equal(both.json.error.id, 'phi_consent_required');
    const birthday = await comms.post('/api/publisher/posts', {
      body: 'Happy birthday Lee Marsh, born 03/14/1961!',
      channelIds: [channel.mastodon],
      consentIds: [lee],
    });
    assert.equal(birthday.status, 201, `the subject's own birth date is covered: ${birthday.text}`);
    const stranger = await comms.post('/api/publisher/posts', {
      body: 'Happy birthday Lee Marsh! And to Sam Ortiz, born 05/02/1970.',
      channelIds: [channel.mastodon],
      consentIds: [lee],
    });
    assert.equal(stranger.status, 422);
  });
});

describe('channel security', () => {
  test('a revoked token marks the channel revoked and alerts admins; queued posts wait instead of failing', async () => {
    const original = mastodon.state.token;
    mastodon.state.token = 'rotated-by-someone-else';
    assert.equal(await checkAllChannels(ctx()), 1);
    const c = (await comms.get('/api/publisher/channels')).json.channels.find((x: any) => x.id === channel.mastodon);
    assert.equal(c.status, 'revoked');
    const alerts = (await admin.get('/api/security/alerts?scope=organization')).json.alerts;
    assert.ok(alerts.some((a: any) => a.kind === 'channel_revoked'));
    const id = await publishApproved('Waiting for reconnection', [channel.bluesky]);
    await runPublishQueue(ctx());
    assert.equal((await postState(id)).status, 'published', 'other channels carry on');
    mastodon.state.token = original;
    assert.equal((await admin.request('PUT', `/api/publisher/channels/${channel.mastodon}/active`, { active: true })).status, 200);
  });

  test('a token that now belongs to another account pauses the channel', async () => {
    const real = mastodon.state.account.id;
    mastodon.state.account.id = '999';
    await checkAllChannels(ctx());
    const c = (await comms.get('/api/publisher/channels')).json.channels.find((x: any) => x.id === channel.mastodon);
    assert.equal(c.status, 'paused');
    assert.match(c.statusReason, /another account/);
    mastodon.state.account.id = real;
    assert.equal((await admin.request('PUT', `/api/publisher/channels/${channel.mastodon}/active`, { active: true })).status, 200);
  });
});

describe('unified inbox', () => {
  test('replies, mentions and reviews arrive once; responses pass the guard and go back in thread; late items alert', async () => {
    const ours = mastodon.own()[0]!;
    mastodon.mention({ acct: 'sam@elsewhere.social', name: 'Sam' }, 'Is the clinic wheelchair accessible?', { inReplyTo: ours.id });
    const bskyPost = bluesky.own()[0];
    await bluesky.mention({ handle: 'riley.bsky.social', name: 'Riley' }, 'Do you take walk-ins?', bskyPost.uri);
    reviews.review('Jordan Lee', 1, 'Waited three hours, nobody told us anything.');
    assert.equal(await pollInbox(ctx()), 3);
    assert.equal(await pollInbox(ctx()), 0, 'not twice');
    const items = (await comms.get('/api/publisher/inbox')).json.items;
    assert.equal(items.length, 3);
    const review = items.find((i: any) => i.kind === 'review');
    assert.equal(review.rating, 1);
    assert.ok(new Date(review.dueAt).getTime() > Date.now());
    assert.equal((await patient.get('/api/publisher/inbox')).status, 404);

    const templates = await comms.post('/api/publisher/templates', {
      name: 'Apology',
      body: 'We are sorry about your wait. Please contact our patient relations team so we can look into it.',
    });
    assert.equal(templates.status, 201);
    assert.equal(
      (
        await comms.request('PATCH', `/api/publisher/inbox/${review.id}`, {
          assigneeId: org.actors[org.email('communications')].userId,
          tags: ['Complaint', 'wait-times'],
        })
      ).status,
      200,
    );
    const phi = await comms.post(`/api/publisher/inbox/${review.id}/responses`, {
      body: 'Jordan, we checked your chart from your visit on 3/14 and your MRN 4471230.',
    });
    assert.ok([409, 422].includes(phi.status), 'the guard stops PHI in public replies');
    const ok = await comms.post(`/api/publisher/inbox/${review.id}/responses`, { body: templates.json.template.body });
    assert.equal(ok.status, 201, ok.text);
    const sam = items.find((i: any) => i.from.name === 'Sam');
    assert.equal(
      (await comms.post(`/api/publisher/inbox/${sam.id}/responses`, { body: 'Yes, every entrance has step-free access.' })).status,
      201,
    );
    assert.equal(await runResponseQueue(ctx()), 2);
    assert.equal(reviews.state.reviews[0].reviewReply.comment, templates.json.template.body);
    const reply = mastodon.own().find((s) => s.content.includes('step-free'));
    assert.ok(reply, 'reply posted');
    assert.equal(reply.in_reply_to_id, mastodon.state.notifications.at(-1).status.id);
    const after = (await comms.get('/api/publisher/inbox?status=all')).json.items.find((i: any) => i.id === review.id);
    assert.equal(after.status, 'responded');
    assert.deepEqual(after.tags, ['complaint', 'wait-times']);

    assert.equal(await alertSlaBreaches(ctx().db, later(60 * 24 * 7)), 1, 'only the unanswered one is late');
    assert.equal(await alertSlaBreaches(ctx().db, later(60 * 24 * 8)), 0, 'alerted once');
    assert.ok(
      (await comms.get('/api/notifications')).json.notifications.some((n: any) => /Response time target missed: Riley/.test(n.title)),
    );
  });
});

describe('analytics', () => {
  test('engagement from the networks, response times, SLA breaches and compliance figures; CSV export', async () => {
    for (const s of mastodon.own()) s.favourites_count = 3;
    assert.ok((await collectMetrics(ctx())) >= 3);
    const a = (await compliance.get('/api/publisher/analytics?days=7')).json;
    const m = a.channels.find((c: any) => c.network === 'mastodon');
    assert.ok(m.posts >= 3);
    assert.equal(m.likes, m.posts * 3);
    assert.equal(a.inbox.received, 3);
    assert.equal(a.inbox.responded, 2);
    assert.ok(a.inbox.slaBreaches >= 1, `breaches ${a.inbox.slaBreaches}`);
    assert.ok(Object.keys(a.compliance.blockedByCategory).length >= 1, JSON.stringify(a.compliance));
    assert.ok(a.compliance.postsByStatus.published >= 4);
    assert.ok(a.compliance.postsByStatus.expired >= 1);
    const csv = await compliance.get('/api/publisher/analytics.csv?days=7');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(csv.text, /published_at,channel,network,campaign,excerpt,likes/);
    assert.match(csv.text, /heart-month/);
    const staff = (await compliance.get('/api/oversight/staff?days=7')).json.staff.find(
      (s: any) => s.userId === org.actors[org.email('communications')].userId,
    );
    assert.ok(staff.networkPosts >= 8, 'the oversight dashboard counts posts to public networks');
    assert.equal(staff.inboxResponses, 2);
  });
});
