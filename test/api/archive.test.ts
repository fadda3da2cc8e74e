import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { captureRecord, captureRecords, verifyArchive } from '../../src/archive/index.ts';
import { runDisposition } from '../../src/archive/retention.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let officer: Client, patient: Client, patient2: Client, comms: Client;
let communityId: string;
const idOf = (role: string) => org.userId(role);
// The sweep takes its "now": eight years on, today's posts are eight years old.
const IN_EIGHT_YEARS = new Date(Date.now() + 8 * 365.25 * 86_400_000);

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx, undefined, { trained: false }); // staff training would add its own (six-year) records to the sweeps counted here;
  officer = new Client(server.url);
  await officer.login(org.email('compliance'), PASSWORD);
  [patient, patient2, comms] = await Promise.all(
    ['patient', 'patient2', 'communications'].map(async (r) => {
      const c = new Client(server.url);
      await c.login(org.email(r), PASSWORD);
      return c;
    }),
  );
  communityId = (await comms.post('/api/communities', { name: 'Archive test', slug: 'archive-test', visibility: 'members' })).json.community
    .id;
  for (const c of [patient, patient2]) await c.post(`/api/communities/${communityId}/join`, { pseudonym: null });
});
after(() => server.close());

const post = async (c: Client, body: string) => (await c.post(`/api/communities/${communityId}/posts`, { body })).json.post.id as string;

