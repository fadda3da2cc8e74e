import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: TestOrg;
let patient: Client, patient2: Client, clinician: Client, staff: Client, outsider: Client;
before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  [patient, patient2, clinician, staff] = await Promise.all(
    ['patient', 'patient2', 'clinician', 'staff'].map((r) => signedIn(server, org, r)),
  );
  outsider = await signedIn(server, await createTestOrg(server.ctx), 'clinician');
  await patient.post('/api/threads', { kind: 'care_team', participantIds: [org.userId('clinician')], subject: 'My care', body: 'Hello' });
});
after(() => server.close());

const counts = async () => ({
  goals: Number(
    (
      await server.ctx.db
        .selectFrom('goals')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  entries: Number(
    (
      await server.ctx.db
        .selectFrom('goal_entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});
const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

describe('personal goals', () => {
  test('a patient sets a weight goal, logs readings, and sees progress toward it', async () => {
    const created = await patient.post('/api/goals', { kind: 'weight', unit: 'kg', target: 80 });
    assert.equal(created.status, 201, created.text);
    const id = created.json.goal.id;
    for (const [back, value] of [
      [3, 86.5],
      [2, 84],
      [1, 81.2],
    ] as const)
      assert.equal((await patient.post(`/api/goals/${id}/entries`, { value, date: day(back) })).status, 201);
    let goal = (await patient.get('/api/goals')).json.goals.find((g: any) => g.id === id);
    assert.deepEqual(
      goal.entries.map((e: any) => e.value),
      [86.5, 84, 81.2],
    );
    assert.equal(goal.direction, 'down');
    assert.equal(goal.reached, false);
    goal = (await patient.post(`/api/goals/${id}/entries`, { value: 79.8 })).json.goal;
    assert.equal(goal.reached, true);
    assert.equal((await patient2.get('/api/goals')).json.goals.length, 0, 'goals are private');
    const archived = await server.ctx.db
      .selectFrom('archive_entries')
      .select('record_class')
      .where('record_kind', 'in', ['goal', 'goal_entry'])
      .execute();
    assert.equal(archived.length, 5);
    assert.ok(archived.every((a) => a.record_class === 'health_record'));
  });

  test('implausible values, wrong units, days to come and unnamed habits are refused by name; nothing is stored', async () => {
    const before = await counts();
    const bp = (await patient.post('/api/goals', { kind: 'blood_pressure', target: 130, target2: 80 })).json.goal.id;
    const after1 = await counts();
    const refusals: [string, unknown, RegExp][] = [
      ['/api/goals', { kind: 'weight', unit: 'stone', target: 12 }, /kept in kg or lb, not "stone"/],
      ['/api/goals', { kind: 'weight', unit: 'kg', target: 700 }, /between 20 and 400 kg; 700 is not plausible/],
      ['/api/goals', { kind: 'habit' }, /Name the habit/],
      ['/api/goals', { kind: 'habit', title: 'Walk after dinner', target: 9 }, /1 to 7/],
      ['/api/goals', { kind: 'a1c', target: 6.5, dueDate: '2001-01-01' }, /already passed/],
      [`/api/goals/${bp}/entries`, { value: 12, value2: 80 }, /between 60 and 260 mmHg/],
      [`/api/goals/${bp}/entries`, { value: 120, value2: 130 }, /higher than the second/],
      [`/api/goals/${bp}/entries`, { value: 120 }, /needs both numbers/],
      [`/api/goals/${bp}/entries`, { value: 120, value2: 80, date: day(-2) }, /has not come yet/],
    ];
    for (const [path, body, message] of refusals) {
      const r = await patient.post(path, body);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.json.error.message, message);
    }
    assert.deepEqual(await counts(), { goals: after1.goals, entries: after1.entries });
    assert.equal(after1.goals, before.goals + 1);
    assert.equal((await clinician.post('/api/goals', { kind: 'steps', target: 8000 })).status, 403, 'clinicians suggest, they do not set');
  });

  test('a habit counts days done in the last week', async () => {
    const id = (await patient.post('/api/goals', { kind: 'habit', title: 'Walk after dinner', target: 3 })).json.goal.id;
    for (const back of [0, 1]) await patient.post(`/api/goals/${id}/entries`, { value: 1, date: day(back) });
    assert.equal((await patient.post(`/api/goals/${id}/entries`, { value: 2 })).status, 400);
    const goal = (await patient.post(`/api/goals/${id}/entries`, { value: 1, date: day(2) })).json.goal;
    assert.equal(goal.reached, true);
  });

  test("a clinician of the patient's care team suggests a goal; the patient accepts it; sharing shows the readings to chosen clinicians only", async () => {
    assert.equal(
      (await outsider.post('/api/goals/suggestions', { patientId: org.userId('patient'), kind: 'steps', target: 7000 })).status,
      404,
    );
    assert.equal(
      (await clinician.post('/api/goals/suggestions', { patientId: org.userId('patient2'), kind: 'steps', target: 7000 })).status,
      404,
      'not a patient in their care',
    );
    const suggested = await clinician.post('/api/goals/suggestions', {
      patientId: org.userId('patient'),
      kind: 'steps',
      target: 7000,
      note: 'Start with short walks.',
    });
    assert.equal(suggested.status, 201, suggested.text);
    const id = suggested.json.goal.id;
    assert.equal(suggested.json.goal.status, 'suggested');
    const notes = (await patient.get('/api/notifications')).json.notifications;
    assert.ok(notes.some((n: any) => /suggested a goal/.test(n.title)));
    assert.equal((await patient.post(`/api/goals/${id}/entries`, { value: 5000 })).status, 409, 'accept it first');
    assert.equal((await patient.put(`/api/goals/${id}/status`, { status: 'active' })).status, 200);
    assert.equal((await patient.post(`/api/goals/${id}/entries`, { value: 5200 })).status, 201);
    const seen = (await clinician.get('/api/goals/shared')).json.goals.find((g: any) => g.id === id);
    assert.deepEqual(
      seen.entries.map((e: any) => e.value),
      [5200],
    );
    // Another goal is the patient's own until they share it.
    const own = (await patient.get('/api/goals')).json.goals.find((g: any) => g.kind === 'weight').id;
    assert.ok(!(await clinician.get('/api/goals/shared')).json.goals.some((g: any) => g.id === own));
    assert.equal((await patient.post(`/api/goals/${own}/shares`, { clinicianIds: [org.userId('staff')] })).status, 400, 'clinicians only');
    assert.equal((await patient.post(`/api/goals/${own}/shares`, { clinicianIds: [org.userId('clinician')] })).status, 200);
    assert.ok((await clinician.get('/api/goals/shared')).json.goals.some((g: any) => g.id === own));
    assert.equal((await staff.get('/api/goals/shared')).status, 403);
    assert.equal((await patient2.post(`/api/goals/${own}/entries`, { value: 80 })).status, 404);
    assert.equal((await patient.delete(`/api/goals/${own}/shares/${org.userId('clinician')}`)).status, 200);
    assert.ok(!(await clinician.get('/api/goals/shared')).json.goals.some((g: any) => g.id === own));
  });
});
