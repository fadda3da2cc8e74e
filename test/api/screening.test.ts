import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, PASSWORD, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';
import { Client as HttpClient } from '../helpers/http.ts';
import { hashPassword } from '../../src/security/passwords.ts';

let server: TestServer;
let clinician2Id: string;
let org: TestOrg;
let patient: Client, patient2: Client, clinician: Client, clinician2: Client, comms: Client, admin: Client, outsider: Client;
before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  const other = await createTestOrg(server.ctx);
  [patient, patient2, clinician, comms, admin] = await Promise.all(
    ['patient', 'patient2', 'clinician', 'communications', 'admin'].map((r) => signedIn(server, org, r)),
  );
  // A second clinician, not on the patient's care team.
  const second = await server.ctx.db
    .insertInto('users')
    .values({
      email: `clinician2@${org.slug}.test`,
      display_name: 'Second clinician',
      password_hash: await hashPassword(PASSWORD),
      totp_secret: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await server.ctx.db.insertInto('memberships').values({ org_id: org.orgId, user_id: second.id, role: 'clinician' }).execute();
  clinician2Id = second.id;
  clinician2 = new HttpClient(server.url);
  await clinician2.login(`clinician2@${org.slug}.test`, PASSWORD);
  outsider = await signedIn(server, other, 'clinician');
  // The patient's care team: a clinician they write to in a care-team conversation.
  const thread = await patient.post('/api/threads', {
    kind: 'care_team',
    participantIds: [org.userId('clinician')],
    subject: 'My care',
    body: 'Hello',
  });
  assert.equal(thread.status, 201, thread.text);
});
after(() => server.close());

