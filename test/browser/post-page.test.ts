import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommunity, joinCommunity } from '../../src/community/service.ts';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

let communityId = '';
const suite = browserSuite(async ({ server, org }) => {
  const db = server.ctx.db;
  // Ordinary names (the test organization's carry random letters).
  for (const [role, name] of Object.entries({ patient: 'Dana Price', patient2: 'Owen Marsh', clinician: 'Naomi Whitfield' }))
    await db.updateTable('users').set({ display_name: name }).where('id', '=', org.userId(role)).execute();
  const comms = org.actors[org.email('communications')];
  communityId = (
    await createCommunity(db, comms, { name: 'Lung Health', slug: 'lungs', description: 'Breathing together', visibility: 'members' })
  ).id;
  await joinCommunity(db, { ...org.actors[org.email('patient')], displayName: 'Dana Price' }, communityId, 'Heron');
  await joinCommunity(db, { ...org.actors[org.email('patient2')], displayName: 'Owen Marsh' }, communityId, null);
  await joinCommunity(db, { ...org.actors[org.email('clinician')], displayName: 'Naomi Whitfield' }, communityId, null);
});

describe('writing and reading a post', () => {
  test('Markdown, a mention chosen from the list, a content warning, a draft that survives a reload', async () => {
    const { server, browser, org } = suite;
    const page = await browser.newPage();
    await signIn(page, server.url, org.email('patient2'), PASSWORD);
    await page.getByTestId('current-user').waitFor();
    await page.goto(`${server.url}/c/${communityId}`);
    await page.getByLabel('Title').fill('Spacer technique');
    const body = page.getByLabel('Message');
    await body.fill('**Tip:** shake first, see https://www.lung.example/spacers and thanks ');
    await body.pressSequentially('@He');
    await page.getByRole('option', { name: '@Heron' }).waitFor();
    await body.press('Enter');
    assert.match(await body.inputValue(), /thanks @\[Heron\] $/);
    await body.pressSequentially('<script>window.__xss=1</script>');
    // A reload keeps what was written (the tab's draft).
    await page.reload();
    assert.match(await page.getByLabel('Message').inputValue(), /thanks @\[Heron\] <script>/);
    assert.equal(await page.getByLabel('Title').inputValue(), 'Spacer technique');
    await page.getByLabel('Content warning').fill('inhaler brands');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const post = page.getByRole('article').filter({ hasText: 'Spacer technique' });
    await post.waitFor();
    assert.equal(await page.getByLabel('Message').inputValue(), '', 'the draft is gone once posted');
    // The content warning hides the text until opened.
    assert.equal(await post.locator('strong').filter({ hasText: 'Tip:' }).isVisible(), false);
    await post.getByText('Content warning: inhaler brands').click();
    assert.equal(await post.locator('strong').filter({ hasText: 'Tip:' }).isVisible(), true, 'bold text rendered');
    const link = post.getByRole('link', { name: 'https://www.lung.example/spacers' });
    assert.equal(await link.getAttribute('rel'), 'nofollow ugc noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await post.locator('.mention').textContent(), '@Heron');
    assert.equal(await post.locator('script').count(), 0);
    assert.equal(await page.evaluate(() => (window as { __xss?: number }).__xss), undefined, 'markup stays text');
    await page.close();
  });

  test('reactions, a threaded reply, editing with its history, pinning by the community team', async () => {
    const { server, browser, org } = suite;
    const author = await browser.newPage();
    await signIn(author, server.url, org.email('patient'), PASSWORD);
    await author.getByTestId('current-user').waitFor();
    await author.goto(`${server.url}/c/${communityId}`);
    await author.getByLabel('Title').fill('Peak flow diary');
    await author.getByLabel('Message').fill('I write my readings down every morning.');
    await author.getByRole('button', { name: 'Post', exact: true }).click();
    await author.getByRole('link', { name: 'Peak flow diary' }).click();
    await author.getByRole('heading', { name: 'Peak flow diary', level: 1 }).waitFor();
    assert.match(await author.title(), /^Peak flow diary · /);

    const reader = await browser.newPage();
    await signIn(reader, server.url, org.email('patient2'), PASSWORD);
    await reader.getByTestId('current-user').waitFor();
    await reader.goto(author.url());
    await reader.getByRole('button', { name: 'Helpful' }).click();
    await reader.getByRole('button', { name: /Helpful/, pressed: true }).waitFor();
    await reader.getByLabel('Your reply').fill('Which app do you use?');
    await reader.getByRole('button', { name: 'Reply', exact: true }).click();
    await reader.getByText('Which app do you use?').waitFor();

    await author.reload();
    await author.getByRole('button', { name: 'Reply to Owen Marsh' }).click();
    await author.getByText('Replying to Owen Marsh').waitFor();
    await author.getByLabel('Your reply').fill('Just paper, on the fridge.');
    await author.getByRole('button', { name: 'Reply', exact: true }).click();
    const nested = author.locator('.replies').getByText('Just paper, on the fridge.');
    await nested.waitFor();

    await author.getByRole('button', { name: 'Edit post' }).click();
    await author.getByLabel('Message').fill('I write my readings down every morning and evening.');
    await author.getByRole('button', { name: 'Save changes' }).click();
    await author.getByText('every morning and evening.').waitFor();
    await author.getByRole('button', { name: 'Edit history' }).click();
    const history = author.getByRole('region', { name: 'Edit history' });
    await history.getByText('I write my readings down every morning.').waitFor();
    assert.match((await history.textContent()) ?? '', /Version 2/);

    const reply = (await reader.reload(), reader.getByText('New reply to your comment'));
    await reader.getByRole('button', { name: /^Notifications/ }).click();
    await reply.waitFor();

    const comms = await browser.newPage();
    await signIn(comms, server.url, org.email('communications'), PASSWORD);
    await comms.getByTestId('current-user').waitFor();
    await comms.goto(author.url());
    await comms.getByRole('button', { name: 'Pin to the top' }).click();
    await comms.getByRole('status').filter({ hasText: 'Pinned' }).waitFor();
    await comms.goto(`${server.url}/c/${communityId}`);
    const pinned = comms.getByRole('article').filter({ hasText: 'Peak flow diary' }).first();
    assert.match((await pinned.textContent()) ?? '', /pinned/);
    for (const p of [author, reader, comms]) await p.close();
  });

  test('home: the first-visit guide until dismissed, search across communities, and what is new since the last visit', async () => {
    const { server, browser, org } = suite;
    const page = await browser.newPage();
    await signIn(page, server.url, org.email('clinician'), PASSWORD);
    const guide = page.getByRole('region', { name: 'Getting started' });
    await guide.waitFor();
    assert.match((await guide.textContent()) ?? '', /provider profile/, 'a clinician is guided as a clinician');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Lung Health' }) });
    assert.equal(await card.getByTestId('unread').textContent(), '2 new');
    await page.getByLabel('Search posts').fill('spacer');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('region', { name: 'Search results' }).getByRole('link', { name: 'Spacer technique' }).waitFor();
    // An author's name leads to their profile: communities in common, posts under their name.
    await page.getByRole('region', { name: 'Search results' }).getByRole('link', { name: 'Owen Marsh' }).click();
    await page.getByRole('heading', { name: 'Owen Marsh', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Lung Health' }).waitFor();
    await page.getByRole('link', { name: 'Spacer technique' }).waitFor();
    await page.goBack();
    await guide.getByRole('button', { name: 'Got it, hide this' }).click();
    const read = page.waitForResponse((r) => r.url().endsWith(`/api/communities/${communityId}/read`));
    await page.getByRole('link', { name: 'Lung Health' }).click();
    await page.getByRole('heading', { name: 'Lung Health', level: 1 }).waitFor();
    await read;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Communities', level: 1 }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Getting started' }).count(), 0, 'dismissed for good');
    assert.equal(await card.getByTestId('unread').count(), 0, 'read once opened');
    await page.close();
  });
});
