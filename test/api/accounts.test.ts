import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { deliverOutbox } from '../../src/notify/mailer.ts';
import { currentTotp } from '../../src/security/totp.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, startTestServer, type TestServer } from '../helpers/context.ts';
import { startSmtpCapture } from '../helpers/smtp.ts';

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let other: Awaited<ReturnType<typeof createTestOrg>>;
const login = async (email: string, password = PASSWORD, ua = 'test-agent') => {
  const c = new Client(server.url);
  const r = await c.request('POST', '/api/auth/login', { email, password }, { 'user-agent': ua });
  if (r.json?.csrfToken) c.csrf = r.json.csrfToken;
  return { c, r };
};
/** Reset mail is queued after the answer (same timing for unknown addresses): wait for it. */
const queued = async (address: string) => {
  for (let i = 0; i < 100; i++) {
    const row = await server.ctx.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', address)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (row) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail queued for ${address}`);
};
const mailTo = async (address: string) => {
  await deliverOutbox(server.ctx.db, smtp.url);
  return smtp.messages.filter((m) => m.to.includes(address)).map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
};

before(async () => {
  smtp = await startSmtpCapture();
  server = await startTestServer({ smtpUrl: undefined });
  org = await createTestOrg(server.ctx);
  other = await createTestOrg(server.ctx);
});
after(async () => {
  await server.close();
  await smtp.close();
});

describe('two-factor sign-in (TOTP)', () => {
  test('enroll, then sign in with a code; a recovery code works once', async () => {
    const { c } = await login(org.email('clinician'));
    const setup = await c.post('/api/security/2fa/setup');
    assert.equal(setup.status, 200);
    assert.match(setup.json.uri, /^otpauth:\/\/totp\//);
    assert.equal((await c.post('/api/security/2fa/enable', { code: '000000' })).status, 400);
    const enabled = await c.post('/api/security/2fa/enable', { code: currentTotp(setup.json.secret) });
    assert.equal(enabled.status, 200, enabled.text);
    const recovery: string[] = enabled.json.recoveryCodes;
    assert.equal(recovery.length, 10);

    const step1 = await login(org.email('clinician'));
    assert.equal(step1.r.status, 200);
    assert.ok(!step1.r.headers.get('set-cookie'), 'no session before the second factor');
    assert.deepEqual(step1.r.json.secondFactor.methods, ['totp', 'recovery_code']);
    const wrong = await step1.c.post('/api/auth/login/second-factor', { challenge: step1.r.json.secondFactor.challenge, code: '123456' });
    assert.equal(wrong.status, 401);
    const nextCode = currentTotp(setup.json.secret, 1);
    const ok = await step1.c.post('/api/auth/login/second-factor', { challenge: step1.r.json.secondFactor.challenge, code: nextCode });
    assert.equal(ok.status, 200, ok.text);
    step1.c.csrf = ok.json.csrfToken;
    assert.equal((await step1.c.get('/api/session')).json.session.user.twoFactor, true);
    const replay = await login(org.email('clinician'));
    const replayed = await replay.c.post('/api/auth/login/second-factor', {
      challenge: replay.r.json.secondFactor.challenge,
      code: nextCode,
    });
    assert.equal(replayed.status, 401, 'a TOTP code is accepted once, even within its window');
    const earlier = await replay.c.post('/api/auth/login/second-factor', {
      challenge: replay.r.json.secondFactor.challenge,
      code: currentTotp(setup.json.secret),
    });
    assert.equal(earlier.status, 401, 'nor is an earlier step after a later one');

    const step2 = await login(org.email('clinician'));
    const viaRecovery = await step2.c.post('/api/auth/login/second-factor', {
      challenge: step2.r.json.secondFactor.challenge,
      code: recovery[0],
    });
    assert.equal(viaRecovery.status, 200);
    const step3 = await login(org.email('clinician'));
    const reused = await step3.c.post('/api/auth/login/second-factor', {
      challenge: step3.r.json.secondFactor.challenge,
      code: recovery[0],
    });
    assert.equal(reused.status, 401, 'a recovery code works once');
    // Sent to three sign-ins at the same moment, one recovery code opens one session.
    const racers = await Promise.all([1, 2, 3].map(() => login(org.email('clinician'))));
    const raced = await Promise.all(
      racers.map((s) => s.c.post('/api/auth/login/second-factor', { challenge: s.r.json.secondFactor.challenge, code: recovery[1] })),
    );
    assert.deepEqual(
      raced.map((r) => r.status).sort((a, b) => a - b),
      [200, 401, 401],
    );
  });
  test('a challenge dies after five wrong codes', async () => {
    const { c } = await login(org.email('staff'));
    const setup = await c.post('/api/security/2fa/setup');
    await c.post('/api/security/2fa/enable', { code: currentTotp(setup.json.secret) });
    const step = await login(org.email('staff'));
    for (let i = 0; i < 5; i++)
      await step.c.post('/api/auth/login/second-factor', { challenge: step.r.json.secondFactor.challenge, code: '000000' });
    const late = await step.c.post('/api/auth/login/second-factor', {
      challenge: step.r.json.secondFactor.challenge,
      code: currentTotp(setup.json.secret),
    });
    assert.equal(late.status, 401);
    assert.equal(late.json.error.id, 'challenge_expired');
  });
  test('an organization can require two-factor for a role: until enrolled, only enrollment works', async () => {
    const { c: adminC } = await login(org.email('admin'));
    assert.equal((await adminC.patch('/api/org/settings', { require2faRoles: ['compliance'] })).status, 200);
    const { c } = await login(org.email('compliance'));
    const blocked = await c.get('/api/communities');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.json.error.id, 'two_factor_required');
    assert.equal((await c.get('/api/session')).json.session.mustEnrollTwoFactor, true);
    const setup = await c.post('/api/security/2fa/setup');
    await c.post('/api/security/2fa/enable', { code: currentTotp(setup.json.secret) });
    assert.equal((await c.get('/api/communities')).status, 200);
    assert.equal((await adminC.patch('/api/org/settings', { require2faRoles: [] })).status, 200);
  });
});

describe('passwords', () => {
  test('short and commonly breached passwords are refused with a reason', async () => {
    const { c } = await login(org.email('patient2'));
    for (const bad of ['short', 'password1234', 'qwertyuiop123']) {
      const r = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: bad });
      assert.equal(r.status, 422, bad);
      assert.equal(r.json.error.id, 'weak_password');
    }
  });
  test('changing the password signs out other devices', async () => {
    const { c: phone } = await login(org.email('patient2'));
    const { c: laptop } = await login(org.email('patient2'));
    const r = await laptop.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a-much-longer-secret-42' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await phone.get('/api/session')).status, 401);
    assert.equal((await laptop.get('/api/session')).status, 200);
    assert.equal((await login(org.email('patient2'), 'a-much-longer-secret-42')).r.status, 200);
  });
  test('password reset by email link: same answer for unknown addresses, link works once', async () => {
    const email = org.email('communications');
    const unknown = await new Client(server.url).post('/api/auth/password-reset', { email: 'nobody@nowhere.test' });
    const known = await new Client(server.url).post('/api/auth/password-reset', { email });
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.json, known.json);
    await queued(email);
    const mails = await mailTo(email);
    assert.equal(mails.length, 1);
    const token = /reset-password#([A-Za-z0-9_-]+)/.exec(mails[0])![1];
    const done = await new Client(server.url).post('/api/auth/password-reset/confirm', { token, newPassword: 'reset-to-something-long-7' });
    assert.equal(done.status, 200, done.text);
    assert.equal(
      (await new Client(server.url).post('/api/auth/password-reset/confirm', { token, newPassword: 'another-long-password-8' })).status,
      400,
    );
    assert.equal((await login(email, 'reset-to-something-long-7')).r.status, 200);
    const sentRow = await server.ctx.db
      .selectFrom('mail_outbox')
      .select(['status', 'body'])
      .where('to_address', '=', email)
      .where('subject', 'like', 'Reset%')
      .executeTakeFirstOrThrow();
    assert.deepEqual(sentRow, { status: 'sent', body: '' }, 'a sent mail body (with its link) is not kept');
  });
  test('a reset link stops working once the password is changed another way', async () => {
    const email = other.email('patient2');
    await new Client(server.url).post('/api/auth/password-reset', { email });
    await queued(email);
    const token = /reset-password#([A-Za-z0-9_-]+)/.exec((await mailTo(email)).at(-1)!)![1];
    const { c } = await login(email);
    assert.equal((await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'changed-by-the-owner-31' })).status, 200);
    const stale = await new Client(server.url).post('/api/auth/password-reset/confirm', { token, newPassword: 'taken-over-by-a-thief-9' });
    assert.equal(stale.status, 400);
    assert.equal(stale.json.error.id, 'reset_expired');
    assert.equal((await login(email, 'changed-by-the-owner-31')).r.status, 200);
  });
});