const phq9 = (q9: number, each = 1) => ({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`q${i + 1}`, each])),
  q9,
  difficulty: 1,
});
const results = async () =>
  Number(
    (
      await server.ctx.db
        .selectFrom('screening_results')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('self-screening', () => {
  test('the validated instruments are offered with their questions and scales', async () => {
    const r = await patient.get('/api/screening/instruments');
    assert.equal(r.status, 200);
    const byId = Object.fromEntries(r.json.instruments.map((i: any) => [i.id, i]));
    assert.deepEqual(Object.keys(byId).slice(0, 4), ['phq9', 'gad7', 'auditc', 'ada_risk']);
    assert.equal(byId.phq9.questions.length, 10);
    assert.equal(byId.phq9.maxScore, 27);
    assert.equal(byId.gad7.maxScore, 21);
    assert.equal(byId.auditc.maxScore, 12);
    assert.equal(byId.ada_risk.maxScore, 11);
    assert.deepEqual(byId.ada_risk.questions.find((q: any) => q.id === 'gestational').askIf, { question: 'sex', value: 0 });
  });

  test('each is scored as its authors define it, with next steps in plain words', async () => {
    const take = async (instrument: string, answers: Record<string, number>) => {
      const r = await patient.post('/api/screening/results', { instrument, answers });
      assert.equal(r.status, 201, r.text);
      return r.json.result;
    };
    const mild = await take('phq9', phq9(0));
    assert.deepEqual([mild.score, mild.band, mild.crisis], [8, 'Mild depression', false]);
    assert.match(mild.nextSteps, /Repeat this check/);
    const severe = await take('gad7', { q1: 3, q2: 3, q3: 2, q4: 2, q5: 2, q6: 2, q7: 1 });
    assert.deepEqual([severe.score, severe.band], [15, 'Severe anxiety']);
    // AUDIT-C: 3 is positive for a woman, not for a man.
    const drinks = { q1: 2, q2: 1, q3: 0 };
    assert.equal((await take('auditc', { ...drinks, sex: 0 })).band, 'Possible hazardous drinking');
    assert.equal((await take('auditc', { ...drinks, sex: 1 })).band, 'Lower-risk drinking');
    // ADA: a woman aged 50–59 with gestational diabetes and a BMI of 30–39.9 scores 2+0+1+0+0+0+2 = 5.
    const ada = await take('ada_risk', { age: 2, sex: 0, gestational: 1, family: 0, blood_pressure: 0, active: 0, weight: 2 });
    assert.deepEqual([ada.score, ada.band], [5, 'Increased risk of type 2 diabetes']);
    const mine = (await patient.get('/api/screening/results')).json.results;
    assert.equal(mine.length, 5);
    assert.equal((await patient2.get('/api/screening/results')).json.results.length, 0, 'results are private to their patient');
  });

  test('impossible, missing or unasked answers are refused by name and nothing is stored', async () => {
    const before = await results();
    const cases: [string, Record<string, number>, RegExp][] = [
      ['phq9', { ...phq9(0), q1: 7 }, /7 is not an answer to "Little interest/],
      ['phq9', { q1: 1 }, /is not answered/],
      ['phq9', { ...phq9(0), q99: 1 }, /"q99" is not a question/],
      ['ada_risk', { age: 1, sex: 1, gestational: 1, family: 0, blood_pressure: 0, active: 0, weight: 0 }, /"gestational" is not asked/],
    ];
    for (const [instrument, answers, message] of cases) {
      const r = await patient.post('/api/screening/results', { instrument, answers });
      assert.equal(r.status, 400, r.text);
      assert.match(r.json.error.message, message);
    }
    assert.equal((await patient.post('/api/screening/results', { instrument: 'nope', answers: {} })).status, 404);
    assert.equal((await patient.post('/api/screening/results', { instrument: 'phq9', answers: { ...phq9(0), q2: -1 } })).status, 400);
    assert.equal(await results(), before);
  });

  test('a crisis answer returns crisis resources at once and, if the patient allows, alerts their care team (who then see the result)', async () => {
    const quiet = await patient.post('/api/screening/results', { instrument: 'phq9', answers: phq9(1, 0), alertCareTeam: false });
    assert.equal(quiet.json.result.crisis, true);
    assert.ok(quiet.json.crisisResources.some((c: any) => c.href === 'tel:988'));
    assert.equal(quiet.json.result.alertedCareTeam, false);
    assert.equal((await clinician.get(`/api/screening/results/${quiet.json.result.id}`)).status, 404, 'not shared unless allowed');

    const alerted = await patient.post('/api/screening/results', { instrument: 'phq9', answers: phq9(2, 2), alertCareTeam: true });
    assert.equal(alerted.json.result.alertedCareTeam, true);
    const notes = (await clinician.get('/api/notifications')).json.notifications;
    const note = notes.find((n: any) => n.link === `/screening/shared/${alerted.json.result.id}`);
    assert.ok(note, 'the care team is notified');
    assert.doesNotMatch(note.title, /PHQ|depress|score|dead|hurt|\b\d+ ?\/ ?27\b/i, 'the notice says nothing about the answers');
    const seen = await clinician.get(`/api/screening/results/${alerted.json.result.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.json.result.patientName, org.actors[org.email('patient')].displayName);
    for (const c of [clinician2, comms, admin, outsider])
      assert.equal((await c.get(`/api/screening/results/${alerted.json.result.id}`)).status, 404, 'nobody else');
  });

  test('a patient shares a result with a clinician they choose, and can take it back', async () => {
    const r = (
      await patient.post('/api/screening/results', { instrument: 'gad7', answers: { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 0, q7: 0 } })
    ).json.result;
    assert.equal((await patient.post(`/api/screening/results/${r.id}/shares`, { clinicianIds: [org.userId('patient2')] })).status, 400);
    assert.equal((await patient2.post(`/api/screening/results/${r.id}/shares`, { clinicianIds: [clinician2Id] })).status, 404);
    const shared = await patient.post(`/api/screening/results/${r.id}/shares`, { clinicianIds: [clinician2Id] });
    assert.equal(shared.status, 200, shared.text);
    assert.deepEqual(
      shared.json.result.sharedWith.map((s: any) => s.id),
      [clinician2Id],
    );
    const inbox = (await clinician2.get('/api/screening/shared')).json.results;
    assert.deepEqual(
      inbox.map((x: any) => [x.id, x.band]),
      [[r.id, 'Mild anxiety']],
    );
    assert.equal((await patient.get('/api/screening/shared')).status, 403);
    assert.equal((await patient.delete(`/api/screening/results/${r.id}/shares/${clinician2Id}`)).status, 200);
    assert.equal((await clinician2.get(`/api/screening/results/${r.id}`)).status, 404);
    const archived = await server.ctx.db
      .selectFrom('archive_entries')
      .select(['record_class', 'event'])
      .where('record_id', '=', r.id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      archived.map((a) => [a.record_class, a.event]),
      [
        ['health_record', 'create'],
        ['health_record', 'status'],
      ],
    );
  });

  test("the organization's own questionnaire: checked when added, offered to patients, scored by its bands, retired", async () => {
    const definition = {
      title: 'Heart failure check-in',
      about: 'Three questions after discharge.',
      questions: [
        {
          text: 'Are you more short of breath than last week?',
          options: [
            { value: 0, label: 'No' },
            { value: 2, label: 'Yes' },
          ],
        },
        {
          text: 'Are your ankles more swollen?',
          options: [
            { value: 0, label: 'No' },
            { value: 1, label: 'Yes' },
          ],
        },
        {
          text: 'Do you have chest pain now?',
          options: [
            { value: 0, label: 'No' },
            { value: 5, label: 'Yes' },
          ],
        },
      ],
      bands: [
        { min: 0, label: 'Stable', nextSteps: 'Keep weighing yourself every morning.' },
        { min: 2, label: 'Call the clinic', nextSteps: 'Call the heart failure clinic today.' },
      ],
      crisis: [{ question: 3, atLeast: 5 }],
    };
    assert.equal((await patient.post('/api/screening/instruments', definition)).status, 404, 'patients cannot add questionnaires');
    const bad = await clinician.post('/api/screening/instruments', { ...definition, bands: [definition.bands[1], definition.bands[0]] });
    assert.equal(bad.status, 400);
    const added = await clinician.post('/api/screening/instruments', definition);
    assert.equal(added.status, 201, added.text);
    const id = added.json.instrument.id;
    assert.ok((await patient.get('/api/screening/instruments')).json.instruments.some((i: any) => i.id === id && i.own));
    const r = await patient.post('/api/screening/results', { instrument: id, answers: { q1: 2, q2: 0, q3: 5 } });
    assert.deepEqual([r.json.result.score, r.json.result.band, r.json.result.crisis], [7, 'Call the clinic', true]);
    assert.equal(
      (await outsider.get('/api/screening/instruments')).json.instruments.some((i: any) => i.id === id),
      false,
    );
    assert.equal((await admin.delete(`/api/screening/instruments/${id}`)).status, 200);
    assert.equal((await patient.post('/api/screening/results', { instrument: id, answers: { q1: 0, q2: 0, q3: 0 } })).status, 404);
  });
});
