import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { assertionXml, signingKeyPair, startSamlIdp, type SamlPerson } from '../helpers/saml-idp.ts';

let server: TestServer;
let idp: Awaited<ReturnType<typeof startSamlIdp>>;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let admin: Client;

const PEOPLE: Record<string, SamlPerson> = {
  'dr.amari': { subject: 'entra-0001', email: 'dr.amari@hospital.example', name: 'Dr Amari', groups: ['HL-Clinicians'] },
  'comms.chen': { subject: 'entra-0002', email: 'comms.chen@hospital.example', name: 'Chen Comms', groups: ['HL-Clinicians', 'HL-Comms'] },
  'finance.fay': { subject: 'entra-0003', email: 'finance.fay@hospital.example', name: 'Fay Finance', groups: ['Finance'] },
};

before(async () => {
  server = await startTestServer();
  idp = await startSamlIdp({ people: PEOPLE });
  org = await createTestOrg(server.ctx);
  admin = await signedIn(server, org, 'admin');
});
after(async () => {
  await idp.close();
  await server.close();
});

const sp = () => ({
  acsUrl: `${server.url}/api/auth/saml/${org.slug}/acs`,
  audience: `${server.url}/api/auth/saml/${org.slug}/metadata`,
});
const settings = (extra: object = {}) => ({
  kind: 'saml',
  entityId: idp.entityId,
  ssoUrl: idp.ssoUrl,
  certificate: idp.certificate,
  groupsClaim: 'groups',
  roleMap: { 'HL-Clinicians': 'clinician', 'HL-Comms': 'communications' },
  defaultRole: null,
  requireForStaff: false,
  ...extra,
});

/** The IdP's auto-submitting form, posted as the browser would; answers where we sent it and any session. */
async function postToAcs(samlResponse: string, acsUrl = sp().acsUrl) {
  const res = await fetch(acsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '' }),
    redirect: 'manual',
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('hl_session='));
  return { status: res.status, location: res.headers.get('location'), session: session?.split(';')[0] };
}
const formOf = (html: string) => ({
  action: /action="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&'),
  samlResponse: /name="SAMLResponse" value="([^"]+)"/.exec(html)![1],
});

/** SP-initiated: our sign-in link, the IdP's page, its answer (not posted yet). */
async function spInitiated(login: string) {
  const start = await fetch(`${server.url}/api/auth/sso/${org.slug}`, { redirect: 'manual' });
  assert.equal(start.status, 302, await start.text());
  const location = new URL(start.headers.get('location')!);
  assert.equal(`${location.origin}${location.pathname}`, idp.ssoUrl);
  assert.equal((await fetch(location)).status, 200);
  const request = idp.requests.at(-1)!;
  const answer = await fetch(`${idp.origin}/sso/login`, { method: 'POST', body: new URLSearchParams({ login, request: request.id }) });
  return { request, ...formOf(await answer.text()) };
}
async function sessionOf(sessionCookie: string) {
  const res = await fetch(`${server.url}/api/session`, { headers: { cookie: sessionCookie } });
  const body: any = await res.json();
  return body;
}
const b64 = (xml: string) => Buffer.from(xml).toString('base64');

