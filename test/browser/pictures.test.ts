import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createCommunity, joinCommunity } from '../../src/community/service.ts';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';
import { FIXTURES } from '../helpers/media.ts';

let communityId = '';
const suite = browserSuite(async ({ server, org }) => {
  const comms = org.actors[org.email('communications')];
  const patient = org.actors[org.email('patient')];
  const c = await createCommunity(server.ctx.db, comms, {
    name: 'Recovery stories',
    slug: 'recovery',
    description: '',
    visibility: 'members',
  });
  communityId = c.id;
  await joinCommunity(server.ctx.db, patient, c.id, null);
});

describe('pictures in the composer', () => {
  test('a patient attaches a photo of a label: the composer boxes what was found, hides it, and the post shows the hidden copy', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('patient'), PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${suite.server.url}/c/${communityId}`);
    await page.getByLabel('Title').fill('Home at last');
    await page.getByLabel('Message').fill('Back home after three weeks. Thank you all.');
    await page.getByLabel('Add pictures').setInputFiles(path.join(FIXTURES, 'label-card.png'));
    // The server's check runs off the request; the composer follows it and then shows what was found.
    await page
      .locator('.picture-findings')
      .getByText(/Medical record number/)
      .waitFor({ timeout: 60_000 });
    await page.getByText(/cannot be shared here: hide them/).waitFor();
    assert.ok((await page.locator('.boxed-image rect.box-open').count()) >= 3, 'boxes over the name, MRN and date');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'picture-found.png'), fullPage: true });
    await page.getByRole('button', { name: 'Hide everything found' }).click();
    await page.getByText('Nothing here identifies anyone at this destination.').waitFor();
    assert.equal(await page.locator('.boxed-image rect.box-open').count(), 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'picture-hidden.png'), fullPage: true });
    // The description is typed and "Post" pressed at once; its save is held back on the way to the server
    // so the post would be sent first if the composer did not wait for it.
    await page.route('**/api/media/*', async (route) => {
      if (route.request().method() === 'PATCH') await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.getByLabel(/Description \(alt text/).fill('My discharge label, details covered');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const shown = page.locator('article.post').getByRole('img', { name: 'My discharge label, details covered' });
    await shown.waitFor();
    assert.match((await shown.getAttribute('src')) ?? '', /\/files\/w1280$/);
    await page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
      await shown.elementHandle(),
      { timeout: 30_000 },
    );
    await page.close();
  });
});
