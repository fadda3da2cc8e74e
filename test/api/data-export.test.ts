import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test("a patient downloads their own data: what they wrote, their self-screening results, goals and readings, event replies and pledges — no one else's", async () => {
  const org = await createTestOrg(server.ctx);
  const [patient, patient2, comms] = await Promise.all(['patient', 'patient2', 'communications'].map((r) => signedIn(server, org, r)));
  const community = (await comms.post('/api/communities', { name: 'Rehab', slug: 'rehab', visibility: 'members' })).json.community.id;
  for (const c of [patient, patient2]) await c.post(`/api/communities/${community}/join`, { pseudonym: null });
  await patient.post(`/api/communities/${community}/posts`, { title: 'Week one', body: 'Walked every day this week.' });
  await patient2.post(`/api/communities/${community}/posts`, { title: 'Not mine', body: 'Someone else wrote this.' });
  await patient.post('/api/screening/results', { instrument: 'gad7', answers: { q1: 1, q2: 1, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } });
  const goal = (await patient.post('/api/goals', { kind: 'steps', target: 8000 })).json.goal.id;
  await patient.post(`/api/goals/${goal}/entries`, { value: 6400 });
  const event = (
    await comms.post(`/api/communities/${community}/events`, {
      title: 'Walk',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      timeZone: 'UTC',
      place: 'Lobby',
    })
  ).json.event.id;
  await patient.post(`/api/events/${event}/rsvp`);
  const campaign = (
    await comms.post('/api/campaigns', {
      title: 'Garden',
      story: 'Help us plant a garden.',
      goalCents: 100_000,
      donateUrl: 'https://give.example.org/g',
    })
  ).json.campaign.id;
  await patient.post(`/api/campaigns/${campaign}/pledges`, { amountCents: 2000 });

  const r = await patient.request('GET', '/api/me/export');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-disposition') ?? '', /attachment/);
  const data = r.json;
  assert.equal(data.account.email, org.email('patient'));
  assert.deepEqual(
    data.posts.map((p: any) => p.body),
    ['Walked every day this week.'],
  );
  assert.deepEqual(
    data.selfScreening.map((s: any) => [s.instrument, s.score, s.band]),
    [['gad7', 2, 'Minimal anxiety']],
  );
  assert.deepEqual(
    data.goals.map((g: any) => [g.kind, g.readings.map((e: any) => Number(e.value))]),
    [['steps', [6400]]],
  );
  assert.deepEqual(
    data.events.map((e: any) => [e.title, e.status]),
    [['Walk', 'going']],
  );
  assert.deepEqual(
    data.pledges.map((p: any) => [p.campaign, p.amount]),
    [['Garden', 20]],
  );
  assert.ok(!r.text.includes('Someone else wrote this.'));
  assert.equal((await new Client(server.url).get('/api/me/export')).status, 401);
  const audited = await server.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'data.export').execute();
  assert.equal(audited.length, 1);
});
