import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendEventReminders } from '../../src/events/index.ts';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: TestOrg;
let comms: Client, patient: Client, patient2: Client, clinician: Client, outsider: Client;
let community: string;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const walk = (over: Record<string, unknown> = {}) => ({
  title: 'Walking group, Saturday',
  description: 'A gentle walk by the bay; bring water.',
  startsAt: inHours(72),
  endsAt: inHours(73),
  timeZone: 'America/Chicago',
  place: 'Main lobby, east entrance',
  onlineUrl: null,
  capacity: 2,
  ...over,
});

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  [comms, patient, patient2, clinician] = await Promise.all(
    ['communications', 'patient', 'patient2', 'clinician'].map((r) => signedIn(server, org, r)),
  );
  outsider = await signedIn(server, await createTestOrg(server.ctx), 'patient');
  community = (await comms.post('/api/communities', { name: 'Heart health', slug: 'heart', visibility: 'members' })).json.community.id;
  for (const c of [patient, patient2, clinician]) await c.post(`/api/communities/${community}/join`, { pseudonym: null });
});
after(() => server.close());

const eventCount = async () =>
  Number(
    (
      await server.ctx.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('events', () => {
  test('bad events are refused by name and nothing is stored; identifiers in its words are screened', async () => {
    const before = await eventCount();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ startsAt: inHours(-2), endsAt: inHours(-1) }, /starts in the past/],
      [{ endsAt: inHours(71) }, /ends before it starts/],
      [{ capacity: 0 }, /at least 1/],
      [{ place: null }, /Say where the event is/],
      [{ timeZone: 'Mars/Olympus' }, /not a time zone/],
      [{ onlineUrl: 'javascript:alert(1)' }, /https:\/\//],
    ];
    for (const [over, message] of cases) {
      const r = await comms.post(`/api/communities/${community}/events`, walk(over));
      assert.equal(r.status, 400, `${JSON.stringify(over)}: ${r.text}`);
      assert.match(r.json.error.message, message);
    }
    const phi = await comms.post(`/api/communities/${community}/events`, walk({ description: 'Emily Johnson MRN 7783321 will lead it' }));
    assert.ok([409, 422].includes(phi.status), phi.text);
    assert.equal((await patient.post(`/api/communities/${community}/events`, walk())).status, 403, 'members do not plan events');
    assert.equal(await eventCount(), before);
  });

  test('replies fill the places, then the waitlist; a second reply is refused; a freed place goes to the first waiting, who is told', async () => {
    const e = (await comms.post(`/api/communities/${community}/events`, walk())).json.event;
    assert.equal((await patient.post(`/api/events/${e.id}/rsvp`)).json.event.mine, 'going');
    assert.equal((await patient2.post(`/api/events/${e.id}/rsvp`)).json.event.mine, 'going');
    const waiting = (await clinician.post(`/api/events/${e.id}/rsvp`)).json.event;
    assert.deepEqual([waiting.mine, waiting.waitlistPosition, waiting.going, waiting.waitlist], ['waitlist', 1, 2, 1]);
    const again = await patient.post(`/api/events/${e.id}/rsvp`);
    assert.equal(again.status, 409);
    assert.match(again.json.error.message, /already going/);
    assert.equal((await outsider.post(`/api/events/${e.id}/rsvp`)).status, 404);
    await patient.delete(`/api/events/${e.id}/rsvp`);
    assert.equal((await clinician.get(`/api/events/${e.id}`)).json.event.mine, 'going');
    assert.ok((await clinician.get('/api/notifications')).json.notifications.some((n: any) => /A place opened up/.test(n.title)));
    // Attendance: organizers take it; it counts.
    assert.equal((await patient2.put(`/api/events/${e.id}/attendance`, { userId: org.userId('patient2'), attended: true })).status, 403);
    assert.equal((await comms.put(`/api/events/${e.id}/attendance`, { userId: org.userId('patient2'), attended: true })).status, 200);
    assert.equal((await comms.get(`/api/events/${e.id}`)).json.event.attended, 1);
    const figures = (await comms.get('/api/publisher/analytics?days=30')).json.events.find((x: any) => x.eventId === e.id);
    assert.deepEqual([figures.going, figures.waitlist, figures.attended], [2, 0, 1], 'attendance counts in analytics');
    const attendees = (await comms.get(`/api/events/${e.id}/attendees`)).json.attendees;
    assert.deepEqual(attendees.map((a: any) => [a.status, a.attended]).sort(), [
      ['going', false],
      ['going', true],
    ]);
    // Cancelled: everyone who replied is told, and no one can reply any more.
    assert.equal((await comms.post(`/api/events/${e.id}/cancel`)).status, 200);
    assert.ok((await patient2.get('/api/notifications')).json.notifications.some((n: any) => /was cancelled/.test(n.title)));
    assert.equal((await patient.post(`/api/events/${e.id}/rsvp`)).status, 409);
  });

  test('an .ics file per event and a personal calendar feed per community, which stops when access does', async () => {
    const e = (await comms.post(`/api/communities/${community}/events`, walk({ title: 'Cooking class; low salt, tasty', capacity: null })))
      .json.event;
    const ics = await patient.request('GET', `/api/events/${e.id}/ics`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type') ?? '', /^text\/calendar/);
    assert.match(ics.text, /BEGIN:VCALENDAR\r\n/);
    assert.match(ics.text, /SUMMARY:Cooking class\\; low salt\\, tasty\r\n/);
    assert.match(ics.text, new RegExp(`DTSTART:${e.startsAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}\r\n`));
    assert.ok(
      ics.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75),
      'lines folded at 75 octets',
    );
    assert.equal((await outsider.request('GET', `/api/events/${e.id}/ics`)).status, 404);
    const { feedUrl } = (await patient.get(`/api/communities/${community}/calendar`)).json;
    const feed = await fetch(feedUrl);
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /SUMMARY:Cooking class/);
    assert.equal(
      (
        await fetch(
          feedUrl.replace(/\.([\w-])([\w-]{42})\.ics$/, (_m: string, a: string, r: string) => `.${a === 'A' ? 'B' : 'A'}${r}.ics`),
        )
      ).status,
      404,
    );
    // An account that is disabled (a departed member) gets nothing from its old link.
    const own = (await clinician.get(`/api/communities/${community}/calendar`)).json.feedUrl;
    assert.equal((await fetch(own)).status, 200);
    await server.ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', org.userId('clinician')).execute();
    assert.equal((await fetch(own)).status, 404);
    await server.ctx.db.updateTable('users').set({ disabled_at: null }).where('id', '=', org.userId('clinician')).execute();
  });

  test('reminders go out once, a day ahead, to everyone going', async () => {
    const e = (
      await comms.post(
        `/api/communities/${community}/events`,
        walk({ title: 'Flu shot clinic', startsAt: inHours(3), endsAt: inHours(5), capacity: null }),
      )
    ).json.event;
    await patient2.post(`/api/events/${e.id}/rsvp`);
    assert.ok((await sendEventReminders(server.ctx.db)) >= 1);
    assert.equal(await sendEventReminders(server.ctx.db), 0, 'once');
    const reminders = (await patient2.get('/api/notifications')).json.notifications.filter((n: any) =>
      n.title.startsWith('Reminder: "Flu shot clinic"'),
    );
    assert.equal(reminders.length, 1);
    assert.match(reminders[0].title, /C[SD]T/, 'in the event’s own time zone');
  });

  test('an event is announced through the publisher: a post with its link, waiting for approval', async () => {
    const admin = await signedIn(server, org, 'admin');
    const channel = (await admin.post('/api/publisher/channels', { network: 'sandbox', name: 'Practice' })).json.channel.id;
    const e = (await comms.post(`/api/communities/${community}/events`, walk({ title: 'Diabetes class' }))).json.event;
    assert.equal((await patient.post(`/api/events/${e.id}/announce`, { channelIds: [channel] })).status, 404);
    const r = await comms.post(`/api/events/${e.id}/announce`, { channelIds: [channel] });
    assert.equal(r.status, 201, r.text);
    const post = (await comms.get('/api/publisher/posts')).json.posts.find((p: any) => p.id === r.json.postId);
    assert.equal(post.status, 'pending_approval');
    assert.match(post.body, new RegExp(`/events/${e.id}`));
  });
});
