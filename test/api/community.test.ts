import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { verifyArchive } from '../../src/archive/index.ts';
import { verifyAuditChains } from '../../src/audit/index.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let a: Awaited<ReturnType<typeof createTestOrg>>;
let b: Awaited<ReturnType<typeof createTestOrg>>;
const as = (org: typeof a, role: string) => signedIn(server, org, role);
let comms: Client, patient: Client, patient2: Client, clinician: Client, compliance: Client;
let communityId: string, privateId: string;

before(async () => {
  server = await startTestServer();
  a = await createTestOrg(server.ctx);
  b = await createTestOrg(server.ctx);
  [comms, patient, patient2, clinician, compliance] = await Promise.all(
    ['communications', 'patient', 'patient2', 'clinician', 'compliance'].map((r) => as(a, r)),
  );
  const created = await comms.post('/api/communities', {
    name: 'Heart Health',
    slug: 'heart',
    description: 'Living well after a cardiac event',
    visibility: 'members',
  });
  assert.equal(created.status, 201, created.text);
  communityId = created.json.community.id;
  privateId = (await comms.post('/api/communities', { name: 'Staff lounge', slug: 'staff-lounge', visibility: 'private' })).json.community
    .id;
  for (const c of [patient, clinician])
    assert.equal((await c.post(`/api/communities/${communityId}/join`, { pseudonym: null })).status, 200);
});
after(() => server.close());

const newPost = (c: Client, body: string, extra: Record<string, unknown> = {}) =>
  c.post(`/api/communities/${communityId}/posts`, { title: 'Hello', body, ...extra });

describe('posting through the guard', () => {
  test('a clean post is stored, archived, audited and visible in the feed', async () => {
    const r = await newPost(patient, 'Cardiac rehab starts next week, any tips?');
    assert.equal(r.status, 201, r.text);
    const feed = await clinician.get(`/api/communities/${communityId}/posts`);
    assert.ok(feed.json.posts.some((p: any) => p.id === r.json.post.id && p.body.includes('Cardiac rehab')));
    const archived = await server.ctx.db.selectFrom('archive_entries').selectAll().where('record_id', '=', r.json.post.id).execute();
    assert.equal(archived.length, 1);
    assert.equal(archived[0].event, 'create');
    const dist = await server.ctx.db.selectFrom('distribution_log').selectAll().where('record_id', '=', r.json.post.id).execute();
    assert.equal(dist[0].destination_id, communityId);
    const audit = await server.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', r.json.post.id).execute();
    assert.equal(audit[0].action, 'post.create');
  });
  test('a name needs confirmation: 409 with offsets and categories, never the matched text', async () => {
    // Someone else's health in a community needs that person's consent, even from a patient.
    const health = await newPost(patient, 'Say hi to my neighbour Priscilla Okonkwo who had bypass surgery');
    assert.equal(health.status, 422);
    assert.equal(health.json.error.id, 'phi_consent_required');
    // Named without health information: a warning the author may confirm.
    const body = 'Say hi to my neighbour Priscilla Okonkwo who makes the best soup';
    const r = await newPost(patient, body);
    assert.equal(r.status, 409);
    assert.equal(r.json.error.id, 'phi_confirmation_required');
    assert.deepEqual(r.json.error.details.categories, ['SH01_NAME']);
    const f = r.json.error.details.findings.body[0];
    assert.equal(body.slice(f.start, f.end), 'Priscilla Okonkwo');
    assert.ok(!r.text.includes('Okonkwo'), 'the error does not echo the identifier');
    const confirmed = await newPost(patient, body, { confirmPhi: true });
    assert.equal(confirmed.status, 201);
    const decision = await server.ctx.db
      .selectFrom('guard_decisions')
      .selectAll()
      .where('record_id', '=', confirmed.json.post.id)
      .executeTakeFirstOrThrow();
    assert.equal(decision.decision, 'warn');
    assert.equal(decision.author_confirmed, true);
  });
  test('an SSN is blocked even when confirmed, and the refusal is recorded', async () => {
    const before = await server.ctx.db
      .selectFrom('posts')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const r = await newPost(patient, 'my ssn is 123-45-6789 can someone help with billing', { confirmPhi: true });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.id, 'phi_blocked');
    const after = await server.ctx.db
      .selectFrom('posts')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n, 'nothing stored');
    const rejected = await server.ctx.db.selectFrom('guard_decisions').selectAll().where('decision', '=', 'block').execute();
    assert.ok(rejected.some((d) => d.categories.includes('SH07_SSN') && d.outcome === 'rejected'));
  });
  test('hostile markup is stored as text and returned unchanged (the UI renders it inert)', async () => {
    const body = '<img src=x onerror=alert(1)><script>alert(2)</script> [x](javascript:alert(3))';
    const r = await newPost(patient, body);
    assert.equal(r.status, 201);
    const got = await patient.get(`/api/posts/${r.json.post.id}`);
    assert.equal(got.json.post.body, body);
    assert.match(got.headers.get('content-type') ?? '', /application\/json/);
  });
  test('a 100k-character post is refused with the limit in the message', async () => {
    const r = await newPost(patient, 'a'.repeat(100_000));
    assert.ok(r.status === 400 || r.status === 413, String(r.status));
    assert.match(r.json.error.message, /20000|too large/);
  });
  test('posting into a community one has not joined is refused', async () => {
    const r = await newPost(patient2, 'hello');
    assert.equal(r.status, 403);
  });
  test('patients cannot publish announcements', async () => {
    const r = await newPost(patient, 'Big news', { kind: 'announcement' });
    assert.equal(r.status, 403);
  });
  test('replying to a deleted post is refused; the archive keeps the post', async () => {
    const p = await newPost(patient, 'I will delete this');
    assert.equal((await patient.delete(`/api/posts/${p.json.post.id}`)).status, 200);
    const reply = await clinician.post(`/api/posts/${p.json.post.id}/comments`, { body: 'too late' });
    assert.equal(reply.status, 404);
    assert.equal((await clinician.get(`/api/posts/${p.json.post.id}`)).status, 404);
    const events = await server.ctx.db
      .selectFrom('archive_entries')
      .select(['event'])
      .where('record_id', '=', p.json.post.id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      events.map((e) => e.event),
      ['create', 'delete'],
    );
  });
  test('edits keep every version in the archive', async () => {
    const p = await newPost(patient, 'first version');
    const e = await patient.patch(`/api/posts/${p.json.post.id}`, { title: 'Hello', body: 'second version' });
    assert.equal(e.status, 200, e.text);
    assert.equal((await patient.get(`/api/posts/${p.json.post.id}`)).json.post.edited, true);
    const versions = await server.ctx.db
      .selectFrom('archive_entries as a')
      .innerJoin('archive_content as c', 'c.entry_id', 'a.id')
      .select(['a.version', 'c.content'])
      .where('a.record_id', '=', p.json.post.id)
      .orderBy('a.version')
      .execute();
    assert.deepEqual(
      versions.map((v) => (v.content as { body: string }).body),
      ['first version', 'second version'],
    );
    assert.equal((await clinician.patch(`/api/posts/${p.json.post.id}`, { title: 'x', body: 'hijack' })).status, 403);
  });
  test('search finds posts newest first and only where the reader may read', async () => {
    await newPost(patient, 'Beta blockers made me tired at first');
    const r = await clinician.get('/api/search?q=beta%20blockers');
    assert.equal(r.status, 200);
    assert.ok(r.json.posts[0].body.includes('Beta blockers'));
    const other = await as(b, 'clinician');
    assert.equal((await other.get('/api/search?q=beta%20blockers')).json.posts.length, 0);
  });
  test('care-team posts are for the care team: not other patients, not communications or other staff roles', async () => {
    const p = await newPost(clinician, 'Care team note: review medication list', { visibility: 'care_team' });
    assert.equal(p.status, 201, p.text);
    assert.equal((await patient.get(`/api/posts/${p.json.post.id}`)).status, 404);
    assert.equal(
      (await compliance.get(`/api/posts/${p.json.post.id}`)).status,
      404,
      'compliance reads records in the archive, not the care team feed',
    );
    assert.equal((await comms.get(`/api/posts/${p.json.post.id}`)).status, 404, 'communications and marketing never see care-team posts');
    const nurse = await as(a, 'staff');
    assert.equal((await nurse.get(`/api/posts/${p.json.post.id}`)).status, 404, 'a nurse outside the community is not its care team');
    await nurse.post(`/api/communities/${communityId}/join`, { pseudonym: null });
    assert.equal((await nurse.get(`/api/posts/${p.json.post.id}`)).status, 200, 'a nurse in the community is');
    const feed = (await comms.get(`/api/communities/${communityId}/posts`)).json.posts;
    assert.ok(!feed.some((x: any) => x.id === p.json.post.id), 'nor in the feed');
  });
});

