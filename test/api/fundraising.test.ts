import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let org: TestOrg;
let comms: Client, patient: Client, patient2: Client, clinician: Client, outsider: Client;
let campaign: string;
const GIVE = 'https://give.example.org/heart-unit';

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  [comms, patient, patient2, clinician] = await Promise.all(
    ['communications', 'patient', 'patient2', 'clinician'].map((r) => signedIn(server, org, r)),
  );
  outsider = await signedIn(server, await createTestOrg(server.ctx), 'communications');
});
after(() => server.close());

describe('fundraising campaigns', () => {
  test('a campaign needs a goal, its story passes the guard as public text, and the donate link is the organization’s own https page', async () => {
    const base = {
      title: 'A new heart unit',
      story: 'Help us build a cardiac rehabilitation gym for our community.',
      goalCents: 5_000_000,
      donateUrl: GIVE,
    };
    for (const [over, message] of [
      [{ goalCents: 0 }, /at least 1\.00/],
      [{ donateUrl: 'http://give.example.org' }, /https/],
      [{ donateUrl: 'not a link' }, /donation page/],
      [{ endsOn: '2001-01-01' }, /already passed/],
    ] as const) {
      const r = await comms.post('/api/campaigns', { ...base, ...over });
      assert.equal(r.status, 400, r.text);
      assert.match(r.json.error.message, message);
    }
    const phi = await comms.post('/api/campaigns', { ...base, story: 'Emily Johnson MRN 7783321 needs a new heart' });
    assert.ok([409, 422].includes(phi.status), phi.text);
    assert.equal((await patient.post('/api/campaigns', base)).status, 404);
    const r = await comms.post('/api/campaigns', base);
    assert.equal(r.status, 201, r.text);
    campaign = r.json.campaign.id;
    assert.deepEqual([r.json.campaign.raisedCents, r.json.campaign.donateUrl], [0, GIVE]);
    assert.equal((await outsider.get(`/api/campaigns/${campaign}`)).status, 404);
  });

  test('pledges add up; a patient thanked by name gives a consent for it, and revoking it takes the name off', async () => {
    let c = (await patient.post(`/api/campaigns/${campaign}/pledges`, { amountCents: 2500, thankPublicly: true })).json.campaign;
    const name = org.actors[org.email('patient')].displayName;
    assert.deepEqual([c.raisedCents, c.thanked], [2500, [name]]);
    c = (await patient2.post(`/api/campaigns/${campaign}/pledges`, { amountCents: 1000 })).json.campaign;
    assert.deepEqual([c.raisedCents, c.pledges, c.thanked], [3500, 2, [name]]);
    const consent = (await patient.get('/api/consents')).json.consents.find((x: any) => /Public thanks/.test(x.purpose));
    assert.deepEqual([consent.destinations, consent.categories], [['public'], ['SH01_NAME']]);
    assert.equal((await patient.post(`/api/consents/${consent.id}/revoke`)).status, 200);
    assert.deepEqual((await comms.get(`/api/campaigns/${campaign}`)).json.campaign.thanked, []);
    for (const amountCents of [0, 99, 1_000_000_001])
      assert.equal((await patient.post(`/api/campaigns/${campaign}/pledges`, { amountCents })).status, 400);
    assert.equal(
      (await patient.post(`/api/campaigns/${campaign}/pledges`, { amountCents: 500, donorName: 'Someone Else' })).status,
      400,
      'members pledge for themselves',
    );
  });

  test("a gift from the donation platform is recorded by name; public thanks need the donor's own consent", async () => {
    const gift = { amountCents: 100_000, donorName: 'Jordan Lee', thankPublicly: true };
    const refused = await comms.post(`/api/campaigns/${campaign}/pledges`, gift);
    assert.equal(refused.status, 400);
    assert.match(refused.json.error.message, /attach the consent/);
    const consent = await clinician.post('/api/consents', {
      subject: { name: 'Jordan Lee' },
      signature: { method: 'signed_form' },
      purpose: 'Thanks for a donation',
      destinations: ['public'],
      categories: ['SH01_NAME'],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    assert.equal(consent.status, 201, consent.text);
    const other = await comms.post(`/api/campaigns/${campaign}/pledges`, {
      ...gift,
      donorName: 'Pat Doe',
      consentId: consent.json.consent.id,
    });
    assert.equal(other.status, 400, "another person's consent does not cover this donor");
    const ok = await comms.post(`/api/campaigns/${campaign}/pledges`, { ...gift, consentId: consent.json.consent.id });
    assert.equal(ok.status, 201, ok.text);
    assert.ok(ok.json.campaign.thanked.includes('Jordan Lee'));
    await comms.post(`/api/campaigns/${campaign}/pledges`, { amountCents: 5000, donorName: '=HYPERLINK("http://evil")' });
    const csv = await comms.request('GET', `/api/campaigns/${campaign}/pledges.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], 'date,donor,amount,currency,thank_publicly,pledged_by,recorded_by');
    assert.ok(lines.some((l) => l.includes(',"Jordan Lee","1000.00","USD","yes","staff",')));
    assert.ok(
      lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil"")"`)),
      'a formula is never a formula in the spreadsheet',
    );
    assert.equal((await patient.request('GET', `/api/campaigns/${campaign}/pledges.csv`)).status, 404);
  });

  test('updates, an announcement through the publisher with the donate link, and closing', async () => {
    const admin = await signedIn(server, org, 'admin');
    const channel = (await admin.post('/api/publisher/channels', { network: 'sandbox', name: 'Practice' })).json.channel.id;
    const u = await comms.post(`/api/campaigns/${campaign}/updates`, { body: 'We passed 1,000 dollars. Thank you!' });
    assert.equal(u.status, 201, u.text);
    assert.equal(u.json.campaign.updates[0].body, 'We passed 1,000 dollars. Thank you!');
    const a = await comms.post(`/api/campaigns/${campaign}/announce`, { channelIds: [channel] });
    assert.equal(a.status, 201, a.text);
    const post = (await comms.get('/api/publisher/posts')).json.posts.find((p: any) => p.id === a.json.postId);
    assert.ok(post.body.includes(GIVE));
    assert.equal(post.campaign, `fundraising-${campaign.slice(0, 8)}`);
    assert.equal((await comms.post(`/api/campaigns/${campaign}/close`)).status, 200);
    assert.equal((await patient.post(`/api/campaigns/${campaign}/pledges`, { amountCents: 500 })).status, 409);
  });
});
