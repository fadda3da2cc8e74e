import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, startTestServer, type TestServer } from '../helpers/context.ts';
import { loadConfig } from '../../src/config/env.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;

before(async () => {
  server = await startTestServer({ bodyLimitBytes: 64 * 1024 });
  org = await createTestOrg(server.ctx);
});
after(() => server.close());

describe('config', () => {
  test('a bad value stops start-up with a message naming the variable', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must be a postgres:\/\/ URL/);
    assert.throws(() => loadConfig({ WORM_S3_ENDPOINT: 'https://s3.example.com' }), /WORM_S3_\*: set .* together/);
  });
});

describe('HTTP foundation', () => {
  test('health and the OpenAPI document', async () => {
    const c = new Client(server.url);
    assert.equal((await c.get('/api/health')).json.ok, true);
    const doc = (await c.get('/api/openapi.json')).json;
    assert.equal(doc.openapi.slice(0, 2), '3.');
    assert.ok(doc.paths['/api/communities/{id}/posts'].post, 'post creation documented');
    assert.ok(doc.paths['/api/phi/scan'].post.requestBody, 'request schema documented');
  });
  test('unknown routes are a JSON 404', async () => {
    const r = await new Client(server.url).get('/api/does-not-exist');
    assert.equal(r.status, 404);
    assert.equal(r.json.error.id, 'route_not_found');
  });
  test('malformed JSON is a 400 with a reason, not a stack trace', async () => {
    const r = await new Client(server.url).request('POST', '/api/auth/login', '{"email": ', {});
    assert.equal(r.status, 400);
    assert.equal(r.json.error.id, 'malformed_body');
    assert.ok(!r.text.includes(' at '), 'no stack trace');
  });
  test('wrong types are a 400 naming the field', async () => {
    const r = await new Client(server.url).post('/api/auth/login', { email: 42, password: ['x'] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.id, 'validation_failed');
    assert.match(r.json.error.message, /email/);
  });
  test('oversized bodies are refused with 413', async () => {
    const r = await new Client(server.url).post('/api/auth/login', { email: 'a@b.c', password: 'x'.repeat(100_000) });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.id, 'payload_too_large');
  });
  test('API routes need a session', async () => {
    const r = await new Client(server.url).get('/api/communities');
    assert.equal(r.status, 401);
    assert.equal(r.json.error.id, 'unauthorized');
  });
  test('responses carry security headers', async () => {
    const r = await new Client(server.url).get('/api/health');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  });
});

describe('sign-in and sessions', () => {
  test('login sets an httpOnly SameSite cookie and /api/session answers', async () => {
    const c = new Client(server.url);
    const r = await c.post('/api/auth/login', { email: org.email('clinician'), password: PASSWORD });
    assert.equal(r.status, 200);
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    c.csrf = r.json.csrfToken;
    const s = await c.get('/api/session');
    assert.equal(s.json.session.role, 'clinician');
    assert.equal(s.json.session.organization.slug, org.slug);
    assert.ok(!JSON.stringify(s.json).includes('password'), 'no password hash leaves the server');
  });
  test('a wrong password is a 401 with no hint which part was wrong', async () => {
    const r = await new Client(server.url).post('/api/auth/login', { email: org.email('staff'), password: 'not-the-password' });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.message, 'Email or password is wrong.');
    const unknown = await new Client(server.url).post('/api/auth/login', { email: 'nobody@nowhere.test', password: 'not-the-password' });
    assert.equal(unknown.json.error.message, r.json.error.message);
  });
  test('writes without the CSRF token are refused', async () => {
    const c = new Client(server.url);
    await c.login(org.email('patient'), PASSWORD);
    const r = await c.request('POST', '/api/auth/logout', {}, { 'x-csrf-token': 'forged' });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.id, 'csrf_failed');
    assert.equal((await c.get('/api/session')).status, 200, 'still signed in');
  });
  test('logout ends the session', async () => {
    const c = new Client(server.url);
    await c.login(org.email('patient2'), PASSWORD);
    const saved = c.cookieHeader;
    assert.equal((await c.post('/api/auth/logout')).status, 200);
    c.cookieHeader = saved; // replaying the old cookie must not work
    assert.equal((await c.get('/api/session')).status, 401);
  });
  test('repeated failures slow further tries from that network instead of locking the account', async () => {
    const c = new Client(server.url);
    for (let i = 0; i < 5; i++)
      assert.equal((await c.post('/api/auth/login', { email: org.email('communications'), password: 'wrong-password-1' })).status, 401);
    const r = await c.post('/api/auth/login', { email: org.email('communications'), password: PASSWORD });
    assert.equal(r.status, 429);
    assert.equal(r.json.error.id, 'rate_limited');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    const elsewhere = new Client(server.url, { from: '127.0.0.2' });
    assert.equal(
      (await elsewhere.post('/api/auth/login', { email: org.email('communications'), password: PASSWORD })).status,
      200,
      'the real user on another network is not locked out',
    );
  });
  test('sessions end at their absolute lifetime even when active', async () => {
    const c = new Client(server.url);
    await c.login(org.email('staff'), PASSWORD);
    assert.equal((await c.get('/api/session')).status, 200);
    await server.ctx.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('revoked_at', 'is', null)
      .execute();
    assert.equal((await c.get('/api/session')).status, 401);
  });
  test('huge headers are refused before reaching the app', async () => {
    const c = new Client(server.url);
    const r = await c.request('GET', '/api/health', undefined, { 'x-junk': 'a'.repeat(100_000) }).catch(() => ({ status: 431 }));
    assert.equal(r.status, 431);
    assert.equal((await c.get('/api/health')).status, 200, 'the server is still up');
  });
  test('sessions idle past the limit are logged off', async () => {
    const c = new Client(server.url);
    await c.login(org.email('admin'), PASSWORD);
    await server.ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - server.ctx.config.sessionIdleMs - 1000) })
      .where('revoked_at', 'is', null)
      .execute();
    assert.equal((await c.get('/api/session')).status, 401);
  });
});