// Cross-organization checks over every id route live in isolation.test.ts.
describe('hidden resources (from the outside)', () => {
  test('forged and injection ids are a clean 404', async () => {
    for (const id of ["1' OR '1'='1", '../../etc/passwd', '<script>', '00000000-0000-0000-0000-000000000000']) {
      const r = await patient.get(`/api/posts/${encodeURIComponent(id)}`);
      assert.equal(r.status, 404, id);
    }
  });
  test('private communities are invisible to non-members', async () => {
    assert.equal((await patient.get(`/api/communities/${privateId}`)).status, 404);
    assert.ok(!(await patient.get('/api/communities')).json.communities.some((c: any) => c.id === privateId));
    assert.equal((await patient.post(`/api/communities/${privateId}/join`, { pseudonym: null })).status, 404);
  });
  test('the audit log is for compliance officers only', async () => {
    assert.equal((await patient.get('/api/audit')).status, 404);
    const r = await compliance.get('/api/audit?action=post.');
    assert.equal(r.status, 200);
    assert.ok(r.json.events.length > 0);
    assert.ok(r.json.events.every((e: any) => e.action.startsWith('post.')));
  });
});

describe('integrity', () => {
  test('audit and archive chains verify, and tampering with a row is detected', async () => {
    assert.ok((await verifyAuditChains(server.ctx.db)).every((r) => r.ok));
    assert.ok((await verifyArchive(server.ctx.db)).every((r) => r.ok));
    const victim = await server.ctx.db
      .selectFrom('archive_entries')
      .select(['id', 'seq'])
      .where('org_id', '=', a.orgId)
      .orderBy('seq')
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`UPDATE archive_content SET content = jsonb_set(content, '{body}', '"rewritten"') WHERE entry_id = ${victim.id}`.execute(
      server.ctx.db,
    );
    const report = (await verifyArchive(server.ctx.db, a.orgId))[0];
    assert.equal(report.ok, false);
    assert.equal(report.firstBroken!.seq, Number(victim.seq));
    const auditRow = await server.ctx.db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where('org_id', '=', a.orgId)
      .orderBy('seq')
      .offset(3)
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET action = 'nothing.happened' WHERE id = ${auditRow.id}`.execute(server.ctx.db);
    const audit = (await verifyAuditChains(server.ctx.db, a.orgId))[0];
    assert.equal(audit.ok, false);
    assert.equal(audit.firstBroken!.seq, Number(auditRow.seq));
    const api = await compliance.get('/api/audit/verify');
    assert.equal(api.json.ok, false);
  });
});
