import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { signInAtProvider, startOAuthProvider } from '../helpers/oauth-provider.ts';

let server: TestServer;
let idp: Awaited<ReturnType<typeof startOAuthProvider>>;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let admin: Client;

const ACCOUNTS: Record<string, Record<string, unknown>> = {
  'nurse.jones': { email: 'nurse.jones@hospital.example', email_verified: true, name: 'Nurse Jones', groups: ['Harborline-Clinicians'] },
  'comms.lee': {
    email: 'comms.lee@hospital.example',
    email_verified: true,
    name: 'Lee Comms',
    groups: ['Harborline-Clinicians', 'Harborline-Comms'],
  },
  'no.group': { email: 'no.group@hospital.example', email_verified: true, name: 'No Group', groups: ['Finance'] },
  unverified: { email: 'unverified@hospital.example', email_verified: false, name: 'Not Verified', groups: ['Harborline-Clinicians'] },
  elsewhere: { email: 'placeholder@elsewhere.example', email_verified: true, name: 'Someone Else', groups: ['Harborline-Clinicians'] },
};

before(async () => {
  server = await startTestServer();
  idp = await startOAuthProvider({
    clientId: 'harborline-hospital',
    clientSecret: 'hospital-client-secret-0123456789',
    redirectUri: `${server.url}/api/auth/sso/callback`,
    scopes: [],
    accounts: ACCOUNTS,
  });
  org = await createTestOrg(server.ctx);
  admin = await signedIn(server, org, 'admin');
});
after(async () => {
  await idp.close();
  await server.close();
});

const settings = (extra: object = {}) => ({
  kind: 'oidc',
  issuer: idp.issuer,
  clientId: 'harborline-hospital',
  clientSecret: 'hospital-client-secret-0123456789',
  groupsClaim: 'groups',
  roleMap: { 'Harborline-Clinicians': 'clinician', 'Harborline-Comms': 'communications' },
  defaultRole: null,
  requireForStaff: false,
  ...extra,
});

/** A browser: starts at our sign-in link, signs in at the provider, and comes back; answers the callback URL and its cookie. */
async function roundTrip(login: string, slug = org.slug) {
  const start = await fetch(`${server.url}/api/auth/sso/${slug}`, { redirect: 'manual' });
  assert.equal(start.status, 302, await start.text());
  const cookie = start.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const callback = await signInAtProvider(start.headers.get('location')!, server.url, { login });
  return { callback, cookie };
}
async function finish(callback: string, cookie: string) {
  const res = await fetch(callback, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('hl_session='));
  return { location: res.headers.get('location'), session: session?.split(';')[0] };
}
async function sessionOf(sessionCookie: string) {
  const res = await fetch(`${server.url}/api/session`, { headers: { cookie: sessionCookie } });
  const body: any = await res.json();
  return { status: res.status, body };
}

