import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

/**
 * The guard from outside, over HTTP: an organization tells it its names, facilities and domains; its
 * staff come from the member list. The hospital's ordinary posts then pass, a patient still needs consent,
 * and a change to the staff list is seen at the next write.
 */
let server: TestServer;
let org: TestOrg;
let community: string;
const as = (role: string) => signedIn(server, org, role);
const PROFILE = {
  aliases: ['Bayview', 'BMC'],
  facilities: [
    { name: 'Bayview Medical Center', address: '77 Harbor Road, Salem, MA 01970', phone: '(978) 555-0110', fax: '(978) 555-0111' },
  ],
  domains: ['bayview.example'],
  publicFigures: ['Kim Driscoll'],
};

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  // Staff have real names here (the test organization's are placeholders).
  await server.ctx.db.updateTable('users').set({ display_name: 'Naomi Whitfield' }).where('id', '=', org.userId('clinician')).execute();
  const comms = await as('communications');
  community = (
    await comms.post('/api/communities', {
      name: 'Heart health',
      slug: 'heart',
      visibility: 'members',
      description: 'Questions about heart health',
    })
  ).json.community.id;
  for (const role of ['patient', 'clinician', 'staff'])
    await (await as(role)).post(`/api/communities/${community}/join`, { pseudonym: null });
});
after(() => server.close());

describe('the guard knows its organization', () => {
  let comms: Client;
  test('communications keeps the guard profile; patients cannot; bad input is named', async () => {
    comms = await as('communications');
    const put = await comms.request('PUT', '/api/org/guard-profile', PROFILE);
    assert.equal(put.status, 200, put.text);
    const got = await comms.get('/api/org/guard-profile');
    assert.deepEqual(got.json.facilities, PROFILE.facilities);
    assert.equal(got.json.name, `Org ${org.slug}`);
    const patient = await as('patient');
    // Routes a role may not use answer as if they did not exist.
    assert.equal((await patient.request('PUT', '/api/org/guard-profile', PROFILE)).status, 404);
    assert.equal((await patient.get('/api/org/guard-profile')).status, 404);
    const bad = await comms.request('PUT', '/api/org/guard-profile', { ...PROFILE, facilities: [{ address: 'somewhere' }] });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /facilities/);
    assert.equal(
      (await comms.request('PUT', '/api/org/guard-profile', { ...PROFILE, staff: [] })).status,
      400,
      'staff come from the member list',
    );
    assert.deepEqual((await comms.get('/api/org/guard-profile')).json.facilities, PROFILE.facilities, 'a refused change changes nothing');
    const audit = (await (await as('compliance')).get('/api/audit?limit=100')).json.events;
    assert.ok(audit.some((e: { action: string }) => e.action === 'org.guard_profile_changed'));
  });

  test("the hospital's own post passes; a patient named with care needs consent; the scan says whom each is about", async () => {
    const own = await comms.post(`/api/communities/${community}/posts`, {
      title: 'Heart talk',
      body: 'Join Dr. Naomi Whitfield on March 3 at Bayview Medical Center, 77 Harbor Road, Salem, MA 01970. Questions? Call (978) 555-0110 or see https://bayview.example/heart. Thank you, Mayor Kim Driscoll, for coming!',
    });
    assert.equal(own.status, 201, own.text);
    const patientStory = await comms.post(`/api/communities/${community}/posts`, {
      title: 'Recovery',
      body: 'Get well soon, Walter Jensen, who was admitted to our ICU last night.',
    });
    assert.equal(patientStory.status, 422, patientStory.text);
    assert.equal(patientStory.json.error.id, 'phi_consent_required');
    assert.ok(patientStory.json.error.details.findings.body.some((f: { subject: string }) => f.subject === 'patient'));
    assert.ok(!patientStory.text.includes('Walter'), 'the refusal does not echo the text');

    const scan = await comms.post('/api/phi/scan', {
      text: 'Dr. Naomi Whitfield sees patients at Bayview. Walter Jensen was discharged.',
      destination: 'public',
    });
    assert.equal(scan.status, 200);
    const bySubject = Object.fromEntries(scan.json.findings.map((f: { subject: string; start: number; end: number }) => [f.subject, f]));
    assert.ok(bySubject.staff && bySubject.patient, JSON.stringify(scan.json.findings));
    assert.equal(scan.json.decision.verdict, 'needs_consent');
  });

  test('a new name on the staff list is seen at the next write (the database bumps the roster version)', async () => {
    const text = 'Nurse Grace Mwangi is recovering after her surgery this week.';
    const before = (
      await comms.post('/api/phi/scan', { text: 'Congratulations to Grace Mwangi on 20 years with us!', destination: 'public' })
    ).json;
    assert.equal(before.findings.find((f: { category: string }) => f.category === 'SH01_NAME')?.subject, 'staff', 'named for her work');
    await server.ctx.db.updateTable('users').set({ display_name: 'Grace Mwangi' }).where('id', '=', org.userId('staff')).execute();
    const after = (
      await comms.post('/api/phi/scan', { text: 'Grace Mwangi will answer questions in this group.', destination: 'community' })
    ).json;
    assert.equal(after.findings[0]?.subject, 'staff');
    assert.equal(after.findings[0]?.reason.includes('staff directory'), true, JSON.stringify(after.findings));
    // Staff are patients too when written about as one.
    const ill = (await comms.post('/api/phi/scan', { text, destination: 'public' })).json;
    assert.equal(ill.findings.find((f: { category: string }) => f.category === 'SH01_NAME')?.subject, 'patient');
  });
});
