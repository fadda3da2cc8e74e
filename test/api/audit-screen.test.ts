import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('the audit log shows names, filters by person, action, record and date, pages, and exports what the filters show', async () => {
  const org = await createTestOrg(server.ctx);
  const [admin, officer] = await Promise.all(['admin', 'compliance'].map((r) => signedIn(server, org, r)));
  for (const role of ['patient', 'patient2', 'staff']) await admin.patch(`/api/org/members/${org.userId(role)}`, { role: 'patient' });
  await admin.patch(`/api/org/members/${org.userId('staff')}`, { role: 'staff' });

  const byAdmin = await officer.get(`/api/audit?actorId=${org.userId('admin')}&action=member.role_changed`);
  assert.equal(byAdmin.status, 200, byAdmin.text);
  assert.equal(byAdmin.json.events.length, 4);
  const first = byAdmin.json.events[0];
  assert.equal(first.actor_name, org.actors[org.email('admin')].displayName, 'who did it, by name');
  assert.equal(first.target_name, org.actors[org.email('staff')].displayName, 'whom it concerned, by name');

  const record = await officer.get(`/api/audit?targetType=user&targetId=${org.userId('staff')}&action=member.role_changed`);
  assert.equal(record.json.events.length, 2, 'one record’s history');
  const prefix = await officer.get('/api/audit?action=member');
  assert.ok(prefix.json.events.every((e: any) => e.action.startsWith('member')));
  const exact = await officer.get('/api/audit?action=member.role');
  assert.equal(exact.json.events.length, 0, 'a dotted action is matched exactly');

  // Paging: newest first, continued below the last seq seen, no entry twice.
  const page1 = await officer.get('/api/audit?limit=3');
  assert.equal(page1.json.events.length, 3);
  assert.ok(page1.json.nextBefore);
  const page2 = await officer.get(`/api/audit?limit=3&before=${page1.json.nextBefore}`);
  assert.ok(page2.json.events.every((e: any) => e.seq < page1.json.nextBefore));
  const future = new Date(Date.now() + 86_400_000).toISOString();
  assert.equal((await officer.get(`/api/audit?from=${future}`)).json.events.length, 0);
  assert.equal((await officer.get(`/api/audit?from=${future}&to=2020-01-01`)).status, 400, 'a reversed range is refused');
  assert.equal((await officer.get('/api/audit?from=-200000-01-01')).status, 400);

  const csv = await officer.request('GET', `/api/audit/export.csv?actorId=${org.userId('admin')}&action=member.role_changed`);
  assert.equal(csv.status, 200);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines.length, 5, 'the header and the four filtered entries');
  assert.match(lines[0], /^seq,time,actor,actor_id,action/);
  assert.ok(lines.slice(1).every((l) => l.includes(org.actors[org.email('admin')].displayName)));
  const patient = await signedIn(server, org, 'patient');
  assert.equal((await patient.get('/api/audit')).status, 404);
});