describe('single sign-on with the organization’s OpenID Connect provider', () => {
  test('administrators connect the provider; a wrong issuer is refused, not stored', async () => {
    const unreachable = await admin.put('/api/org/sso', settings({ issuer: 'http://127.0.0.1:9/' }));
    assert.equal(unreachable.status, 400);
    assert.equal(unreachable.json.error.id, 'sso_misconfigured');
    const plain = await admin.put('/api/org/sso', settings({ issuer: 'http://idp.hospital.example/' }));
    assert.equal(plain.status, 400, 'an http issuer off this machine is refused');
    assert.equal((await admin.get('/api/org/sso')).json.provider, null);
    const patient = await signedIn(server, org, 'patient');
    assert.equal((await patient.put('/api/org/sso', settings())).status, 404);
    const ok = await admin.put('/api/org/sso', settings());
    assert.equal(ok.status, 200, ok.text);
    const stored = (await admin.get('/api/org/sso')).json;
    assert.equal(stored.provider.issuer, idp.issuer);
    assert.ok(!JSON.stringify(stored).includes('hospital-client-secret'), 'the secret is never shown');
    assert.equal(stored.oidc.redirectUri, `${server.url}/api/auth/sso/callback`);
    const row = await server.ctx.db.selectFrom('identity_providers').select('client_secret').executeTakeFirstOrThrow();
    assert.ok(row.client_secret && !row.client_secret.includes('hospital-client-secret'), 'sealed at rest');
  });

  test('first sign-in creates the account with the role its groups map to (the highest of them); the next one signs in', async () => {
    const { callback, cookie } = await roundTrip('nurse.jones');
    assert.match(callback, /[?&]code=/);
    const done = await finish(callback, cookie);
    assert.equal(done.location, '/');
    assert.ok(done.session, 'a session');
    const me = await sessionOf(done.session);
    assert.equal(me.status, 200);
    assert.equal(me.body.session.user.email, 'nurse.jones@hospital.example');
    assert.equal(me.body.session.user.displayName, 'Nurse Jones');
    assert.equal(me.body.session.role, 'clinician');

    const lee = await roundTrip('comms.lee');
    const leeSession = (await finish(lee.callback, lee.cookie)).session!;
    assert.equal((await sessionOf(leeSession)).body.session.role, 'communications', 'the highest mapped role');
    const again = await roundTrip('nurse.jones');
    assert.ok((await finish(again.callback, again.cookie)).session, 'the next sign-in finds the same account');
    const audit = (await (await signedIn(server, org, 'compliance')).get('/api/audit?action=sso.member_created')).json.events;
    assert.equal(audit.length, 2);
  });

  test('replayed, tampered, other-browser and unverified answers are refused and audited, never a session', async () => {
    const first = await roundTrip('nurse.jones');
    assert.ok((await finish(first.callback, first.cookie)).session);
    const replay = await finish(first.callback, first.cookie);
    assert.equal(replay.session, undefined);
    assert.equal(replay.location, '/?sso_error=sso_failed');

    const other = await roundTrip('nurse.jones');
    assert.equal((await finish(other.callback, '')).session, undefined, 'a flow begun in another browser does not finish here');

    const tampered = await roundTrip('nurse.jones');
    const forged = new URL(tampered.callback);
    forged.searchParams.set('code', 'forged-code');
    assert.equal((await finish(forged.href, tampered.cookie)).session, undefined);

    const unverified = await roundTrip('unverified');
    assert.equal((await finish(unverified.callback, unverified.cookie)).session, undefined, 'an unverified email is not trusted');

    const noGroup = await roundTrip('no.group');
    const refused = await finish(noGroup.callback, noGroup.cookie);
    assert.equal(refused.session, undefined);
    assert.equal(refused.location, '/?sso_error=forbidden');

    const officer = await signedIn(server, org, 'compliance');
    const failures = (await officer.get('/api/audit?action=auth.sso_failed')).json.events.map((e: any) => e.detail.reason);
    for (const reason of ['other_browser', 'token_refused', 'no_role']) assert.ok(failures.includes(reason), reason);
    // A used state names no organization any more: that refusal is in the system's own audit chain.
    const system = await server.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('org_id', 'is', null)
      .where('action', '=', 'auth.sso_failed')
      .execute();
    assert.ok(system.some((e) => (e.detail as { reason?: string }).reason === 'unknown_or_used_state'));
    const unknown = await fetch(`${server.url}/api/auth/sso/no-such-org`, { redirect: 'manual' });
    assert.equal(unknown.status, 303, 'a mistyped short name goes back to the sign-in page with the reason');
    assert.equal(unknown.headers.get('location'), '/?sso_error=not_found');
  });

  test('an account of another organization is not taken over by this provider’s say-so', async () => {
    const other = await createTestOrg(server.ctx);
    ACCOUNTS.elsewhere.email = other.email('patient');
    const trip = await roundTrip('elsewhere');
    const done = await finish(trip.callback, trip.cookie);
    assert.equal(done.session, undefined);
    assert.equal(done.location, '/?sso_error=sso_failed');
  });

  test('required for staff: staff passwords stop working; patients and the break-glass administrator keep theirs', async () => {
    const { clientSecret: _kept, ...withoutSecret } = settings({ requireForStaff: true });
    assert.equal((await admin.put('/api/org/sso', withoutSecret)).status, 200, 'the stored secret is kept');
    const clinician = await new Client(server.url).request('POST', '/api/auth/login', {
      email: org.email('clinician'),
      password: PASSWORD,
    });
    assert.equal(clinician.status, 403);
    assert.equal(clinician.json.error.id, 'sso_required');
    const patient = await new Client(server.url).request('POST', '/api/auth/login', { email: org.email('patient'), password: PASSWORD });
    assert.equal(patient.status, 200);
    const breakGlass = await new Client(server.url).request('POST', '/api/auth/login', { email: org.email('admin'), password: PASSWORD });
    assert.equal(breakGlass.status, 200);
    const sso = await roundTrip('nurse.jones');
    assert.ok((await finish(sso.callback, sso.cookie)).session, 'staff sign in through the provider');
  });
});
