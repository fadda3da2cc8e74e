import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { pollInbox } from '../../src/publisher/inbox.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';

// The attacks of the outside review (issue 15), replayed over HTTP. Each test failed before its fix.

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  other = await createTestOrg(server.ctx);
});
after(() => server.close());
const as = (role: string, o: TestOrg = org) => signedIn(server, o, role);

describe('server-side fetches never reach internal addresses', () => {
  test('every internal form of a channel address is refused before anything is fetched or stored', async () => {
    // A server configured like production: https only, no internal address allowed.
    const strict = await startTestServer({ outbound: { allowHttp: false, allowedAddresses: [] } });
    try {
      const o = await createTestOrg(strict.ctx);
      const admin = await signedIn(strict, o, 'admin');
      const forms = [
        'https://localhost',
        'https://127.0.0.1',
        'https://[::1]',
        'https://2130706433',
        'https://0x7f.0.0.1',
        'https://127.1',
        'https://0177.0.0.1',
        'https://[::ffff:127.0.0.1]',
        'https://[::ffff:7f00:1]',
        'https://169.254.169.254',
        'https://10.0.0.5',
        'https://192.168.1.1',
        'https://172.16.0.1',
        'https://0.0.0.0',
        'https://[fd00::1]',
        'https://[fe80::1]',
        'https://224.0.0.1',
        'http://example.org',
      ];
      for (const baseUrl of forms) {
        const r = await admin.post('/api/publisher/channels', {
          network: 'mastodon',
          name: 'Probe',
          baseUrl,
          credentials: { accessToken: 'x' },
        });
        assert.equal(r.status, 400, `${baseUrl}: ${r.text}`);
        assert.match(r.json.error.message, /cannot be used/);
      }
      assert.equal((await strict.ctx.db.selectFrom('channels').select('id').execute()).length, 0);
    } finally {
      await strict.close();
    }
  });

  test('a redirect to an internal address is not followed, and a remote error page is never shown', async () => {
    // Only 127.0.0.1 is allowed (the "public" network here); 127.0.0.2 and ::1 stand for internal services.
    const narrow = await startTestServer({ outbound: { allowHttp: true, allowedAddresses: ['127.0.0.1'] } });
    const internalHits: string[] = [];
    const internal = http.createServer((req, res) => {
      internalHits.push(req.url!);
      res.end('{"secret":"metadata"}');
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.2', r));
    const redirector = http.createServer((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.2:${(internal.address() as AddressInfo).port}/latest/meta-data` }).end(),
    );
    const hostile = http.createServer((_req, res) =>
      res.writeHead(400, { 'content-type': 'text/html' }).end('<h1>INTERNAL-ADMIN-PANEL token=abc123</h1>'),
    );
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
    try {
      const o = await createTestOrg(narrow.ctx);
      const admin = await signedIn(narrow, o, 'admin');
      const redirected = await admin.post('/api/publisher/channels', {
        network: 'mastodon',
        name: 'Probe',
        baseUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`,
        credentials: { accessToken: 'x' },
      });
      assert.equal(redirected.status, 422, redirected.text);
      assert.match(redirected.json.error.message, /refused/);
      assert.deepEqual(internalHits, [], 'the internal service was never reached');
      const echoed = await admin.post('/api/publisher/channels', {
        network: 'mastodon',
        name: 'Probe',
        baseUrl: base,
        credentials: { accessToken: 'x' },
      });
      assert.equal(echoed.status, 422);
      assert.doesNotMatch(echoed.text, /INTERNAL|token=|abc123/, 'the remote body is not repeated');
    } finally {
      internal.close();
      redirector.close();
      hostile.close();
      await narrow.close();
    }
  });

  test('one channel answering garbage does not stop the inbox of other channels or organizations', async () => {
    const [broken, healthy] = await Promise.all([startMastodon(), startMastodon()]);
    try {
      for (const [o, net] of [
        [org, broken],
        [other, healthy],
      ] as const) {
        const r = await (
          await as('admin', o)
        ).post('/api/publisher/channels', {
          network: 'mastodon',
          name: 'Mastodon',
          baseUrl: net.url,
          credentials: { accessToken: net.state.token },
        });
        assert.equal(r.status, 201, r.text);
      }
      broken.faults.push({
        match: /GET \/api\/v1\/notifications/,
        status: 200,
        body: [{ id: { $gt: '' }, type: 'mention', account: null }],
      });
      healthy.mention({ acct: 'someone@else.social', name: 'Someone' }, 'When are the flu clinics this year?');
      // The malformed answer fails its schema check: that channel is skipped, the others are polled.
      assert.equal(await pollInbox(server.ctx), 1);
      const items = await server.ctx.db.selectFrom('inbox_items').select(['org_id', 'body']).execute();
      assert.equal(items.length, 1);
      assert.equal(items[0].org_id, other.orgId, 'the healthy channel was polled');
    } finally {
      await Promise.all([broken.close(), healthy.close()]);
    }
  });
});

describe('sign-in cannot be used to find accounts or lock people out', () => {
  test('unknown and known emails get the same answers in the same order', async () => {
    const statuses = async (email: string, from: string) => {
      const c = new Client(server.url, { from });
      const out: number[] = [];
      for (let i = 0; i < 7; i++) out.push((await c.post('/api/auth/login', { email, password: 'not-the-password-1' })).status);
      return out;
    };
    const known = await statuses(org.email('staff'), '127.0.0.3');
    const unknown = await statuses('nobody@nowhere.test', '127.0.0.4');
    assert.deepEqual(known, unknown);
    assert.deepEqual(known, [401, 401, 401, 401, 401, 429, 429]);
  });
  test("someone spraying passwords from the hospital's address does not lock colleagues out", async () => {
    for (let i = 0; i < 40; i++)
      await new Client(server.url, { from: '127.0.0.7' }).post('/api/auth/login', {
        email: `nobody${i}@nowhere.test`,
        password: 'Winter2026!',
      });
    const r = await new Client(server.url, { from: '127.0.0.7' }).post('/api/auth/login', {
      email: org.email('clinician'),
      password: PASSWORD,
    });
    assert.equal(r.status, 200, r.text);
  });
  test('successful sign-ins are not counted: a whole shift behind one address signs in', async () => {
    for (let i = 0; i < 40; i++) {
      const r = await new Client(server.url, { from: '127.0.0.5' }).post('/api/auth/login', {
        email: org.email('patient2'),
        password: PASSWORD,
      });
      assert.equal(r.status, 200, `sign-in ${i + 1}: ${r.text}`);
    }
  });
});

describe('input that used to answer 500', () => {
  test('a NUL character is refused with the field named, in sign-in, reset and posts', async () => {
    const anon = new Client(server.url);
    const login = await anon.post('/api/auth/login', { email: 'a\u0000b@example.test', password: 'x' });
    assert.equal(login.status, 400);
    assert.match(login.json.error.message, /body\.email contains a NUL character/);
    assert.equal((await anon.post('/api/auth/password-reset', { email: 'a\u0000b@example.test' })).status, 400);
    const patient = await as('patient');
    assert.equal((await patient.get('/api/search?q=ab\u0000c')).status, 400);
  });
  test('a hold dated in the year -200000 is refused with a reason', async () => {
    const officer = await as('compliance');
    const r = await officer.post('/api/archive/holds', {
      name: 'Odd hold',
      reason: 'testing dates',
      keywords: ['billing'],
      dateFrom: '-200000-01-01T00:00:00Z',
    });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.message, /1900 and 9999/);
  });
});

