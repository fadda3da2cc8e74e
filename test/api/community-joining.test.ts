import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

/**
 * Patients join by themselves, from outside over HTTP: an invitation link set by the organization, the
 * community's rules accepted, a pseudonym chosen, the email verified before anything exists; optional
 * approval, email domains and an access code; links that expire, run out or are withdrawn.
 */
let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let community: string;
const PASSWORD = 'a tide pool of blue herons';
const RULES = 'Be kind. No medical advice in place of your care team. No names of other patients.';

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  other = await createTestOrg(server.ctx);
  const comms = await signedIn(server, org, 'communications');
  community = (await comms.post('/api/communities', { name: 'Kidney Circle', slug: 'kidney', visibility: 'private' })).json.community.id;
  assert.equal((await comms.put(`/api/communities/${community}/rules`, { rules: RULES })).status, 200);
});
after(() => server?.close());

const newLink = async (body: Record<string, unknown> = {}) => {
  const comms = await signedIn(server, org, 'communications');
  const r = await comms.post(`/api/communities/${community}/join-links`, body);
  assert.equal(r.status, 201, r.text);
  return r.json.link as { id: string; code: string; path: string };
};

/** The verification link mailed to an address (the mail is queued just after the answer). */
async function mailedLink(address: string, kind: 'verify-email' | 'join'): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const rows = await server.ctx.db
      .selectFrom('mail_outbox')
      .select('body')
      .where('to_address', '=', address)
      .orderBy('created_at', 'desc')
      .execute();
    const m = rows.map((r) => new RegExp(`/${kind}[#/]([A-Za-z0-9_-]+)`).exec(r.body ?? '')).find(Boolean);
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no ${kind} link mailed to ${address}`);
}

const signup = (code: string, body: Record<string, unknown>) =>
  new Client(server.url).post(`/api/join/${code}/signup`, {
    displayName: 'Dana Whitcombe',
    password: PASSWORD,
    acceptRules: true,
    ...body,
  });

describe('joining a community by invitation', () => {
  test('from the link to a member with a pseudonym: rules accepted, email verified, signed in', async () => {
    const link = await newLink({ label: 'Clinic waiting room poster' });
    assert.match(link.code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const anonymous = new Client(server.url);
    // The invitation page needs no account; a code typed by hand in lower case without the dash works too.
    const page = await anonymous.get(`/api/join/${link.code.replace('-', '').toLowerCase()}`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.json.community.name, 'Kidney Circle');
    assert.equal(page.json.community.rules, RULES);
    assert.equal(page.json.requiresApproval, false);

    const email = `dana.${Date.now()}@mail.example`;
    const noRules = await signup(link.code, { email, acceptRules: false });
    assert.equal(noRules.status, 400);
    assert.match(noRules.json.error.message, /acceptRules/);
    const weak = await signup(link.code, { email, password: 'password1' });
    assert.equal(weak.status, 422);
    assert.equal(weak.json.error.id, 'weak_password');
    const asked = await signup(link.code, { email, pseudonym: 'RiverStone' });
    assert.equal(asked.status, 202, asked.text);
    assert.equal(
      await server.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(),
      undefined,
      'nothing exists until the email is verified',
    );

    const token = await mailedLink(email, 'verify-email');
    const browser = new Client(server.url);
    const verified = await browser.post('/api/join/verify', { token });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.json.session.role, 'patient');
    assert.equal(verified.json.communityId, community);
    assert.equal(verified.json.pending, false);
    browser.csrf = verified.json.csrfToken;
    const seen = await browser.get(`/api/communities/${community}`);
    assert.equal(seen.status, 200, 'a private community, reached through its invitation');
    assert.deepEqual(seen.json.community.membership, { role: 'member', pseudonym: 'RiverStone' });
    const member = await server.ctx.db
      .selectFrom('community_members')
      .select('rules_accepted_at')
      .where('community_id', '=', community)
      .where('user_id', '=', verified.json.session.user.id)
      .executeTakeFirstOrThrow();
    assert.ok(member.rules_accepted_at, 'when the rules were accepted is kept');
    const again = await new Client(server.url).post('/api/join/verify', { token });
    assert.equal(again.status, 400);
    assert.equal(again.json.error.id, 'invitation_expired');

    // Signing up again with the same address creates nothing: that person is reminded to sign in.
    const twice = await signup(link.code, { email, displayName: 'Someone Else' });
    assert.equal(twice.status, 202, 'the same answer as for a new address');
    assert.equal(await mailedLink(email, 'join'), link.code);
    assert.equal((await server.ctx.db.selectFrom('users').select('id').where('email', '=', email).execute()).length, 1);
  });

  test('a link limited to an email domain and an access code handed out in person', async () => {
    const link = await newLink({ emailDomains: ['bayview.example'], accessCode: 'HARBOR24' });
    const page = await new Client(server.url).get(`/api/join/${link.code}`);
    assert.equal(page.json.needsAccessCode, true);
    assert.deepEqual(page.json.emailDomains, ['bayview.example']);
    const wrongDomain = await signup(link.code, { email: 'pat@elsewhere.example', accessCode: 'HARBOR24' });
    assert.equal(wrongDomain.status, 400);
    assert.match(wrongDomain.json.error.message, /bayview\.example/);
    const wrongCode = await signup(link.code, { email: 'pat@bayview.example', accessCode: 'HARBOR25' });
    assert.equal(wrongCode.status, 400);
    assert.match(wrongCode.json.error.message, /access code/);
    const ok = await signup(link.code, { email: 'pat@staff.bayview.example', accessCode: 'harbor24' });
    assert.equal(ok.status, 202, 'a subdomain counts, and the access code is not case-sensitive');
  });

  test('with approval: a join request the moderators are told about, decided once', async () => {
    const link = await newLink({ requiresApproval: true });
    const email = `lee.${Date.now()}@mail.example`;
    assert.equal((await signup(link.code, { email, displayName: 'Lee Okonkwo' })).status, 202);
    const browser = new Client(server.url);
    const verified = await browser.post('/api/join/verify', { token: await mailedLink(email, 'verify-email') });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.json.pending, true);
    browser.csrf = verified.json.csrfToken;
    assert.equal((await browser.get(`/api/communities/${community}`)).status, 404, 'not a member until approved');

    const comms = await signedIn(server, org, 'communications');
    const told = (await comms.get('/api/notifications')).json.notifications.some((n: any) => /asks to join Kidney Circle/.test(n.title));
    assert.ok(told, 'the moderators are told');
    const requests = (await comms.get(`/api/communities/${community}/join-requests`)).json.requests;
    assert.equal(requests.length, 1);
    assert.equal(requests[0].name, 'Lee Okonkwo');
    const outsider = await signedIn(server, other, 'admin');
    assert.equal((await outsider.post(`/api/join-requests/${requests[0].id}/decision`, { decision: 'approve' })).status, 404);
    assert.equal((await comms.post(`/api/join-requests/${requests[0].id}/decision`, { decision: 'approve' })).status, 200);
    assert.equal((await comms.post(`/api/join-requests/${requests[0].id}/decision`, { decision: 'decline' })).status, 404, 'decided once');
    assert.equal((await browser.get(`/api/communities/${community}`)).status, 200);
    const welcome = (await browser.get('/api/notifications')).json.notifications.some((n: any) =>
      /now a member of Kidney Circle/.test(n.title),
    );
    assert.ok(welcome);
  });

  test('links run out, expire and are withdrawn; another organization cannot see or use them', async () => {
    const once = await newLink({ maxUses: 1 });
    const first = `first.${Date.now()}@mail.example`;
    const second = `second.${Date.now()}@mail.example`;
    assert.equal((await signup(once.code, { email: first })).status, 202);
    assert.equal((await signup(once.code, { email: second })).status, 202);
    const t1 = await mailedLink(first, 'verify-email');
    const t2 = await mailedLink(second, 'verify-email');
    assert.equal((await new Client(server.url).post('/api/join/verify', { token: t1 })).status, 200);
    const late = await new Client(server.url).post('/api/join/verify', { token: t2 });
    assert.equal(late.status, 400);
    assert.equal(late.json.error.id, 'invitation_expired');
    assert.equal(
      await server.ctx.db.selectFrom('users').select('id').where('email', '=', second).executeTakeFirst(),
      undefined,
      'no half-made account',
    );

    const past = await (
      await signedIn(server, org, 'communications')
    ).post(`/api/communities/${community}/join-links`, {
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    assert.equal(past.status, 400);

    const withdrawn = await newLink();
    const outsider = await signedIn(server, other, 'admin');
    assert.equal((await outsider.get(`/api/communities/${community}/join-links`)).status, 404);
    assert.equal((await outsider.delete(`/api/join-links/${withdrawn.id}`)).status, 404);
    const outsiderJoin = await outsider.post(`/api/join/${withdrawn.code}`, { acceptRules: true });
    assert.equal(outsiderJoin.status, 400, 'a session of another organization cannot join with it');
    const patient = await signedIn(server, org, 'patient');
    assert.equal((await patient.get(`/api/communities/${community}/join-links`)).status, 404, 'patients do not manage links');
    const comms = await signedIn(server, org, 'communications');
    assert.equal((await comms.delete(`/api/join-links/${withdrawn.id}`)).status, 200);
    const gone = await new Client(server.url).get(`/api/join/${withdrawn.code}`);
    assert.equal(gone.status, 400);
    assert.equal(gone.json.error.id, 'invitation_expired');
    assert.equal((await new Client(server.url).get('/api/join/NOT-A-CODE')).status, 404);
  });

  test('a signed-in patient joins with a link; joining a community with rules means accepting them', async () => {
    const link = await newLink();
    const patient = await signedIn(server, org, 'patient2');
    const refused = await patient.post(`/api/join/${link.code}`, { pseudonym: 'Heron' });
    assert.equal(refused.status, 400);
    const joined = await patient.post(`/api/join/${link.code}`, { pseudonym: 'Heron', acceptRules: true });
    assert.equal(joined.status, 200, joined.text);
    assert.deepEqual(joined.json, { communityId: community, pending: false });

    const comms = await signedIn(server, org, 'communications');
    const open = (await comms.post('/api/communities', { name: 'Open Kidney Talk', slug: 'kidney-talk', visibility: 'members' })).json
      .community.id;
    await comms.put(`/api/communities/${open}/rules`, { rules: 'Be kind.' });
    const other = await signedIn(server, org, 'patient');
    assert.equal((await other.get(`/api/communities/${open}/rules`)).json.rules, 'Be kind.');
    const without = await other.post(`/api/communities/${open}/join`, { pseudonym: null });
    assert.equal(without.status, 400);
    assert.match(without.json.error.message, /acceptRules/);
    assert.equal((await other.post(`/api/communities/${open}/join`, { pseudonym: null, acceptRules: true })).status, 200);
  });
});
