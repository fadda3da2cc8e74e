import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createCommunity, createPost, joinCommunity } from '../../src/community/service.ts';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite(async ({ server, org }) => {
  const comms = org.actors[org.email('communications')];
  const patient = org.actors[org.email('patient')];
  const c = await createCommunity(server.ctx.db, comms, {
    name: 'Device notes',
    slug: 'device-notes',
    description: '',
    visibility: 'members',
  });
  await joinCommunity(server.ctx.db, patient, c.id, null);
  const base = {
    title: '',
    kind: 'post' as const,
    visibility: 'members' as const,
    contentWarning: null,
    anonymous: false,
    consentId: null,
    confirmPhi: false,
  };
  await createPost(server.ctx.db, patient, c.id, { ...base, body: 'The insulin pen clicked twice before the dose' });
  await createPost(server.ctx.db, patient, c.id, { ...base, body: 'Nothing about devices here' });
});

describe('records management in Chromium', () => {
  test('a compliance officer searches the archive, exports a production and places a legal hold', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await page.getByRole('link', { name: 'Records', exact: true }).click();
    await page.getByLabel('Keyword', { exact: true }).fill('insulin');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('cell', { name: /insulin pen clicked/ }).waitFor();
    assert.equal(await page.getByRole('cell', { name: /Nothing about devices/ }).count(), 0);
    await page.getByRole('button', { name: 'Export these as a production' }).click();
    await page.getByText('Production created with 1 documents.').waitFor();
    await page.getByRole('link', { name: 'download ZIP' }).first().waitFor();
    await page.getByLabel('Hold name').fill('Device complaint');
    await page.getByLabel('Reason', { exact: true }).fill('Possible product liability claim');
    await page.getByLabel(/Keywords/).fill('insulin, pen');
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.getByText('Device complaint').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'records.png'), fullPage: true });
    await page.close();
  });
});
