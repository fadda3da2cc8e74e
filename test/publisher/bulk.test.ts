import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { zonedTimeToUtc } from '../../src/shared/time-zone.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import type { Client } from '../helpers/http.ts';

let server: TestServer;
let comms: Client, compliance: Client, admin: Client;
let org: Awaited<ReturnType<typeof createTestOrg>>;
const year = new Date().getUTCFullYear() + 1;

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  [comms, compliance, admin] = await Promise.all(['communications', 'compliance', 'admin'].map((r) => signedIn(server, org, r)));
  assert.equal((await admin.post('/api/publisher/channels', { network: 'sandbox', name: 'Harbor Sandbox' })).status, 201);
  assert.equal((await admin.post('/api/publisher/channels', { network: 'sandbox', name: 'Clinic Sandbox' })).status, 201);
  const settings = (await admin.get('/api/publisher/settings')).json.settings;
  const calendar = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], open: 8, close: 18 };
  assert.equal((await admin.put('/api/publisher/settings', { ...settings, calendar })).status, 200);
});
after(() => server.close());

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');

describe('bulk scheduling from CSV', () => {
  test('each row goes through the same checks as a post by hand; refused rows are reported by line, without their words', async () => {
    const file = csv([
      ['Body', 'Channels', 'Scheduled at', 'Campaign', 'Part 2', 'Repeat', 'Times'],
      ['Flu shots start Monday, walk in 9 to 12.', 'Harbor Sandbox; Clinic Sandbox', `${year}-01-11 09:00`, 'flu', '', '', ''],
      ['Thanks, Emily Johnson (MRN 7783321), for your story.', 'Harbor Sandbox', `${year}-01-12 09:00`, '', '', '', ''],
      ['Blood drive "Give for Harbor", all day.', 'Nowhere Sandbox', '', '', '', '', ''],
      ['Yoga for back pain, every Thursday.', 'harbor sandbox', `${year}-01-14T17:30:00Z`, '', 'Free, no sign-up.', 'weekly', '4'],
      ['Too early', 'Harbor Sandbox', '2020-01-01 09:00', '', '', '', ''],
      ['Bad time', 'Harbor Sandbox', 'next tuesday', '', '', '', ''],
      ['No such day', 'Harbor Sandbox', `${year}-02-30 09:00`, '', '', '', ''],
      ['x'.repeat(501), 'Harbor Sandbox', '', '', '', '', ''],
      ['', 'Harbor Sandbox', '', '', '', '', ''],
    ]);
    const checked = await comms.post('/api/publisher/bulk', { csv: file, dryRun: true });
    assert.equal(checked.status, 200, checked.text);
    const postsBefore = (await comms.get('/api/publisher/posts')).json.posts.length;
    assert.deepEqual(
      checked.json.rows.map((r: { status: string }) => r.status),
      ['valid', 'refused', 'refused', 'valid', 'refused', 'refused', 'refused', 'refused', 'refused'],
    );
    assert.equal(postsBefore, 0, 'a dry run stores nothing');

    const r = await comms.post('/api/publisher/bulk', { csv: file });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 2);
    assert.equal(r.json.refused, 7);
    const byLine = Object.fromEntries(r.json.rows.map((x: { line: number }) => [x.line, x]));
    assert.equal(byLine[2].status, 'created');
    assert.equal(byLine[2].scheduledAt, zonedTimeToUtc({ year, month: 1, day: 11, hour: 9, minute: 0 }, 'America/Chicago').toISOString());
    assert.equal(byLine[2].scheduledAt, `${year}-01-11T15:00:00.000Z`, 'a local time is read in the organization’s time zone');
    assert.match(byLine[3].error.id, /^phi_/);
    assert.match(byLine[4].error.message, /not connected here\. Connected: Clinic Sandbox, Harbor Sandbox/);
    assert.equal(byLine[5].status, 'created', 'channel names match whatever their case');
    assert.match(byLine[6].error.message, /in the past/);
    assert.match(byLine[7].error.message, /YYYY-MM-DD HH:MM/);
    assert.match(byLine[8].error.message, /no such day/);
    assert.equal(byLine[9].error.id, 'too_long');
    assert.match(byLine[10].error.message, /body is empty/);
    assert.ok(!r.text.includes('7783321') && !r.text.includes('Emily'), 'no refused row is repeated');

    const posts = (await comms.get('/api/publisher/posts')).json.posts;
    assert.equal(posts.length, 2);
    const yoga = posts.find((p: { body: string }) => p.body.startsWith('Yoga'));
    assert.deepEqual(yoga.followUps, ['Free, no sign-up.']);
    assert.deepEqual(yoga.repeat, { every: 'week', remaining: 3 });
    assert.ok(posts.every((p: { status: string }) => p.status === 'pending_approval'));
    const asks = (await compliance.get('/api/notifications')).json.notifications.filter((n: { title: string }) => /approval/.test(n.title));
    assert.equal(asks.length, 1, 'approvers hear once about the upload, not once per row');
    assert.match(asks[0].title, /2 scheduled posts \(bulk upload\)/);
  });

  test('a file without the needed columns, too many rows, or no rows is refused as a whole with the reason', async () => {
    const noChannels = await comms.post('/api/publisher/bulk', { csv: 'body,when\nHello,now\n' });
    assert.equal(noChannels.status, 400);
    assert.match(noChannels.json.error.message, /needs the column channels/);
    const empty = await comms.post('/api/publisher/bulk', { csv: 'body,channels\n' });
    assert.equal(empty.status, 400);
    assert.match(empty.json.error.message, /no rows/);
    const many = await comms.post('/api/publisher/bulk', { csv: `body,channels\n${'Hi,Harbor Sandbox\n'.repeat(501)}` });
    assert.equal(many.status, 400);
    assert.match(many.json.error.message, /At most 500 rows/);
    const patient = await signedIn(server, org, 'patient');
    assert.equal((await patient.post('/api/publisher/bulk', { csv: 'body,channels\nHi,Harbor Sandbox\n' })).status, 404);
  });

  test('wall-clock times across clock changes: a skipped time is read after the jump, a repeated one as the first', () => {
    const at = (s: string, tz: string) => {
      const [y, m, d, h, min] = s.split(/[- :]/).map(Number);
      return zonedTimeToUtc({ year: y, month: m, day: d, hour: h, minute: min }, tz).toISOString();
    };
    assert.equal(at('2026-03-29 02:30', 'Europe/Paris'), '2026-03-29T01:30:00.000Z');
    assert.equal(at('2026-10-25 02:30', 'Europe/Paris'), '2026-10-25T00:30:00.000Z');
    assert.equal(at('2026-11-01 01:30', 'America/New_York'), '2026-11-01T05:30:00.000Z');
    assert.equal(at('2026-07-05 09:00', 'Asia/Kolkata'), '2026-07-05T03:30:00.000Z');
  });
});
