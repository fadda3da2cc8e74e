import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { captureRecord } from '../../src/archive/index.ts';
import { runRetentionSchedule } from '../../src/archive/disposition.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import type { Client } from '../helpers/http.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let officer: Client, admin: Client, comms: Client;
const YEARS_AGO = (n: number) => new Date(Date.now() - n * 365.25 * 86_400_000);
const HOURS = (n: number) => new Date(Date.now() + n * 3_600_000);

/** An archived record of a class, written `at` (the archive takes the moment it is given). */
async function archived(recordClass: string, at: Date, body: string) {
  const id = crypto.randomUUID();
  await server.ctx.db.transaction().execute((tx) =>
    captureRecord(tx, {
      orgId: org.orgId,
      recordKind: 'post',
      recordId: id,
      recordClass,
      event: 'create',
      version: 1,
      authorId: org.userId('patient'),
      channel: 'community:test',
      content: { body },
      occurredAt: at,
    }),
  );
  return id;
}
const contentOf = async (id: string) =>
  (
    await server.ctx.db
      .selectFrom('archive_entries as a')
      .leftJoin('archive_content as c', 'c.entry_id', 'a.id')
      .select('c.content')
      .where('a.record_id', '=', id)
      .executeTakeFirstOrThrow()
  ).content;

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx, undefined, { trained: false });
  [officer, admin, comms] = await Promise.all(['compliance', 'admin', 'communications'].map((r) => signedIn(server, org, r)));
});
after(() => server.close());

describe('retention rules: floors, warnings, edits with effective dates', () => {
  test('floors cannot be undercut, short rules are warned about, a 0-year rule must be confirmed', async () => {
    const consent = await officer.post('/api/archive/rules', {
      recordClass: 'consent',
      jurisdiction: 'US-HIPAA',
      years: 2,
      basis: 'mistake',
    });
    assert.equal(consent.status, 400);
    assert.match(consent.json.error.message, /consent records are kept at least 6 years/);
    const zero = await officer.post('/api/archive/rules', {
      recordClass: 'community_content',
      jurisdiction: 'US-HIPAA',
      years: 0,
      basis: 'test',
    });
    assert.equal(zero.status, 400);
    assert.match(zero.json.error.message, /Confirm that this is intended/);
    const short = await officer.post('/api/archive/rules', {
      recordClass: 'community_content',
      jurisdiction: 'US-HIPAA',
      years: 2,
      basis: 'community posts, two years',
    });
    assert.equal(short.status, 201, short.text);
    assert.match(short.json.warnings[0], /2 year\(s\) is short/);
    // The organization's own floor: a state keeps these records ten years.
    const floor = await officer.post('/api/archive/floors', {
      recordClass: 'community_content',
      jurisdiction: 'US-CA',
      years: 10,
      basis: 'California medical-record period',
    });
    assert.equal(floor.status, 201, floor.text);
    const ca = await officer.post('/api/archive/rules', {
      recordClass: 'community_content',
      jurisdiction: 'US-CA',
      years: 7,
      basis: 'state',
    });
    assert.equal(ca.status, 400);
    assert.match(ca.json.error.message, /at least 10 years in US-CA/);
    const rules = (await officer.get('/api/archive/rules')).json;
    assert.ok(rules.floors.some((f: { builtIn: boolean; recordClass: string }) => f.builtIn && f.recordClass === 'training_record'));
    const badDate = await officer.put(`/api/archive/rules/${short.json.rule.id}`, {
      years: 3,
      basis: 'x y z',
      effectiveFrom: '-200000-01-01T00:00:00Z',
    });
    assert.equal(badDate.status, 400, 'a date out of range is a clear 400');
  });

  test('an edit is audited with before and after; a retired rule stops applying', async () => {
    const { rules } = (await officer.get('/api/archive/rules')).json;
    const rule = rules.find((r: { record_class: string }) => r.record_class === 'community_content');
    assert.equal((await officer.put(`/api/archive/rules/${rule.id}`, { years: 3, basis: 'community posts, three years' })).status, 200);
    const audit = await server.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'retention.rule_changed')
      .where('target_id', '=', rule.id)
      .executeTakeFirstOrThrow();
    const detail = (typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail) as {
      before: { years: number };
      after: { years: number };
    };
    assert.deepEqual([detail.before.years, detail.after.years], [2, 3]);
    const temp = await officer.post('/api/archive/rules', {
      recordClass: 'message',
      jurisdiction: 'US-HIPAA',
      years: 6,
      basis: 'messages',
    });
    assert.equal((await officer.post(`/api/archive/rules/${temp.json.rule.id}/retire`)).status, 200);
    assert.equal((await officer.post(`/api/archive/rules/${temp.json.rule.id}/retire`)).status, 409);
    assert.equal((await officer.put(`/api/archive/rules/${temp.json.rule.id}`, { years: 7, basis: 'again' })).status, 409);
    const preview = (await officer.get('/api/archive/disposition/preview')).json;
    assert.ok(!preview.rules.some((r: { recordClass: string }) => r.recordClass === 'message'), 'a retired rule does not apply');
  });
});