describe('invitations and roles', () => {
  test('an admin invites; the invitee sets a password and is in with the invited role', async () => {
    const { c: adminC } = await login(org.email('admin'));
    const inv = await adminC.post('/api/org/invitations', { email: 'new.nurse@example.test', role: 'staff' });
    assert.equal(inv.status, 201, inv.text);
    const mails = await mailTo('new.nurse@example.test');
    assert.ok(mails.some((m) => m.includes(inv.json.invitation.token)));
    const joiner = new Client(server.url);
    const weak = await joiner.post('/api/invitations/accept', {
      token: inv.json.invitation.token,
      displayName: 'New Nurse',
      password: 'password',
    });
    assert.equal(weak.status, 422);
    const ok = await joiner.post('/api/invitations/accept', {
      token: inv.json.invitation.token,
      displayName: 'New Nurse',
      password: 'welcome-to-the-ward-2026',
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.session.role, 'staff');
    assert.equal(
      (
        await new Client(server.url).post('/api/invitations/accept', {
          token: inv.json.invitation.token,
          displayName: 'Again',
          password: 'welcome-to-the-ward-2026',
        })
      ).status,
      400,
    );
  });
  test('the session says what the role may do, from the one permission table, and the server agrees', async () => {
    // The other organization: this file's first organization requires two-factor by now.
    const { c: patientC, r: patientR } = await login(other.email('patient'));
    assert.deepEqual(patientR.json.session.can, [], 'patients hold none of the staff actions');
    const { c: complianceC, r: complianceR } = await login(other.email('compliance'));
    const can: string[] = complianceR.json.session.can;
    assert.ok(can.includes('audit.read') && can.includes('archive.read') && !can.includes('org.manage_members'), can.join(','));
    assert.deepEqual((await complianceC.get('/api/session')).json.session.can, can);
    // What the session offers works; what it withholds is refused.
    assert.equal((await complianceC.get('/api/audit?limit=1')).status, 200);
    assert.equal((await complianceC.get('/api/org/members')).status, 404);
    assert.equal((await patientC.get('/api/audit?limit=1')).status, 404);
  });
  test('only admins manage members; granting admin raises an alert', async () => {
    const { c: patientC } = await login(org.email('patient'));
    assert.equal((await patientC.get('/api/org/members')).status, 404);
    assert.equal((await patientC.post('/api/org/invitations', { email: 'x@y.test', role: 'admin' })).status, 404);
    const { c: adminC } = await login(org.email('admin'));
    const members = (await adminC.get('/api/org/members')).json.members;
    const staff = members.find((m: any) => m.email === org.email('staff'));
    assert.equal((await adminC.patch(`/api/org/members/${staff.id}`, { role: 'admin' })).status, 200);
    const alerts = (await adminC.get('/api/security/alerts?scope=organization')).json.alerts;
    assert.ok(alerts.some((a: any) => a.kind === 'admin_granted' && a.user.id === staff.id));
    // Another organization's member id is not found, and nothing changes.
    const foreign = other.actors[other.email('patient')].userId;
    assert.equal((await adminC.patch(`/api/org/members/${foreign}`, { role: 'admin' })).status, 404);
    const foreignRole = await server.ctx.db
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', foreign)
      .executeTakeFirstOrThrow();
    assert.equal(foreignRole.role, 'patient');
  });
});

describe('suspicious activity', () => {
  test('a new device and two far-apart networks in a short time raise alerts the user can see', async () => {
    const email = org.email('patient');
    await login(email, PASSWORD, 'Firefox on Linux');
    const { c } = await login(email, PASSWORD, 'Safari on iPhone');
    // Same account signing in from another network within the hour.
    const userId = org.actors[email].userId;
    await server.ctx.db
      .insertInto('login_events')
      .values({ user_id: userId, org_id: org.orgId, ip: '198.51.100.7', network: '198.51.0.0/16', device: 'x', succeeded: true })
      .execute();
    await login(email, PASSWORD, 'Safari on iPhone');
    const alerts = (await c.get('/api/security/alerts')).json.alerts.map((a: any) => a.kind);
    assert.ok(alerts.includes('new_device'), JSON.stringify(alerts));
    assert.ok(alerts.includes('distant_networks'), JSON.stringify(alerts));
  });
  test('many failed sign-ins raise an alert for the organization, and lock nobody out', async () => {
    const email = other.email('clinician');
    for (let i = 0; i < 5; i++) await login(email, 'wrong-password-xyz');
    const { c } = await login(other.email('admin'));
    const kinds = (await c.get('/api/security/alerts?scope=organization')).json.alerts.map((a: any) => a.kind);
    assert.ok(kinds.includes('many_failed_logins'));
    assert.ok(!kinds.includes('account_locked'));
  });
});

describe('break-glass emergency access', () => {
  test('for clinicians only, approved by a second person, loudly audited, and ends on its own', async () => {
    const { c: adminC } = await login(org.email('admin'));
    const priv = (await adminC.post('/api/communities', { name: 'ICU family room', slug: 'icu-family', visibility: 'private' })).json
      .community.id;
    const { c: doc } = await login(org.email('patient2'), 'a-much-longer-secret-42');
    assert.equal((await doc.get(`/api/communities/${priv}`)).status, 404);
    const userId = org.actors[org.email('patient2')].userId;
    const { c: patientC } = await login(org.email('patient'));
    assert.equal(
      (await patientC.post('/api/security/break-glass', { userId: org.userId('patient'), reason: 'I want to see everything', minutes: 5 }))
        .status,
      403,
      'patients never ask',
    );
    const toPatient = await adminC.post('/api/security/break-glass', { userId, reason: 'Family emergency, need history', minutes: 30 });
    assert.equal(toPatient.status, 422, 'a patient never gets emergency access');
    assert.equal(toPatient.json.error.id, 'not_clinical');
    assert.equal((await adminC.patch(`/api/org/members/${userId}`, { role: 'clinician' })).status, 200);
    assert.equal(
      (await adminC.post('/api/security/break-glass', { userId, reason: 'x', minutes: 30 })).status,
      400,
      'a reason is required',
    );
    assert.equal(
      (await adminC.post('/api/security/break-glass', { userId, reason: 'Family emergency, need history', minutes: 999 })).status,
      400,
    );

    const byAdmin = await adminC.post('/api/security/break-glass', { userId, reason: 'Family emergency, need history', minutes: 30 });
    assert.equal(byAdmin.status, 201, byAdmin.text);
    assert.equal(byAdmin.json.grant.status, 'pending');
    assert.equal((await doc.get(`/api/communities/${priv}`)).status, 404, 'a request gives nothing until approved');
    const self = await adminC.post(`/api/security/break-glass/${byAdmin.json.grant.id}/approve`);
    assert.equal(self.status, 403, 'the requester cannot approve');
    assert.equal(self.json.error.id, 'second_person_required');
    assert.equal((await adminC.delete(`/api/security/break-glass/${byAdmin.json.grant.id}`)).status, 200);

    const asked = await doc.post('/api/security/break-glass', { userId, reason: 'Unconscious patient, need history', minutes: 30 });
    assert.equal(asked.status, 201, asked.text);
    assert.equal((await doc.post(`/api/security/break-glass/${asked.json.grant.id}/approve`)).status, 403, 'nor the grantee');
    assert.equal((await doc.get('/api/security/break-glass')).json.grants.length, 1, 'the clinician sees their own request');
    const listed = (await adminC.get('/api/security/break-glass')).json.grants.find((g: any) => g.id === asked.json.grant.id);
    assert.equal(listed.canApprove, true);
    const approved = await adminC.post(`/api/security/break-glass/${asked.json.grant.id}/approve`);
    assert.equal(approved.status, 200, approved.text);
    assert.equal((await doc.get(`/api/communities/${priv}`)).status, 200);
    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('actor_id', '=', userId)
      .where('action', '=', 'break_glass.access')
      .execute();
    assert.ok(audit.some((a) => a.target_id === 'GET /api/communities/:id'));
    const mails = await mailTo(org.email('compliance'));
    assert.ok(mails.some((m) => /Emergency access granted/.test(m)));
    await sql`UPDATE break_glass_grants SET expires_at = now() - interval '1 second' WHERE id = ${asked.json.grant.id}`.execute(
      server.ctx.db,
    );
    assert.equal((await doc.get(`/api/communities/${priv}`)).status, 404, 'expired grants give nothing');
    // The database refuses a grant approved by its own requester, whatever the code does.
    await assert.rejects(
      sql`UPDATE break_glass_grants SET approved_by = requested_by WHERE id = ${byAdmin.json.grant.id}`.execute(server.ctx.db),
    );
  });
});

describe('audit export', () => {
  test('compliance officers export the audit log as CSV; others cannot', async () => {
    const { c } = await login(other.email('compliance'));
    const r = await c.get('/api/audit/export.csv');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /text\/csv/);
    const lines = r.text.trim().split('\r\n');
    assert.equal(lines[0], 'seq,time,actor,actor_id,action,target_type,target_id,target,ip,detail,prev_hash,hash');
    assert.ok(lines.length > 3);
    assert.ok(!r.text.includes(org.orgId), 'no other organization in the export');
    const { c: staff } = await login(other.email('staff'));
    assert.equal((await staff.get('/api/audit/export.csv')).status, 404);
  });
});