describe('retention, legal holds and destruction', () => {
  test('expired records are destroyed with a signed certificate; held ones are kept until the hold is released', async () => {
    const old = await post(patient, 'An old note about my insulin pump settings');
    const heldOld = await post(patient2, 'An old note mentioning the lawsuit about billing');
    // A record from eight years on: fresh when the sweep runs then.
    const fresh = '00000000-0000-4000-8000-00000000f00d';
    // An old record edited eight years on: its first version is old, the record is not.
    const edited = await post(patient, 'An old note about my walking group');
    const lateEntry = (recordId: string, version: number, body: string) =>
      server.ctx.db.transaction().execute((tx) =>
        captureRecord(tx, {
          orgId: org.orgId,
          recordKind: 'post',
          recordId,
          recordClass: 'community_content',
          event: version === 1 ? 'create' : 'edit',
          version,
          authorId: idOf('patient'),
          channel: `community:${communityId}`,
          content: { body },
          occurredAt: new Date(IN_EIGHT_YEARS.getTime() - 86_400_000),
        }),
      );
    await lateEntry(fresh, 1, 'A recent note about walking');
    await lateEntry(edited, 2, 'The walking group meets on Fridays now');
    assert.equal(
      (
        await officer.post('/api/archive/rules', {
          recordClass: 'community_content',
          jurisdiction: 'US-HIPAA',
          years: 6,
          basis: '45 CFR 164.316(b)(2)',
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await officer.post('/api/archive/rules', {
          recordClass: 'community_content',
          jurisdiction: 'US-CA',
          years: 7,
          basis: 'state medical-record period',
        })
      ).status,
      201,
    );
    const hold = await officer.post('/api/archive/holds', { name: 'Billing dispute', reason: 'Pending litigation', keywords: ['lawsuit'] });
    assert.equal(hold.status, 201, hold.text);

    const today = await officer.post('/api/archive/dispositions');
    assert.equal(today.status, 409, today.text);
    assert.match(today.json.error.message, /Nothing has expired/);
    const sweep = await runDisposition(server.ctx.db, server.ctx.secrets, org.orgId, IN_EIGHT_YEARS);
    assert.equal(sweep.records, 1);
    assert.equal(sweep.heldRecords, 1);
    const entries = await server.ctx.db
      .selectFrom('archive_entries as a')
      .leftJoin('archive_content as c', 'c.entry_id', 'a.id')
      .leftJoin('archive_destructions as d', 'd.entry_id', 'a.id')
      .select(['a.record_id', 'c.content', 'd.certificate_id'])
      .where('a.record_id', 'in', [old, heldOld, fresh, edited])
      .execute();
    const byId = Object.fromEntries(entries.map((e) => [e.record_id, e]));
    assert.equal(byId[old].content, null);
    assert.ok(byId[old].certificate_id);
    assert.ok(byId[heldOld].content, 'held record kept');
    assert.ok(byId[fresh].content, 'fresh record kept');
    const editedEntries = entries.filter((e) => e.record_id === edited);
    assert.equal(editedEntries.length, 2);
    assert.ok(
      editedEntries.every((e) => e.content && !e.certificate_id),
      'a record with a recent version is kept whole, its old version too',
    );
    // The sweep forgets what it destroyed, and keeps what it did not.
    const tracked = await server.ctx.db.selectFrom('archive_records').select('record_id').where('org_id', '=', org.orgId).execute();
    const trackedIds = new Set(tracked.map((r) => r.record_id));
    assert.ok(!trackedIds.has(old));
    assert.ok([heldOld, fresh, edited].every((id) => trackedIds.has(id)));
    assert.equal((await patient2.get(`/api/posts/${old}`)).status, 404, 'the live copy is gone too');
    const certs = (await officer.get('/api/archive/certificates')).json.certificates;
    assert.equal(certs[0].entries, 1);
    assert.equal(certs[0].rules.find((r: any) => r.recordClass === 'community_content').years, 7, 'the longest rule wins');
    assert.equal((await officer.get(`/api/archive/certificates/${certs[0].id}/verify`)).json.valid, true);
    assert.ok((await verifyArchive(server.ctx.db, org.orgId))[0].ok, 'the chain still verifies after destruction');

    assert.equal((await officer.post(`/api/archive/holds/${hold.json.hold.id}/release`)).status, 200);
    const after = await runDisposition(server.ctx.db, server.ctx.secrets, org.orgId, IN_EIGHT_YEARS);
    assert.equal(after.records, 1);
    const gone = await server.ctx.db
      .selectFrom('archive_entries as a')
      .leftJoin('archive_content as c', 'c.entry_id', 'a.id')
      .select('c.content')
      .where('a.record_id', '=', heldOld)
      .executeTakeFirstOrThrow();
    assert.equal(gone.content, null);
  });
  test('GDPR erasure is restricted while a hold applies and completes when it is released', async () => {
    await post(patient2, 'Please keep this, it is about the incident report');
    const hold = await officer.post('/api/archive/holds', { name: 'Incident', reason: 'Investigation', custodianIds: [idOf('patient2')] });
    const req = await officer.post('/api/archive/erasures', { subjectId: idOf('patient2') });
    assert.equal(req.status, 201, req.text);
    assert.equal(req.json.status, 'restricted');
    const feed = await patient.get(`/api/communities/${communityId}/posts`);
    assert.ok(!feed.json.posts.some((p: any) => p.author.id === idOf('patient2')), 'restricted content is hidden');
    await officer.post(`/api/archive/holds/${hold.json.hold.id}/release`);
    const left = await server.ctx.db
      .selectFrom('archive_entries as a')
      .innerJoin('archive_content as c', 'c.entry_id', 'a.id')
      .select(['a.record_kind', 'a.event', 'c.content_text'])
      .where('a.author_id', '=', idOf('patient2'))
      .execute();
    assert.deepEqual(left, []);
    const status = await server.ctx.db
      .selectFrom('erasure_requests')
      .select('status')
      .where('id', '=', req.json.requestId)
      .executeTakeFirstOrThrow();
    assert.equal(status.status, 'erased');
  });
  test('content removed without a certificate is caught by verify', async () => {
    const victim = await server.ctx.db
      .selectFrom('archive_content')
      .select('entry_id')
      .where('org_id', '=', org.orgId)
      .executeTakeFirstOrThrow();
    const saved = await server.ctx.db
      .selectFrom('archive_content')
      .selectAll()
      .where('entry_id', '=', victim.entry_id)
      .executeTakeFirstOrThrow();
    await server.ctx.db.deleteFrom('archive_content').where('entry_id', '=', victim.entry_id).execute();
    const report = (await officer.get('/api/archive/verify')).json;
    assert.equal(report.ok, false);
    assert.match(report.firstBroken.reason, /no destruction was certified/);
    await server.ctx.db
      .insertInto('archive_content')
      .values({
        entry_id: saved.entry_id,
        org_id: saved.org_id,
        content: JSON.stringify(saved.content),
        content_text: saved.content_text,
        occurred_at: saved.occurred_at,
        author_id: saved.author_id,
        record_kind: saved.record_kind,
        channel: saved.channel,
      })
      .execute();
    assert.equal((await officer.get('/api/archive/verify')).json.ok, true);
  });
});

describe('eDiscovery', () => {
  test('search by custodian and keyword, newest first; only compliance officers', async () => {
    await post(patient, 'Metformin made my stomach upset at first');
    await post(patient, 'Second note about metformin timing');
    const r = await officer.get(`/api/archive/search?custodianId=${idOf('patient')}&keyword=metformin`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.entries.length, 2);
    assert.match(r.json.entries[0].text, /Second note/);
    assert.equal((await patient.get('/api/archive/search?keyword=metformin')).status, 404);
    assert.equal((await comms.get('/api/archive/search?keyword=metformin')).status, 404);
  });
  test('counting stops at 10,000 and the facets then count among those; kind and channel narrow', async () => {
    // 10,002 records through the archive writer in one transaction (it writes them in chunks): half posts
    // in the community, half comments published to a network, a minute apart.
    const start = Date.now() - 20_000 * 60_000;
    const captures = Array.from({ length: 10_002 }, (_, i) => ({
      orgId: org.orgId,
      recordKind: i % 2 ? 'comment' : 'post',
      recordId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      recordClass: 'community_content',
      event: 'create' as const,
      version: 1,
      authorId: idOf(i % 2 ? 'patient2' : 'patient'),
      channel: i % 2 ? 'publisher' : `community:${communityId}`,
      content: { body: `Zeolite filter note ${i}` },
      occurredAt: new Date(start + i * 60_000),
    }));
    await server.ctx.db.transaction().execute((tx) => captureRecords(tx, captures));

    const all = await officer.get('/api/archive/search?keyword=zeolite');
    assert.equal(all.status, 200, all.text);
    assert.equal(all.json.total, 10_000);
    assert.equal(all.json.more, true);
    assert.equal(all.json.entries.length, 100);
    assert.match(all.json.entries[0].text, /note 10001\b/, 'newest first');
    assert.match(all.json.entries[99].text, /note 9902\b/);
    const sum = (facet: { count: number }[]) => facet.reduce((n, f) => n + f.count, 0);
    assert.equal(sum(all.json.facets.kinds), 10_000, 'the facets count among the 10,000 counted');
    assert.equal(sum(all.json.facets.custodians), 10_000);
    assert.deepEqual(all.json.facets.kinds.map((f: { value: string }) => f.value).sort(), ['comment', 'post']);

    const comments = await officer.get('/api/archive/search?keyword=zeolite&recordKind=comment&limit=5&offset=10');
    assert.equal(comments.json.total, 5_001);
    assert.equal(comments.json.more, false);
    assert.deepEqual(comments.json.facets.kinds, [{ value: 'comment', label: 'comment', count: 5_001 }]);
    assert.deepEqual(
      comments.json.facets.custodians.map((f: { value: string; count: number }) => [f.value, f.count]),
      [[idOf('patient2'), 5_001]],
    );
    assert.deepEqual(
      comments.json.entries.map((e: { text: string }) => Number(/note (\d+)/.exec(e.text)![1])),
      [9981, 9979, 9977, 9975, 9973],
      'a later page, newest first',
    );
    const inCommunity = await officer.get(`/api/archive/search?keyword=zeolite&channel=${encodeURIComponent(`community:${communityId}`)}`);
    assert.equal(inCommunity.json.total, 5_001);
    assert.deepEqual(
      inCommunity.json.facets.channels.map((f: { label: string }) => f.label),
      ['Community: Archive test'],
    );
    const byPatient = await officer.get(`/api/archive/search?keyword=zeolite&custodianId=${idOf('patient')}&limit=1`);
    assert.equal(byPatient.json.total, 5_001);
    assert.match(byPatient.json.entries[0].text, /note 10000\b/);
  });
  test('a production ZIP has natives, texts, a Concordance DAT, EDRM XML, hashes, Bates numbers and a signed manifest', async () => {
    const made = await officer.post('/api/archive/productions', {
      name: 'Metformin matter',
      batesPrefix: 'HBL',
      query: { keyword: 'metformin' },
    });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.production.documents, 2);
    const res = await fetch(`${server.url}/api/archive/productions/${made.json.production.id}/download`, {
      headers: { cookie: officer.cookieHeader },
    });
    assert.equal(res.status, 200);
    const zip = new Uint8Array(await res.arrayBuffer());
    assert.equal(createHash('sha256').update(zip).digest('hex'), made.json.production.sha256, 'the download is the production as made');
    const files = unzipSync(zip);
    assert.ok(files['NATIVES/HBL0000001.json'] && files['TEXT/HBL0000002.txt']);
    const dat = strFromU8(files['DATA/loadfile.dat']);
    const lines = dat
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 3);
    const fields = lines[1].split('\u0014').map((f) => f.replace(/^þ|þ$/g, ''));
    assert.equal(fields[0], 'HBL0000001');
    const native = files['NATIVES/HBL0000001.json'];
    assert.equal(fields[10], createHash('md5').update(native).digest('hex'));
    assert.equal(fields[11], createHash('sha256').update(native).digest('hex'));
    const edrm = strFromU8(files['DATA/edrm.xml']);
    assert.match(edrm, /<Document DocID="HBL0000002"/);
    const manifest = strFromU8(files['manifest.json']);
    const stored = (
      await server.ctx.db.selectFrom('signing_keys').select('secret').where('org_id', '=', org.orgId).executeTakeFirstOrThrow()
    ).secret;
    assert.match(stored, /^v1\./, 'the signing key is sealed at rest');
    const key = server.ctx.secrets.open(stored, `signing:${org.orgId}`);
    assert.equal(strFromU8(files['manifest.sig']).trim(), `HMAC-SHA256 ${createHmac('sha256', key).update(manifest).digest('hex')}`);
    const custody = (await officer.get(`/api/archive/productions/${made.json.production.id}/custody`)).json.events.map(
      (e: any) => e.action,
    );
    assert.deepEqual(custody, ['created', 'downloaded']);
  });
  test('a record that changed after production makes the download refuse, not lie', async () => {
    const made = await officer.post('/api/archive/productions', { name: 'Second', batesPrefix: 'HBX', query: { keyword: 'metformin' } });
    await sql`DELETE FROM archive_content WHERE content_text ILIKE '%metformin timing%'`.execute(server.ctx.db);
    const r = await officer.get(`/api/archive/productions/${made.json.production.id}/download`);
    assert.equal(r.status, 409);
    assert.equal(r.json.error.id, 'production_changed');
  });
  test('a record shows every version and where it went', async () => {
    const id = await post(patient, 'Version one');
    await patient.patch(`/api/posts/${id}`, { body: 'Version two' });
    const r = await officer.get(`/api/archive/records/post/${id}`);
    assert.deepEqual(
      r.json.versions.map((v: any) => v.content.body),
      ['Version one', 'Version two'],
    );
    assert.equal(r.json.distribution[0].destination, communityId);
  });
});
