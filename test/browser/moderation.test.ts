import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';
import { Client } from '../helpers/http.ts';

let communityId = '';
let postId = '';
const suite = browserSuite(async (s) => {
  const comms = new Client(s.server.url);
  await comms.login(s.org.email('communications'), PASSWORD);
  communityId = (await comms.post('/api/communities', { name: 'Asthma Circle', slug: 'asthma', visibility: 'members' })).json.community.id;
  const patient = new Client(s.server.url);
  await patient.login(s.org.email('patient2'), PASSWORD);
  await patient.post(`/api/communities/${communityId}/join`, { pseudonym: null });
  postId = (
    await patient.post(`/api/communities/${communityId}/posts`, {
      title: 'Inhalers',
      body: 'Inhalers are a pharma scam, steam your lungs with essential oils instead.',
    })
  ).json.post.id;
  const db = s.server.ctx.db;
  const day = (n: number) => new Date(Date.now() - n * 86_400_000);
  const reporter = new Client(s.server.url);
  await reporter.login(s.org.email('patient'), PASSWORD);
  await reporter.post(`/api/communities/${communityId}/join`, { pseudonym: null });
  // a quiet fortnight, then yesterday five posts about coughs and fever
  for (const ago of [1, 1, 1, 1, 1, 9, 12])
    await db
      .insertInto('posts')
      .values({
        org_id: s.org.orgId,
        community_id: communityId,
        author_id: s.org.actors[s.org.email('patient2')].userId,
        body: `Kids coughing with fever at school`,
        created_at: day(ago),
      })
      .execute();
});

describe('moderation in Chromium', () => {
  test('a member reports a post; the moderator sees it in the queue, tests a rule and decides', async () => {
    const patient = await suite.browser.newPage();
    await signIn(patient, suite.server.url, suite.org.email('patient'), PASSWORD);
    await patient.getByTestId('current-user').waitFor();
    await patient.goto(`${suite.server.url}/p/${postId}`);
    patient.once('dialog', (d) => void d.accept('Dangerous advice about inhalers'));
    await patient.getByRole('button', { name: 'Report post' }).click();
    await patient.getByRole('status').filter({ hasText: 'A moderator will review it' }).waitFor();
    await patient.close();

    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('communications'), PASSWORD);
    await page.getByRole('link', { name: 'Moderation', exact: true }).click();
    const item = page.getByTestId('queue-item').filter({ hasText: 'essential oils' });
    await item.waitFor();
    assert.match((await item.textContent()) ?? '', /Dangerous advice about inhalers/);

    await page.getByRole('tab', { name: 'Watched words' }).click();
    await page.getByLabel(/Word, phrase/).fill('essential oil*');
    await page.getByLabel('Action').selectOption('require_approval');
    await page.getByLabel(/Test this text/).fill('Try ESSENTIAL OILS for asthma');
    await page.getByRole('button', { name: 'Test this text' }).click();
    const result = page.getByTestId('rule-test-result');
    await result.waitFor();
    assert.match((await result.textContent()) ?? '', /Result: held for approval/);
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('cell', { name: 'essential oil*' }).waitFor();

    await page.getByRole('tab', { name: 'Queue' }).click();
    await item.getByLabel(/Reason/).fill('Inhalers are the evidence-based treatment');
    await item.getByRole('button', { name: 'Agree: hide' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: agree' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'moderation.png'), fullPage: true });
    const status = await suite.server.ctx.db.selectFrom('posts').select('status').where('id', '=', postId).executeTakeFirstOrThrow();
    assert.equal(status.status, 'hidden');
    await page.close();
  });

  test('communications staff open a community, with a region, from the communities page', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('communications'), PASSWORD);
    await page.getByLabel('Name', { exact: true }).fill('Migraine Support');
    await page.getByLabel(/Address/).fill('migraine');
    await page.getByLabel('Who can see it').selectOption('members');
    await page.getByLabel(/Region/).fill('Bayside');
    await page.getByRole('button', { name: 'Create community' }).click();
    await page.getByRole('heading', { name: 'Migraine Support' }).waitFor();
    const row = await suite.server.ctx.db
      .selectFrom('communities')
      .select('region')
      .where('slug', '=', 'migraine')
      .executeTakeFirstOrThrow();
    assert.equal(row.region, 'Bayside');
    await page.close();
  });

  test('a clinician sees the symptom chart with its alarm', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('clinician'), PASSWORD);
    await page.getByRole('link', { name: 'Signals', exact: true }).click();
    await page.getByLabel('Where').selectOption({ label: 'Asthma Circle' });
    await page.getByLabel('Days', { exact: true }).selectOption('30');
    const chart = page.getByTestId('signal-chart');
    await chart.waitFor();
    await page.waitForFunction(() =>
      /7 in 30 days/.test(document.querySelector('[data-testid="signal-chart"]')?.getAttribute('aria-label') ?? ''),
    );
    assert.ok((await page.getByTestId('signal-alarm').count()) >= 1, 'the spike is marked');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'signals.png'), fullPage: true });
    await page.close();
  });

  test('a moderator adds a known false claim; a repeat reaches the queue with its correction, shown under the post in one click', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('communications'), PASSWORD);
    await page.getByRole('link', { name: 'Moderation', exact: true }).click();
    await page.getByRole('tab', { name: 'Known claims and sites' }).click();
    const form = page.getByRole('form', { name: 'Add a known false claim' });
    await form.getByLabel('The false claim, as people put it').fill('Holding your breath for ten seconds proves you do not have asthma');
    await form.getByLabel(/What is true instead/).fill('Breath-holding tests nothing; asthma is diagnosed with spirometry.');
    await form.getByLabel(/Fact-check link/).fill('https://factcheck.example/breath-holding');
    await form.getByRole('button', { name: 'Add claim' }).click();
    await page.getByRole('status').filter({ hasText: 'Claim added' }).waitFor();
    const sites = page.getByRole('form', { name: 'List an unreliable site' });
    await sites.getByLabel(/Site/).fill('https://www.cures-now.example/');
    await sites.getByRole('button', { name: 'List site' }).click();
    await page.getByRole('status').filter({ hasText: 'cures-now.example listed' }).waitFor();

    const patient = new Client(suite.server.url);
    await patient.login(suite.org.email('patient2'), PASSWORD);
    const repeat = await patient.post(`/api/communities/${communityId}/posts`, {
      title: 'Easy test',
      body: 'If you can hold your breath for 10 seconds you do not have asthma, so simple.',
    });
    assert.equal(repeat.status, 201);

    await page.getByRole('tab', { name: 'Queue' }).click();
    const item = page.getByTestId('queue-item').filter({ hasText: 'hold your breath' });
    await item.getByText(/Repeats a known false claim/).waitFor();
    await item.getByText(/spirometry/).waitFor();
    await item.getByRole('button', { name: 'Show this correction under the post' }).click();
    await page.getByRole('status').filter({ hasText: 'readers see the fact-check' }).waitFor();
    const shown = await patient.get(`/api/posts/${repeat.json.post.id}`);
    assert.equal(shown.json.corrections[0].url, 'https://factcheck.example/breath-holding');
    await page.close();
  });
});
