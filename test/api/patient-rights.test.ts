import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('a patient downloads their data as a FHIR R4 Bundle: Patient, their consents, what they wrote', async () => {
  const org = await createTestOrg(server.ctx);
  const [patient, patient2, comms, clinician] = await Promise.all(
    ['patient', 'patient2', 'communications', 'clinician'].map((r) => signedIn(server, org, r)),
  );
  const community = (await comms.post('/api/communities', { name: 'Heart', slug: 'heart', visibility: 'members' })).json.community.id;
  for (const c of [patient, patient2]) await c.post(`/api/communities/${community}/join`, { pseudonym: null });
  await patient.post(`/api/communities/${community}/posts`, { body: 'Cardiac rehab week two.' });
  await patient2.post(`/api/communities/${community}/posts`, { body: 'Not mine to export.' });
  const consent = await clinician.post('/api/consents', {
    patientId: org.userId('patient'),
    subject: { name: org.actors[org.email('patient')].displayName },
    purpose: 'Story for the hospital newsletter',
    destinations: ['public'],
    categories: ['SH01_NAME'],
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  assert.equal(consent.status, 201, consent.text);

  const r = await patient.request('GET', '/api/me/export.fhir');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type') ?? '', /application\/fhir\+json/);
  const bundle = JSON.parse(r.text);
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'collection');
  const byType = (t: string) => bundle.entry.map((e: any) => e.resource).filter((x: any) => x.resourceType === t);
  assert.equal(byType('Patient')[0].id, org.userId('patient'));
  assert.equal(byType('Patient')[0].telecom[0].value, org.email('patient'));
  assert.equal(byType('Consent').length, 1);
  assert.equal(byType('Consent')[0].patient.reference, `Patient/${org.userId('patient')}`);
  const said = byType('Communication').map((c: any) => c.payload[0].contentString);
  assert.ok(said.includes('Cardiac rehab week two.'));
  assert.ok(!said.includes('Not mine to export.'));
  for (const e of bundle.entry) assert.match(e.fullUrl, /^urn:uuid:[0-9a-f-]{36}$/);
});

test('a patient erases what they wrote; records the law requires are kept and the patient is told which and until when', async () => {
  const org = await createTestOrg(server.ctx);
  const [patient, comms, officer, staff] = await Promise.all(
    ['patient', 'communications', 'compliance', 'staff'].map((r) => signedIn(server, org, r)),
  );
  const community = (await comms.post('/api/communities', { name: 'Lungs', slug: 'lungs', visibility: 'members' })).json.community.id;
  await patient.post(`/api/communities/${community}/join`, { pseudonym: null });
  const kept = (await patient.post(`/api/communities/${community}/posts`, { body: 'My inhaler routine.' })).json.post.id;
  await patient.post(`/api/communities/${community}/posts`, { body: 'Breathing class notes.' });
  // This organization's jurisdiction keeps community content at least seven years.
  const floor = await officer.post('/api/archive/floors', {
    recordClass: 'community_content',
    jurisdiction: 'US-XX',
    years: 7,
    basis: 'State patient-communication statute',
  });
  assert.equal(floor.status, 201, floor.text);

  assert.equal((await patient.post('/api/me/erasure', {})).status, 400, 'erasure is confirmed');
  assert.equal((await staff.post('/api/me/erasure', { confirm: true })).status, 403, 'staff records go through compliance');
  const r = await patient.post('/api/me/erasure', { confirm: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'erased');
  assert.equal(r.json.kept.length, 1);
  assert.equal(r.json.kept[0].recordClass, 'community_content');
  assert.ok(r.json.kept[0].entries >= 2);
  assert.match(r.json.kept[0].reason, /7 years \(State patient-communication statute\)/);
  assert.ok(new Date(r.json.kept[0].until).getUTCFullYear() >= new Date().getUTCFullYear() + 6);
  assert.match(r.json.message, /kept by law/);
  const record = await officer.get(`/api/archive/records/post/${kept}`);
  assert.ok(record.json.versions[0].content, 'the floored record is still in the archive');
  const mine = await patient.get('/api/me/erasure');
  assert.equal(mine.json.requests[0].status, 'erased');
});
