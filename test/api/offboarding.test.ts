import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
});
after(() => server.close());

describe('offboarding a departed staff member', () => {
  test('deactivation ends sessions at once, refuses sign-in, flags channels, holds scheduled posts, keeps content; reactivation restores', async () => {
    const [admin, comms, officer] = await Promise.all(['admin', 'communications', 'compliance'].map((r) => signedIn(server, org, r)));
    const community = (await comms.post('/api/communities', { name: 'News', slug: 'news', visibility: 'members' })).json.community.id;
    const written = (await comms.post(`/api/communities/${community}/posts`, { body: 'Clinic hours change next week.' })).json.post.id;
    const channel = (await comms.post('/api/publisher/channels', { network: 'sandbox', name: 'Practice' })).json.channel.id;
    const scheduledAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const p = await comms.post('/api/publisher/posts', { body: 'Flu shots start Monday.', channelIds: [channel], scheduledAt });
    assert.equal(p.status, 201, p.text);
    const approved = await admin.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve', note: '' });
    assert.equal(approved.status, 200, approved.text);
    const status = async () => (await admin.get('/api/publisher/posts')).json.posts.find((x: any) => x.id === p.json.post.id).status;
    assert.equal(await status(), 'approved');

    assert.equal((await admin.post(`/api/org/members/${org.userId('admin')}/deactivate`, {})).status, 400, 'not yourself');
    assert.equal((await officer.post(`/api/org/members/${org.userId('communications')}/deactivate`, {})).status, 404, 'admins only');
    const off = await admin.post(`/api/org/members/${org.userId('communications')}/deactivate`, { reason: 'Left the hospital' });
    assert.equal(off.status, 200, off.text);
    assert.deepEqual(off.json, { sessionsEnded: 1, channelsFlagged: 1, postsHeld: 1, role: 'communications' });
    assert.equal((await admin.post(`/api/org/members/${org.userId('communications')}/deactivate`, {})).status, 409, 'once');

    assert.equal((await comms.get('/api/notifications')).status, 401, 'the open session ends at once');
    const again = new Client(server.url);
    const login = await again.request('POST', '/api/auth/login', { email: org.email('communications'), password: PASSWORD });
    assert.equal(login.status, 403);
    assert.equal(login.json.error.id, 'account_deactivated');
    const wrong = await again.request('POST', '/api/auth/login', { email: org.email('communications'), password: 'not-the-password-1' });
    assert.equal(wrong.status, 401, 'a wrong password says nothing about the account');

    const channels = (await admin.get('/api/publisher/channels')).json.channels;
    assert.ok(channels.find((c: any) => c.id === channel).ownerDepartedAt, 'the channel is flagged for someone to take over');
    assert.equal((await admin.post(`/api/publisher/channels/${channel}/take-over`)).status, 200);
    assert.equal((await admin.get('/api/publisher/channels')).json.channels.find((c: any) => c.id === channel).ownerDepartedAt, null);

    assert.equal(await status(), 'pending_approval', 'the scheduled post is held for review');
    const sameApprover = await admin.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve', note: '' });
    assert.equal(sameApprover.status, 409, 'someone who has not approved it before takes the fresh look');
    assert.equal((await officer.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve', note: '' })).status, 200);
    assert.equal(await status(), 'approved');

    const patient = await signedIn(server, org, 'patient');
    await patient.post(`/api/communities/${community}/join`, { pseudonym: null });
    assert.equal((await patient.get(`/api/posts/${written}`)).status, 200, 'what they wrote stays');

    const members = (await admin.get('/api/org/members')).json.members;
    assert.ok(members.find((m: any) => m.id === org.userId('communications')).deactivatedAt);
    assert.equal((await admin.post(`/api/org/members/${org.userId('communications')}/reactivate`)).status, 200);
    const back = new Client(server.url);
    await back.login(org.email('communications'), PASSWORD);
    assert.equal((await back.get('/api/notifications')).status, 200);

    const report = (await admin.get('/api/org/offboarding')).json.changes;
    assert.deepEqual(
      report.map((c: any) => [c.change, c.member, c.by]),
      [
        ['reactivated', org.actors[org.email('communications')].displayName, org.actors[org.email('admin')].displayName],
        ['deactivated', org.actors[org.email('communications')].displayName, org.actors[org.email('admin')].displayName],
      ],
    );
    assert.equal(report[1].reason, 'Left the hospital');
    const audit = (await admin.get('/api/audit?action=member.')).json.events.map((e: any) => e.action);
    assert.deepEqual(audit.slice(0, 2), ['member.reactivated', 'member.deactivated']);
  });
});
