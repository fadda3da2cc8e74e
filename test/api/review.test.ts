import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { canonicalJson } from '../../src/shared/canonical.ts';
import { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let officer: Client, patient: Client, patient2: Client, comms: Client, admin: Client;
let communityId: string;

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx, undefined, { trained: false });
  [officer, patient, patient2, comms, admin] = await Promise.all(
    ['compliance', 'patient', 'patient2', 'communications', 'admin'].map((r) => signedIn(server, org, r)),
  );
  communityId = (await comms.post('/api/communities', { name: 'Review test', slug: 'review-test', visibility: 'members' })).json.community
    .id;
  for (const c of [patient, patient2]) await c.post(`/api/communities/${communityId}/join`, { pseudonym: null });
  await patient.post(`/api/communities/${communityId}/posts`, { body: 'My dialysis schedule moved to Tuesday mornings.' });
  await patient.post(`/api/communities/${communityId}/posts`, { body: 'Dialysis nurses were lovely today, thank you.' });
  await patient2.post(`/api/communities/${communityId}/posts`, { body: 'Anyone else on dialysis and working nights?' });
  await patient2.post(`/api/communities/${communityId}/posts`, { body: 'A note about parking, nothing else.' });
});
after(() => server.close());

const download = async (id: string) => {
  const res = await fetch(`${server.url}/api/archive/productions/${id}/download`, { headers: { cookie: officer.cookieHeader } });
  assert.equal(res.status, 200, await res.clone().text());
  return new Uint8Array(await res.arrayBuffer());
};