describe('single sign-on with the organization’s SAML 2.0 identity provider', () => {
  test('administrators connect the IdP; a certificate that is not one, or has expired, is refused; our metadata names the ACS', async () => {
    const bad = await admin.put('/api/org/sso', settings({ certificate: 'x'.repeat(200) }));
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /certificate/i);
    const plain = await admin.put('/api/org/sso', settings({ ssoUrl: 'http://idp.hospital.example/sso' }));
    assert.equal(plain.status, 400, 'a sign-on URL off this machine must be https');
    assert.equal((await admin.get('/api/org/sso')).json.provider, null);
    const patient = await signedIn(server, org, 'patient');
    assert.equal((await patient.put('/api/org/sso', settings())).status, 404);

    const ok = await admin.put('/api/org/sso', settings());
    assert.equal(ok.status, 200, ok.text);
    const stored = (await admin.get('/api/org/sso')).json;
    assert.equal(stored.provider.kind, 'saml');
    assert.equal(stored.provider.issuer, idp.entityId);
    assert.match(stored.provider.certificate.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(stored.saml.acsUrl, sp().acsUrl);
    assert.equal(stored.saml.entityId, sp().audience);

    const metadata = await fetch(stored.saml.metadataUrl);
    assert.equal(metadata.status, 200);
    const xml = await metadata.text();
    assert.match(xml, /EntityDescriptor/);
    assert.ok(xml.includes(`entityID="${sp().audience}"`));
    assert.ok(xml.includes(`Location="${sp().acsUrl}"`));
  });

  test('SP-initiated: first sign-in creates the account with the role its groups map to; the answer is used once', async () => {
    const trip = await spInitiated('dr.amari');
    assert.equal(trip.action, sp().acsUrl, 'the request named our assertion consumer service');
    const done = await postToAcs(trip.samlResponse, trip.action);
    assert.equal(done.status, 303);
    assert.equal(done.location, '/');
    assert.ok(done.session);
    const me = await sessionOf(done.session);
    assert.equal(me.session.user.email, 'dr.amari@hospital.example');
    assert.equal(me.session.user.displayName, 'Dr Amari');
    assert.equal(me.session.role, 'clinician');

    const replay = await postToAcs(trip.samlResponse);
    assert.equal(replay.session, undefined, 'a replayed answer is no session');
    assert.match(replay.location!, /sso_error=sso_(failed|replayed)/);

    const chen = await spInitiated('comms.chen');
    assert.equal(
      (await sessionOf((await postToAcs(chen.samlResponse)).session!)).session.role,
      'communications',
      'the highest mapped role',
    );
  });

  test('IdP-initiated sign-in from the IdP’s portal works once; the same assertion posted again is a replay', async () => {
    const launch = await fetch(`${idp.origin}/launch?${new URLSearchParams({ login: 'dr.amari', ...sp(), acs: sp().acsUrl })}`);
    const form = formOf(await launch.text());
    const done = await postToAcs(form.samlResponse);
    assert.ok(done.session, 'unsolicited but signed, for us, fresh: a session');
    assert.equal((await sessionOf(done.session)).session.user.email, 'dr.amari@hospital.example', 'the same account as before');
    const again = await postToAcs(form.samlResponse);
    assert.equal(again.session, undefined);
    assert.equal(again.location, '/?sso_error=sso_replayed');
  });

  test('tampered, unsigned, foreign-signed, expired, wrong-audience, wrong-issuer and wrapped assertions are refused and audited, never a session', async () => {
    const person = PEOPLE['dr.amari'];
    const good = () => idp.responseText({ person, ...sp() });
    const cases: Record<string, string> = {
      unsigned: idp.response({ person, ...sp(), unsigned: true }),
      'signed by another key': idp.response({ person, ...sp(), key: signingKeyPair('Attacker').privateKey }),
      'email changed after signing': b64(good().replace('dr.amari@hospital.example', 'admin@hospital.example')),
      'groups changed after signing': b64(good().replace('HL-Clinicians', 'HL-Comms')),
      expired: idp.response({ person, ...sp(), validFor: -600 }),
      'for another service': idp.response({ person, ...sp(), audience: 'https://other-app.example/saml' }),
      'from another issuer': idp.response({ person, ...sp(), issuer: 'https://evil-idp.example/' }),
      'answering a request we never sent': idp.response({ person, ...sp(), inResponseTo: '_never-sent-0123456789' }),
      'not SAML at all': b64('<html>hello</html>'),
      'not base64 XML': '%%%not-base64%%%',
    };
    // XML signature wrapping: a forged assertion beside, or around, the genuinely signed one.
    const evil = assertionXml({
      person: { ...person, email: 'victim-admin@hospital.example', subject: 'victim' },
      ...sp(),
      issuer: idp.entityId,
    });
    const signed = good();
    cases['wrapped: forged assertion before the signed one'] = b64(signed.replace('<saml:Assertion', `${evil}<saml:Assertion`));
    const signedAssertion = signed.slice(
      signed.indexOf('<saml:Assertion'),
      signed.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length,
    );
    cases['wrapped: signed assertion inside the forged one'] = b64(
      signed.replace(signedAssertion, evil.replace('</saml:Assertion>', `<saml:Advice>${signedAssertion}</saml:Advice></saml:Assertion>`)),
    );
    for (const [name, response] of Object.entries(cases)) {
      const res = await postToAcs(response);
      assert.equal(res.status, 303, name);
      assert.equal(res.session, undefined, `${name}: no session`);
      assert.match(res.location!, /^\/\?sso_error=/, name);
    }
    const victim = await server.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'victim-admin@hospital.example')
      .executeTakeFirst();
    assert.equal(victim, undefined, 'no account was made from a forged assertion');
    const officer = await signedIn(server, org, 'compliance');
    const reasons = (await officer.get('/api/audit?action=auth.sso_failed&limit=100')).json.events.map((e: any) => e.detail.reason);
    assert.ok(reasons.filter((r: string) => r === 'assertion_refused').length >= Object.keys(cases).length, 'each refusal audited');
    const log = JSON.stringify(
      await server.ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.sso_failed').execute(),
    );
    assert.ok(!log.includes('hospital.example'), 'the audit never records who the assertion named');
  });

  test('an unknown organization or one without SAML is refused and audited; a huge body is refused', async () => {
    const unknown = await postToAcs(idp.response({ person: PEOPLE['dr.amari'], ...sp() }), `${server.url}/api/auth/saml/no-such-org/acs`);
    assert.equal(unknown.session, undefined);
    assert.equal(unknown.location, '/?sso_error=sso_failed');
    const other = await createTestOrg(server.ctx);
    const noSaml = await postToAcs(idp.response({ person: PEOPLE['dr.amari'], ...sp() }), `${server.url}/api/auth/saml/${other.slug}/acs`);
    assert.equal(noSaml.session, undefined);
    assert.equal((await fetch(`${server.url}/api/auth/saml/${other.slug}/metadata`)).status, 404);
    const huge = await fetch(sp().acsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `SAMLResponse=${'A'.repeat(2_000_000)}`,
    });
    assert.equal(huge.status, 413);
  });

  test('people outside the mapped groups are refused; the identity link survives an email change at the IdP', async () => {
    const fay = await postToAcs(idp.response({ person: PEOPLE['finance.fay'], ...sp() }));
    assert.equal(fay.session, undefined);
    assert.equal(fay.location, '/?sso_error=forbidden');

    const before = await server.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'dr.amari@hospital.example')
      .executeTakeFirstOrThrow();
    const renamed = { ...PEOPLE['dr.amari'], email: 'amari.k@hospital.example' };
    const done = await postToAcs(idp.response({ person: renamed, ...sp() }));
    assert.ok(done.session);
    assert.equal((await sessionOf(done.session)).session.user.id, before.id, 'the same account, found by (issuer, subject)');

    // Deactivated in Harborline (offboarding): the IdP's word is not enough to come back.
    assert.equal((await admin.post(`/api/org/members/${before.id}/deactivate`, { reason: 'left' })).status, 200);
    const refused = await postToAcs(idp.response({ person: renamed, ...sp() }));
    assert.equal(refused.session, undefined);
    assert.equal(refused.location, '/?sso_error=account_deactivated');
    assert.equal((await admin.post(`/api/org/members/${before.id}/reactivate`, {})).status, 200);
  });

  test('required for staff: staff passwords stop working; patients and the break-glass administrator keep theirs', async () => {
    assert.equal((await admin.put('/api/org/sso', settings({ requireForStaff: true }))).status, 200);
    const clinician = await new Client(server.url).request('POST', '/api/auth/login', {
      email: org.email('clinician'),
      password: PASSWORD,
    });
    assert.equal(clinician.status, 403);
    assert.equal(clinician.json.error.id, 'sso_required');
    assert.equal(
      (await new Client(server.url).request('POST', '/api/auth/login', { email: org.email('patient'), password: PASSWORD })).status,
      200,
    );
    assert.equal(
      (await new Client(server.url).request('POST', '/api/auth/login', { email: org.email('admin'), password: PASSWORD })).status,
      200,
    );
    const trip = await spInitiated('dr.amari');
    assert.ok((await postToAcs(trip.samlResponse)).session);
  });
});