describe('names cannot forge rows in exports', () => {
  test('display names are cleaned at the edge, and stored control characters are escaped in DAT and EDRM files', async () => {
    const admin = await as('admin');
    const inv = await admin.post('/api/org/invitations', { email: 'mallory@example.test', role: 'patient' });
    const forged = await new Client(server.url).post('/api/invitations/accept', {
      token: inv.json.invitation.token,
      displayName: 'Mallory\u0014þ\r\nFORGED\u0001row',
      password: 'a-long-and-quiet-pass-77',
    });
    assert.equal(forged.status, 400, 'control characters are refused at the edge');
    assert.match(forged.json.error.message, /body\.displayName contains the control character U\+0014/);
    const joined = await new Client(server.url).post('/api/invitations/accept', {
      token: inv.json.invitation.token,
      displayName: '  Mallory\n\tRow  ',
      password: 'a-long-and-quiet-pass-77',
    });
    assert.equal(joined.status, 200, joined.text);
    assert.equal(joined.json.session.user.displayName, 'Mallory Row', 'a name is one line');
    // A name stored before the edge cleaned it still cannot break an export.
    await server.ctx.db
      .updateTable('users')
      .set({ display_name: 'Eve\u0014þ\r\nFORGED\u0001' })
      .where('id', '=', org.userId('patient'))
      .execute();
    const comms = await as('communications');
    const community = (await comms.post('/api/communities', { name: 'Export test', slug: 'export-test', visibility: 'members' })).json
      .community.id;
    const patient = await as('patient');
    await patient.post(`/api/communities/${community}/join`, { pseudonym: null });
    assert.equal((await patient.post(`/api/communities/${community}/posts`, { body: 'My lisinopril dose changed' })).status, 201);
    const officer = await as('compliance');
    const made = await officer.post('/api/archive/productions', {
      name: 'Lisinopril\r\nmatter',
      batesPrefix: 'SEC',
      query: { keyword: 'lisinopril' },
    });
    assert.equal(made.status, 201, made.text);
    const zip = unzipSync(
      new Uint8Array(
        await (
          await fetch(`${server.url}/api/archive/productions/${made.json.production.id}/download`, {
            headers: { cookie: officer.cookieHeader },
          })
        ).arrayBuffer(),
      ),
    );
    const dat = strFromU8(zip['DATA/loadfile.dat']).replace(/^\ufeff/, '');
    const rows = dat.trim().split('\r\n');
    assert.equal(rows.length, 2, 'a header and one document: no forged row');
    const fields = rows.map((r) => r.split('\u0014').length);
    assert.deepEqual(fields, [15, 15]);
    assert.ok(
      rows[1].split('\u0014').every((f) => /^þ[^þ]*þ$/.test(f)),
      'every field is one quoted value',
    );
    const edrm = strFromU8(zip['DATA/edrm.xml']);
    assert.doesNotMatch(edrm, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/, 'no character XML 1.0 forbids');
    assert.match(edrm, /TagValue="Eve/);
  });
});

describe('headers and what is served to whom', () => {
  test('API answers are not cached; HSTS is sent when the product is served over https', async () => {
    const c = await as('patient');
    const r = await c.get('/api/session');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('strict-transport-security'), null, 'not over plain http');
    const tls = await startTestServer({ publicUrl: 'https://harborline.example.org' });
    try {
      const res = await fetch(`${tls.url}/api/health`);
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
    } finally {
      await tls.close();
    }
  });
  test('the sharing rules are for staff only', async () => {
    assert.equal((await (await as('patient')).get('/api/sharing-rules')).status, 404);
    assert.equal((await (await as('clinician')).get('/api/sharing-rules')).status, 200);
  });
  test('audit search matches action names with underscores literally', async () => {
    const officer = await as('compliance');
    await new Client(server.url, { from: '127.0.0.6' }).post('/api/auth/login', {
      email: org.email('communications'),
      password: 'wrong-password-9',
    });
    const r = await officer.get('/api/audit?action=auth.login_failed');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.events.length >= 1);
    assert.ok(r.json.events.every((e: any) => e.action === 'auth.login_failed'));
    const wildcard = await officer.get('/api/audit?action=auth.login%25');
    assert.ok(
      wildcard.json.events.every((e: any) => e.action.startsWith('auth.login%')),
      '% is not a wildcard',
    );
  });
});