describe('destruction with two keys', () => {
  test('preview, request, a second person approves, the delay passes, then it runs: never by one person alone', async () => {
    const old = await archived('community_content', YEARS_AGO(5), 'An old post about my knee');
    const held = await archived('community_content', YEARS_AGO(5), 'An old post about the billing lawsuit');
    const fresh = await archived('community_content', YEARS_AGO(1), 'A recent post');
    assert.equal(
      (await officer.post('/api/archive/holds', { name: 'Billing dispute', reason: 'Pending litigation', keywords: ['lawsuit'] })).status,
      201,
    );
    const preview = await officer.get('/api/archive/disposition/preview');
    assert.equal(preview.status, 200, preview.text);
    const row = preview.json.breakdown.find((b: { recordClass: string }) => b.recordClass === 'community_content');
    assert.deepEqual(
      { jurisdiction: row.jurisdiction, years: row.years, records: row.records, held: row.heldRecords },
      { jurisdiction: 'US-HIPAA', years: 3, records: 2, held: 1 },
    );
    assert.equal((await comms.get('/api/archive/disposition/preview')).status, 404, 'only those who may dispose');
    assert.ok(await contentOf(old), 'a preview destroys nothing');

    const req = await officer.post('/api/archive/dispositions');
    assert.equal(req.status, 201, req.text);
    assert.equal((await officer.post('/api/archive/dispositions')).status, 409, 'one open request at a time');
    const id = req.json.request.id;
    const self = await officer.post(`/api/archive/dispositions/${id}/approve`);
    assert.equal(self.status, 403, 'the requester is not the second key');
    await runRetentionSchedule(server.ctx.db, server.ctx.secrets, org.orgId, HOURS(1000));
    assert.ok(await contentOf(old), 'nothing runs before approval');
    const approved = await admin.post(`/api/archive/dispositions/${id}/approve`);
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.json.status, 'approved');
    const runsAfter = new Date(approved.json.runsAfter).getTime();
    assert.ok(Math.abs(runsAfter - HOURS(72).getTime()) < 60_000, 'runs after the delay');
    assert.equal((await runRetentionSchedule(server.ctx.db, server.ctx.secrets, org.orgId, HOURS(71))).executed, 0);
    assert.ok(await contentOf(old), 'still there during the delay');
    // Two processes run the schedule at once: it is carried out once.
    const runs = await Promise.all([0, 1].map(() => runRetentionSchedule(server.ctx.db, server.ctx.secrets, org.orgId, HOURS(73))));
    assert.equal(
      runs.reduce((n, r) => n + r.executed, 0),
      1,
    );
    assert.equal(await contentOf(old), null, 'destroyed');
    assert.ok(await contentOf(held), 'a held record is kept');
    assert.ok(await contentOf(fresh), 'a record not yet expired is kept');
    const list = (await officer.get('/api/archive/dispositions')).json;
    const done = list.requests.find((r: { id: string }) => r.id === id);
    assert.equal(done.status, 'executed');
    assert.ok(done.certificateId);
    assert.equal(done.result.records, 1);
    assert.equal((await officer.get(`/api/archive/certificates/${done.certificateId}/verify`)).json.valid, true);
  });

  test('the schedule proposes a request that two different people approve; a request can be cancelled before it runs', async () => {
    await archived('community_content', YEARS_AGO(6), 'Another old post');
    const r = await runRetentionSchedule(server.ctx.db, server.ctx.secrets, org.orgId);
    assert.equal(r.proposed, true);
    const open = (await officer.get('/api/archive/dispositions')).json.requests[0];
    assert.equal(open.requestedBy, 'the retention schedule');
    assert.equal(open.approvalsRequired, 2);
    const first = await officer.post(`/api/archive/dispositions/${open.id}/approve`);
    assert.equal(first.json.status, 'pending', 'one key is not enough');
    assert.equal((await officer.post(`/api/archive/dispositions/${open.id}/approve`)).status, 409, 'not twice by the same person');
    assert.equal((await admin.post(`/api/archive/dispositions/${open.id}/approve`)).json.status, 'approved');
    assert.equal((await officer.post(`/api/archive/dispositions/${open.id}/cancel`)).status, 200);
    assert.equal(
      (await runRetentionSchedule(server.ctx.db, server.ctx.secrets, org.orgId, HOURS(100))).executed,
      0,
      'a cancelled request never runs',
    );
    assert.equal((await officer.post(`/api/archive/dispositions/${open.id}/cancel`)).status, 409);
    assert.equal((await officer.post('/api/archive/dispositions/00000000-0000-4000-8000-000000000000/approve')).status, 404);
  });
});