describe('review like an eDiscovery platform', () => {
  test('search answers a total, counts by custodian, channel and kind, highlighted snippets and pages', async () => {
    const r = await officer.get('/api/archive/search?keyword=dialysis&limit=2');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, 3);
    assert.equal(r.json.entries.length, 2, 'a page of two');
    const byName = Object.fromEntries(r.json.facets.custodians.map((f: any) => [f.label, f.count]));
    assert.deepEqual(byName, { [org.actors[org.email('patient')].displayName]: 2, [org.actors[org.email('patient2')].displayName]: 1 });
    assert.deepEqual(
      r.json.facets.channels.map((f: any) => [f.value, f.count]),
      [[`community:${communityId}`, 3]],
    );
    const hits = r.json.entries[0].snippet.filter((p: any) => p.hit).map((p: any) => p.text.toLowerCase());
    assert.deepEqual(hits, ['dialysis'], 'the matching word is marked');
    assert.equal(
      r.json.entries[0].snippet
        .map((p: any) => p.text)
        .join('')
        .trim(),
      r.json.entries[0].text.trim(),
      'the snippet of a short text is the whole text',
    );
    const next = await officer.get('/api/archive/search?keyword=dialysis&limit=2&offset=2');
    assert.equal(next.json.entries.length, 1);
    assert.notEqual(next.json.entries[0].seq, r.json.entries[0].seq);
    const mine = await officer.get(`/api/archive/search?keyword=dialysis&custodianId=${org.userId('patient2')}`);
    assert.equal(mine.json.total, 1);
    assert.equal((await officer.get('/api/archive/search?from=-200000-01-01')).status, 400, 'a year like -200000 is refused, not a 500');
  });

  test('saved searches feed review sets; reviewers are assigned in turn, code documents, and see their own queue', async () => {
    const saved = await officer.post('/api/archive/saved-searches', { name: 'Dialysis matter', query: { keyword: 'dialysis' } });
    assert.equal(saved.status, 201, saved.text);
    assert.equal(
      (await officer.post('/api/archive/saved-searches', { name: 'Dialysis matter', query: {} })).status,
      409,
      'names are unique',
    );
    const list = await officer.get('/api/archive/saved-searches');
    assert.deepEqual(list.json.searches[0].query, { keyword: 'dialysis' });

    const set = await officer.post('/api/archive/review-sets', { name: 'First pass', savedSearchId: saved.json.id });
    assert.equal(set.status, 201, set.text);
    assert.equal(set.json.documents, 3);
    // A second officer to share the work with.
    const second = await server.ctx.db
      .insertInto('users')
      .values({ email: `second-officer@${org.slug}.test`, display_name: 'Second Officer', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await server.ctx.db.insertInto('memberships').values({ org_id: org.orgId, user_id: second.id, role: 'compliance' }).execute();
    const refused = await officer.post(`/api/archive/review-sets/${set.json.id}/assign`, { reviewerIds: [org.userId('communications')] });
    assert.equal(refused.status, 400, 'only people who may read the archive review it');
    const assigned = await officer.post(`/api/archive/review-sets/${set.json.id}/assign`, {
      reviewerIds: [org.userId('compliance'), second.id],
    });
    assert.equal(assigned.json.assigned, 3);
    const mine = await officer.get(`/api/archive/review-sets/${set.json.id}/items?mine=true`);
    assert.equal(mine.json.total, 2, 'positions 1 and 3 to the first reviewer, 2 to the second');
    assert.deepEqual(
      mine.json.items.map((i: any) => i.position),
      [1, 3],
    );

    const coded = await officer.put(`/api/archive/review-sets/${set.json.id}/items/1`, { tags: ['responsive'], note: '' });
    assert.equal(coded.status, 200, coded.text);
    await officer.put(`/api/archive/review-sets/${set.json.id}/items/2`, {
      tags: ['responsive', 'privileged'],
      note: 'Sent to counsel for advice',
    });
    await officer.put(`/api/archive/review-sets/${set.json.id}/items/3`, { tags: ['non_responsive'], note: '' });
    assert.equal(
      (await officer.put(`/api/archive/review-sets/${set.json.id}/items/3`, { tags: ['responsive', 'non_responsive'] })).status,
      409,
    );
    assert.equal((await officer.put(`/api/archive/review-sets/${set.json.id}/items/3`, { tags: ['secret'] })).status, 400);
    const summary = await officer.get(`/api/archive/review-sets/${set.json.id}`);
    assert.equal(summary.json.reviewed, 3);
    assert.deepEqual(summary.json.tags, { responsive: 2, privileged: 1, non_responsive: 1 });
    const privileged = await officer.get(`/api/archive/review-sets/${set.json.id}/items?tag=privileged`);
    assert.equal(privileged.json.items[0].note, 'Sent to counsel for advice');

    // Production of the responsive documents: the privileged one withheld into a privilege log, Bates from 100.
    const made = await officer.post('/api/archive/productions', {
      name: 'Smith v. Harbor — volume 1',
      batesPrefix: 'SMITH',
      batesStart: 100,
      reviewSetId: set.json.id,
    });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.production.documents, 1);
    assert.equal(made.json.production.withheld, 1);
    const zip = await download(made.json.production.id);
    assert.equal(createHash('sha256').update(zip).digest('hex'), made.json.production.sha256);
    const files = unzipSync(zip);
    assert.ok(files['NATIVES/SMITH0000100.json'], 'Bates numbers start where asked');
    assert.ok(!files['NATIVES/SMITH0000101.json'], 'the privileged document is not produced');
    const log = strFromU8(files['DATA/privilege_log.csv']);
    assert.match(log, /Sent to counsel for advice/);
    assert.doesNotMatch(log, /dialysis/i, 'the privilege log describes, never quotes');
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    assert.deepEqual(manifest.batesRange, ['SMITH0000100', 'SMITH0000100']);
    assert.equal(manifest.withheld, 1);
    const listed = await officer.get('/api/archive/productions');
    assert.equal(listed.json.productions[0].name, 'Smith v. Harbor — volume 1');
    assert.equal(listed.json.productions[0].batesStart, 100);
    assert.equal(listed.json.productions[0].by, org.actors[org.email('compliance')].displayName);
  });

  test('a streamed production is a valid ZIP for standard tools and rebuilds byte for byte', async () => {
    const made = await officer.post('/api/archive/productions', { name: 'All of it', batesPrefix: 'ALL', query: {} });
    assert.equal(made.status, 201, made.text);
    const zip = await download(made.json.production.id);
    const again = await download(made.json.production.id);
    assert.deepEqual(again, zip, 'the same bytes every time');
    const dir = mkdtempSync(join(tmpdir(), 'harborline-zip-test-'));
    try {
      writeFileSync(join(dir, 'p.zip'), zip);
      // Info-ZIP's own integrity test, then Python's reader (central directory, data descriptors, CRCs).
      const unzip = execFileSync('unzip', ['-t', join(dir, 'p.zip')], { encoding: 'utf8' });
      assert.match(unzip, /No errors detected/);
      const names = execFileSync(
        'python3',
        [
          '-c',
          'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))',
          join(dir, 'p.zip'),
        ],
        { encoding: 'utf8' },
      );
      assert.equal(Number(names.trim()), made.json.production.documents * 2 + 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a production made before productions streamed (format 1) is rebuilt exactly as it was made', async () => {
    const made = await officer.post('/api/archive/productions', {
      name: 'Made earlier',
      batesPrefix: 'OLD',
      query: { keyword: 'dialysis' },
    });
    const id = made.json.production.id;
    const files = unzipSync(await download(id));
    // What the earlier version built: the same files in the same order, zipped in memory by fflate at level
    // 6, with a manifest that had no batesStart or withheld, signed with the organization's key.
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    delete manifest.batesStart;
    delete manifest.withheld;
    const oldManifest = canonicalJson(manifest);
    const sealed = (
      await server.ctx.db.selectFrom('signing_keys').select('secret').where('org_id', '=', org.orgId).executeTakeFirstOrThrow()
    ).secret;
    const key = server.ctx.secrets.open(sealed, `signing:${org.orgId}`);
    const { created_at: mtime } = await server.ctx.db
      .selectFrom('productions')
      .select('created_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const old: Zippable = {};
    for (const [name, data] of Object.entries(files))
      old[name] = [
        name === 'manifest.json'
          ? strToU8(oldManifest)
          : name === 'manifest.sig'
            ? strToU8(`HMAC-SHA256 ${createHmac('sha256', key).update(oldManifest).digest('hex')}\n`)
            : data,
        { mtime },
      ];
    const zip = zipSync(old, { level: 6 });
    await server.ctx.db
      .updateTable('productions')
      .set({ format: 1, zip_sha256: createHash('sha256').update(zip).digest('hex') })
      .where('id', '=', id)
      .execute();
    assert.deepEqual(await download(id), zip);
  });

  test('bad input: zero records, a review set with nothing responsive, two sources, a reversed hold', async () => {
    const none = await officer.post('/api/archive/productions', { name: 'Nothing', batesPrefix: 'NIL', query: { keyword: 'zzzqqq' } });
    assert.equal(none.status, 400);
    assert.match(none.json.error.message, /Nothing in the archive matches/);
    assert.equal(
      (await officer.get('/api/archive/productions')).json.productions.filter((p: any) => p.name === 'Nothing').length,
      0,
      'nothing half-made',
    );
    const set = await officer.post('/api/archive/review-sets', { name: 'Parking', query: { keyword: 'parking' } });
    const empty = await officer.post('/api/archive/productions', { name: 'Parking', batesPrefix: 'PRK', reviewSetId: set.json.id });
    assert.equal(empty.status, 400);
    assert.match(empty.json.error.message, /responsive/);
    const both = await officer.post('/api/archive/productions', { name: 'Both', batesPrefix: 'BTH', query: {}, reviewSetId: set.json.id });
    assert.equal(both.status, 400);
    const reversed = await officer.post('/api/archive/holds', {
      name: 'Reversed',
      reason: 'dates the wrong way round',
      dateFrom: '2026-02-01',
      dateTo: '2026-01-01',
    });
    assert.equal(reversed.status, 400);
    assert.equal((await officer.post('/api/archive/review-sets', { name: 'None', query: { keyword: 'zzzqqq' } })).status, 400);
    assert.equal((await comms.get('/api/archive/review-sets')).status, 404, 'communications cannot see review sets');
    assert.equal((await admin.get('/api/archive/saved-searches')).status, 404, 'nor can administrators');
  });

  test('holds by custodian, channel and saved search say what they cover, and warn when it is nothing yet', async () => {
    const saved = await officer.post('/api/archive/saved-searches', { name: 'Night shifts', query: { keyword: 'working nights' } });
    const hold = await officer.post('/api/archive/holds', { name: 'Nights', reason: 'Employment matter', savedSearchId: saved.json.id });
    assert.equal(hold.status, 201, hold.text);
    assert.equal(hold.json.matching, 1);
    assert.equal(hold.json.warning, null);
    const community = await officer.post('/api/archive/holds', {
      name: 'The whole community',
      reason: 'Community audit',
      channels: [`community:${communityId}`],
      custodianIds: [org.userId('patient')],
    });
    assert.equal(community.json.matching, 2);
    const nothing = await officer.post('/api/archive/holds', { name: 'Future', reason: 'Anticipated claim', keywords: ['zzzqqq'] });
    assert.equal(nothing.status, 201);
    assert.equal(nothing.json.matching, 0);
    assert.match(nothing.json.warning, /Nothing in the archive matches/);
    const holds = (await officer.get('/api/archive/holds')).json.holds;
    const byName = Object.fromEntries(holds.map((h: any) => [h.name, h]));
    assert.deepEqual(byName['The whole community'].custodians, [org.actors[org.email('patient')].displayName]);
    assert.equal(byName.Nights.saved_search_id, saved.json.id);
    assert.equal(
      (await officer.delete(`/api/archive/saved-searches/${saved.json.id}`)).status,
      409,
      'a search a hold in force was placed from stays',
    );
    for (const h of holds) await officer.post(`/api/archive/holds/${h.id}/release`);
  });

  test('the record viewer shows every version, the custodian and a chain proof for each entry', async () => {
    const id = (await patient.post(`/api/communities/${communityId}/posts`, { body: 'First words' })).json.post.id;
    await patient.patch(`/api/posts/${id}`, { body: 'Second words' });
    const r = await officer.get(`/api/archive/records/post/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.custodian, org.actors[org.email('patient')].displayName);
    assert.equal(r.json.versions.length, 2);
    for (const v of r.json.versions) {
      assert.equal(v.proof.linkValid, true);
      assert.equal(v.proof.contentMatches, true);
    }
    assert.equal(r.json.versions[0].proof.linkedByNext, true, 'the next entry in the chain links to the first version');
  });
});