describe('moderators and sanctions', () => {
  test('no sanction against staff of equal or higher role; suspending staff takes an admin', async () => {
    const comms = await as('communications');
    const community = (await comms.post('/api/communities', { name: 'Sanctions', slug: 'sanctions', visibility: 'members' })).json.community
      .id;
    const postBy = async (role: string) => {
      const c = await as(role);
      await c.post(`/api/communities/${community}/join`, { pseudonym: null });
      const r = await c.post(`/api/communities/${community}/posts`, { body: `A note from the ${role}` });
      assert.equal(r.status, 201, r.text);
      return r.json.post.id as string;
    };
    const act = (c: Client, postId: string, action: string) =>
      c.post(`/api/moderation/items/post/${postId}/actions`, { action, reason: 'Testing who may sanction whom', days: 365 });
    const adminPost = await postBy('admin');
    const officerPost = await postBy('compliance');
    const clinicianPost = await postBy('clinician');
    const patientPost = await postBy('patient2');
    assert.equal((await act(comms, adminPost, 'suspend')).status, 403, 'a communications moderator cannot suspend an admin');
    assert.equal((await act(comms, officerPost, 'warn')).status, 403, 'nor warn an equal');
    assert.equal((await act(comms, clinicianPost, 'suspend')).status, 403, 'suspending staff takes an admin');
    assert.equal((await act(comms, clinicianPost, 'warn')).status, 200, 'a senior moderator may warn');
    assert.equal((await act(comms, patientPost, 'silence')).status, 200, 'patients can be silenced by any moderator');
    const admin = await as('admin');
    assert.equal((await act(admin, clinicianPost, 'silence')).status, 200, 'an admin may silence staff');
    const suspendedUntil = (
      await server.ctx.db
        .selectFrom('memberships')
        .select('suspended_until')
        .where('user_id', '=', org.userId('admin'))
        .executeTakeFirstOrThrow()
    ).suspended_until;
    assert.equal(suspendedUntil, null);
  });
});

describe('secrets at rest', () => {
  test('TOTP secrets are sealed in the database', async () => {
    const c = await as('communications', other);
    const setup = await c.post('/api/security/2fa/setup');
    const stored = (
      await server.ctx.db
        .selectFrom('users')
        .select('totp_secret')
        .where('id', '=', other.userId('communications'))
        .executeTakeFirstOrThrow()
    ).totp_secret!;
    assert.match(stored, /^v1\./);
    assert.ok(!stored.includes(setup.json.secret));
  });
});
