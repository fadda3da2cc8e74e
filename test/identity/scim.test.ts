import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseFilter, InvalidFilter } from '../../src/identity/scim-filter.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** An identity system's SCIM client: bearer token, application/scim+json. */
const scim = (token: string) => async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, json, type: res.headers.get('content-type') };
};

test('the filter language: comparisons joined by and; anything else is an invalid filter', () => {
  assert.deepEqual(parseFilter('userName eq "bjensen@example.com"', ['userName']), [
    { attribute: 'userName', op: 'eq', value: 'bjensen@example.com' },
  ]);
  assert.deepEqual(parseFilter('active eq true and externalId pr', ['active', 'externalId']), [
    { attribute: 'active', op: 'eq', value: true },
    { attribute: 'externalId', op: 'pr', value: null },
  ]);
  for (const bad of [
    'userName eq "a\\x"',
    'userName eq "line\nbreak"',
    'userName eq bjensen',
    'title eq "x"',
    'userName eq "a" or userName eq "b"',
    '(userName eq "a")',
    'userName eq',
    'userName eq "a" and',
    'x'.repeat(501),
  ])
    assert.throws(() => parseFilter(bad, ['userName']), InvalidFilter, bad);
});

test('SCIM 2.0 Users: create, filter, replace, patch; deactivation by the identity system runs offboarding', async () => {
  const org = await createTestOrg(server.ctx);
  const admin = await signedIn(server, org, 'admin');
  const made = await admin.post('/api/org/scim-tokens', { name: 'Entra ID' });
  assert.equal(made.status, 201, made.text);
  const call = scim(made.json.token);

  assert.equal((await scim('scim_not-a-real-token-000')('GET', '/Users')).status, 401);
  const guessed = await server.ctx.db
    .selectFrom('audit_log')
    .select('detail')
    .where('org_id', 'is', null)
    .where('action', '=', 'scim.refused')
    .execute();
  assert.ok(
    guessed.some((e) => (e.detail as { status?: number }).status === 401),
    'a wrong token is audited in the system’s chain',
  );
  const config = await call('GET', '/ServiceProviderConfig');
  assert.equal(config.json.patch.supported, true);
  assert.match(config.type ?? '', /application\/scim\+json/);

  // RFC 7643 §8.1 minimal user, as an identity system sends it.
  const created = await call('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'bjensen@example.com',
    externalId: 'bjensen',
    name: { formatted: 'Ms. Barbara J Jensen III' },
    roles: [{ value: 'clinician' }],
    active: true,
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const id = created.json.id;
  assert.equal(created.json.userName, 'bjensen@example.com');
  assert.equal(created.json.active, true);
  assert.equal(created.json.roles[0].value, 'clinician');
  const again = await call('POST', '/Users', { schemas: [], userName: 'bjensen@example.com' });
  assert.equal(again.status, 409);
  assert.equal(again.json.scimType, 'uniqueness');
  assert.equal((await call('POST', '/Users', { userName: 'not an email' })).json.scimType, 'invalidValue');

  const found = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "BJENSEN@example.com"')}`);
  assert.equal(found.json.totalResults, 1, 'userName compares without case');
  assert.equal(found.json.Resources[0].id, id);
  const byExternal = await call('GET', `/Users?filter=${encodeURIComponent('externalId eq "bjensen" and active eq true')}`);
  assert.equal(byExternal.json.totalResults, 1);
  const paged = await call('GET', '/Users?startIndex=2&count=2');
  assert.equal(paged.json.itemsPerPage, 2);
  assert.equal(paged.json.startIndex, 2);
  const malformed = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "a" or userName eq "b"')}`);
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json.scimType, 'invalidFilter');
  assert.equal((await call('GET', `/Users?filter=${'a'.repeat(600)}`)).json.scimType, 'invalidFilter', 'a huge filter');
  const refusals = (await admin.get('/api/audit?action=scim.refused')).json.events.map((e: any) => e.detail);
  assert.ok(
    refusals.filter((d: any) => d.scimType === 'invalidFilter' && d.status === 400).length >= 2,
    'malformed and huge filters are audited',
  );
  assert.ok(!JSON.stringify(refusals).includes('userName eq'), 'the filter itself is not recorded');

  // The person signs in (a password set by reset in real life; here directly) and has a session.
  await server.ctx.db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(PASSWORD),
    })
    .where('id', '=', id)
    .execute();
  const barbara = new Client(server.url);
  await barbara.login('bjensen@example.com', PASSWORD);
  assert.equal((await barbara.get('/api/notifications')).status, 200);

  const renamed = await call('PUT', `/Users/${id}`, {
    schemas: [],
    userName: 'bjensen@example.com',
    displayName: 'Barbara Jensen',
    externalId: 'bjensen',
    active: true,
  });
  assert.equal(renamed.json.displayName, 'Barbara Jensen');
  assert.equal((await call('PUT', `/Users/${id}`, { userName: 'other@example.com' })).json.scimType, 'mutability');

  // RFC 7644 §3.5.2 PATCH; Entra ID sends "False" as a string.
  const off = await call('PATCH', `/Users/${id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
  });
  assert.equal(off.status, 200, JSON.stringify(off.json));
  assert.equal(off.json.active, false);
  assert.equal((await barbara.get('/api/notifications')).status, 401, 'the session ended at once');
  const report = (await admin.get('/api/org/offboarding')).json.changes;
  assert.equal(report[0].change, 'deactivated');
  assert.equal(report[0].reason, 'Deactivated by the identity system (SCIM)');
  const on = await call('PATCH', `/Users/${id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', value: { active: true, displayName: 'Barbara J. Jensen' } }],
  });
  assert.equal(on.json.active, true);
  assert.equal(on.json.displayName, 'Barbara J. Jensen');
  assert.equal(
    (
      await call('PATCH', `/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'password', value: 'x' }],
      })
    ).json.scimType,
    'invalidPath',
  );
  assert.equal((await call('PATCH', `/Users/${id}`, { Operations: [] })).status, 400);
  assert.equal((await call('DELETE', `/Users/${id}`)).status, 204, 'DELETE deactivates; records stay');
  assert.equal((await call('GET', `/Users/${id}`)).json.active, false);

  // Another organization's token sees none of this.
  const other = await createTestOrg(server.ctx);
  const otherToken = (await (await signedIn(server, other, 'admin')).post('/api/org/scim-tokens', { name: 'Okta' })).json.token;
  assert.equal((await scim(otherToken)('GET', `/Users/${id}`)).status, 404);
  assert.equal(
    (await scim(otherToken)('GET', `/Users?filter=${encodeURIComponent('userName eq "bjensen@example.com"')}`)).json.totalResults,
    0,
  );

  const tokens = (await admin.get('/api/org/scim-tokens')).json;
  assert.ok(tokens.tokens[0].lastUsedAt);
  assert.ok(!JSON.stringify(tokens).includes(made.json.token), 'a token is shown once');
  assert.equal((await admin.delete(`/api/org/scim-tokens/${made.json.id}`)).status, 200);
  assert.equal((await call('GET', '/Users')).status, 401, 'a revoked token stops at once');
});

test('SCIM 2.0 Groups (RFC 7643 §8.4, RFC 7644 §3.5.2): create, filter, add and remove members; mapped groups set roles', async () => {
  const org = await createTestOrg(server.ctx);
  const admin = await signedIn(server, org, 'admin');
  // The organization maps its identity system's groups to roles (as for single sign-on).
  await server.ctx.db
    .insertInto('identity_providers')
    .values({
      org_id: org.orgId,
      kind: 'saml',
      issuer: 'https://idp.hospital.example/',
      sso_url: 'https://idp.hospital.example/sso',
      role_map: JSON.stringify({ 'HL-Clinicians': 'clinician', 'HL-Comms': 'communications' }),
    })
    .execute();
  const call = scim((await admin.post('/api/org/scim-tokens', { name: 'Entra ID' })).json.token);
  const user = async (userName: string) =>
    (await call('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, displayName: userName })).json
      .id as string;
  const babs = await user('babs@example.com');
  const mandy = await user('mandy@example.com');
  const roleOf = async (id: string) => (await call('GET', `/Users/${id}`)).json.roles[0].value;
  assert.equal(await roleOf(babs), 'staff');

  // RFC 7643 §8.4 group, members by value.
  const created = await call('POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'HL-Clinicians',
    externalId: 'e9e30dba',
    members: [{ value: babs, display: 'Babs Jensen' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const group = created.json.id;
  assert.equal(created.json.members.length, 1);
  assert.equal(created.json.members[0].value, babs);
  assert.equal(created.json.meta.resourceType, 'Group');
  assert.equal(await roleOf(babs), 'clinician', 'a mapped group gives its role at once');
  assert.equal((await call('POST', '/Groups', { displayName: 'HL-Clinicians' })).status, 409);
  assert.equal(
    (await call('POST', '/Groups', { displayName: 'Other', members: [{ value: '00000000-0000-4000-8000-000000000000' }] })).status,
    400,
  );

  const found = await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "HL-Clinicians"')}`);
  assert.equal(found.json.totalResults, 1);
  assert.equal(found.json.Resources[0].members.length, 1);
  const lean = await call('GET', `/Groups/${group}?excludedAttributes=members`);
  assert.equal(lean.json.members, undefined, 'excludedAttributes=members, as Entra ID asks');
  assert.equal((await call('GET', `/Groups?filter=${encodeURIComponent('members eq "x"')}`)).json.scimType, 'invalidFilter');

  // RFC 7644 §3.5.2.1 add a member; §3.5.2.2 remove one by a value filter.
  const added = await call('PATCH', `/Groups/${group}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'add', path: 'members', value: [{ display: 'Mandy Pepperidge', $ref: `/Users/${mandy}`, value: mandy }] }],
  });
  assert.equal(added.status, 200, JSON.stringify(added.json));
  assert.equal(added.json.members.length, 2);
  assert.equal(await roleOf(mandy), 'clinician');
  const removed = await call('PATCH', `/Groups/${group}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'remove', path: `members[value eq "${babs}"]` }],
  });
  assert.deepEqual(
    removed.json.members.map((m: { value: string }) => m.value),
    [mandy],
  );
  assert.equal(await roleOf(babs), 'clinician', 'leaving every mapped group changes no role');

  // A higher mapped group wins; renaming a group re-reads its members' roles; Entra ID's path-less replace.
  const comms = await call('POST', '/Groups', { schemas: [], displayName: 'Comms team', members: [{ value: mandy }] });
  assert.equal(await roleOf(mandy), 'clinician', 'an unmapped group changes nothing');
  await call('PATCH', `/Groups/${comms.json.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Replace', value: { displayName: 'HL-Comms' } }],
  });
  assert.equal(await roleOf(mandy), 'communications', 'the highest mapped role');
  // Entra ID removes by a members list without a filter.
  await call('PATCH', `/Groups/${comms.json.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Remove', path: 'members', value: [{ value: mandy }] }],
  });
  assert.equal((await call('GET', `/Groups/${comms.json.id}`)).json.members.length, 0);
  assert.equal(
    (
      await call('PATCH', `/Groups/${group}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'owner', value: 'x' }],
      })
    ).json.scimType,
    'invalidPath',
  );

  // PUT replaces the whole group.
  const replaced = await call('PUT', `/Groups/${group}`, { displayName: 'HL-Clinicians', members: [{ value: babs }, { value: mandy }] });
  assert.equal(replaced.json.members.length, 2);

  // Another organization's token sees none of this, nor can it add its people.
  const other = await createTestOrg(server.ctx);
  const otherCall = scim((await (await signedIn(server, other, 'admin')).post('/api/org/scim-tokens', { name: 'Okta' })).json.token);
  assert.equal((await otherCall('GET', `/Groups/${group}`)).status, 404);
  assert.equal((await otherCall('GET', '/Groups')).json.totalResults, 0);
  assert.equal((await otherCall('POST', '/Groups', { displayName: 'Theirs', members: [{ value: babs }] })).status, 400);

  assert.equal((await call('DELETE', `/Groups/${group}`)).status, 204);
  assert.equal((await call('GET', `/Groups/${group}`)).status, 404);
  const audit = (await admin.get('/api/audit?action=scim.')).json.events.map((e: { action: string }) => e.action);
  for (const action of ['scim.group_created', 'scim.group_changed', 'scim.group_replaced', 'scim.group_deleted'])
    assert.ok(audit.includes(action), action);
});
