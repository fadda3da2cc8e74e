import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeDevice } from '../../src/accounts/devices.ts';
import { currentTotp } from '../../src/security/totp.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

test('devices are named as people know them', () => {
  assert.equal(describeDevice(FIREFOX_WINDOWS), 'Firefox on Windows');
  assert.equal(describeDevice(SAFARI_IPHONE), 'Safari on iPhone');
  assert.equal(
    describeDevice(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    ),
    'Edge on Windows',
  );
  assert.equal(
    describeDevice('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'),
    'Chrome on Android',
  );
  assert.equal(describeDevice(null), 'Unknown device');
});

test('a person sees where they are signed in and signs one device out; not anyone else’s', async () => {
  const org = await createTestOrg(server.ctx);
  const laptop = new Client(server.url);
  await laptop
    .request('POST', '/api/auth/login', { email: org.email('patient'), password: PASSWORD }, { 'user-agent': FIREFOX_WINDOWS })
    .then((r) => {
      laptop.csrf = r.json.csrfToken;
    });
  const phone = new Client(server.url);
  await phone
    .request('POST', '/api/auth/login', { email: org.email('patient'), password: PASSWORD }, { 'user-agent': SAFARI_IPHONE })
    .then((r) => {
      phone.csrf = r.json.csrfToken;
    });
  const listed = await laptop.get('/api/auth/sessions');
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.json.sessions.length, 2);
  const here = listed.json.sessions.find((s: any) => s.current);
  const there = listed.json.sessions.find((s: any) => !s.current);
  assert.equal(here.device, 'Firefox on Windows');
  assert.equal(there.device, 'Safari on iPhone');
  assert.ok(there.network);

  const other = await signedIn(server, org, 'patient2');
  assert.equal((await other.delete(`/api/auth/sessions/${there.id}`)).status, 404, 'someone else’s session is not theirs to end');
  assert.equal((await laptop.delete('/api/auth/sessions/not-a-session')).status, 400);
  assert.equal((await laptop.delete(`/api/auth/sessions/${there.id}`)).status, 200);
  assert.equal((await phone.get('/api/notifications')).status, 401, 'the phone is signed out at once');
  assert.equal((await laptop.get('/api/notifications')).status, 200, 'this device stays');
  assert.equal((await laptop.delete(`/api/auth/sessions/${there.id}`)).status, 404, 'once');
});

test('two-factor setup shows a QR code drawn by the server; an administrator resets a lost phone, audited and mailed', async () => {
  const org = await createTestOrg(server.ctx);
  const clinician = await signedIn(server, org, 'clinician');
  const setup = await clinician.post('/api/security/2fa/setup');
  assert.equal(setup.status, 200, setup.text);
  assert.match(setup.json.qrSvg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.doesNotMatch(setup.json.qrSvg, /<script|href=/, 'a plain drawing');
  assert.equal((await clinician.post('/api/security/2fa/enable', { code: currentTotp(setup.json.secret) })).status, 200);

  const [admin, officer] = await Promise.all(['admin', 'compliance'].map((r) => signedIn(server, org, r)));
  assert.equal((await officer.post(`/api/org/members/${org.userId('clinician')}/reset-2fa`)).status, 404, 'administrators only');
  assert.equal((await admin.post(`/api/org/members/${org.userId('admin')}/reset-2fa`)).status, 400, 'not your own');
  const reset = await admin.post(`/api/org/members/${org.userId('clinician')}/reset-2fa`);
  assert.equal(reset.status, 200, reset.text);
  assert.equal((await clinician.get('/api/notifications')).status, 401, 'signed out everywhere');
  const again = new Client(server.url);
  const login = await again.post('/api/auth/login', { email: org.email('clinician'), password: PASSWORD });
  assert.equal(login.status, 200);
  assert.equal(login.json.secondFactor, undefined, 'the password alone signs in until they enroll again');
  const mail = await server.ctx.db
    .selectFrom('mail_outbox')
    .select(['subject', 'body'])
    .where('to_address', '=', org.email('clinician'))
    .where('subject', '=', 'Your two-factor sign-in was reset')
    .execute();
  assert.equal(mail.length, 1);
  assert.doesNotMatch(mail[0].body, /https?:/, 'no link to phish with');
  const audit = (await officer.get('/api/audit?action=security.2fa_reset')).json.events;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].target_name, org.actors[org.email('clinician')].displayName);
});
