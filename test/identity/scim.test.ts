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
