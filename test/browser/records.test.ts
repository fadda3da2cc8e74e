import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createCommunity, createPost, joinCommunity } from '../../src/community/service.ts';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { captureRecord } from '../../src/archive/index.ts';
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
  // A record from three years ago, for the disposition screens.
  await server.ctx.db.transaction().execute((tx) =>
    captureRecord(tx, {
      orgId: org.orgId,
      recordKind: 'post',
      recordId: crypto.randomUUID(),
      recordClass: 'community_content',
      event: 'create',
      version: 1,
      authorId: patient.userId,
      channel: `community:${c.id}`,
      content: { body: 'An old note' },
      occurredAt: new Date(Date.now() - 3 * 365.25 * 86_400_000),
    }),
  );
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

  test('destruction takes two people: a short rule is confirmed, the officer asks, an administrator approves, it waits', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await page.getByRole('link', { name: 'Records', exact: true }).click();
    const form = page.getByRole('form', { name: 'New retention rule' });
    await form.getByLabel('Years').fill('0');
    await form.getByLabel('Basis').fill('community posts are not kept');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const question = page.getByRole('alertdialog', { name: 'Confirm a short retention period' });
    await question.getByText(/destroys community_content records as soon as the schedule runs/).waitFor();
    await question.getByRole('button', { name: 'Change it' }).click();
    await form.getByLabel('Years').fill('2');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('note').filter({ hasText: '2 year(s) is short' }).waitFor();
    const preview = page.getByRole('table', { name: 'What would be destroyed now' });
    await preview.getByRole('row').filter({ hasText: 'community_content' }).waitFor();
    await page.getByRole('button', { name: /Ask to destroy 1 expired record/ }).click();
    await page.getByRole('status').filter({ hasText: 'someone else must approve' }).waitFor();
    const requests = page.getByRole('table', { name: 'Disposition requests' });
    await requests.getByText(/waiting for approval \(0 of 1\)/).waitFor();
    assert.equal(await requests.getByRole('button', { name: 'Approve' }).count(), 0, 'the requester cannot approve');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'records-disposition.png'), fullPage: true });

    const admin = await suite.browser.newPage();
    await signIn(admin, suite.server.url, suite.org.email('admin'), PASSWORD);
    await admin.getByRole('link', { name: 'Records', exact: true }).click();
    await admin.getByRole('table', { name: 'Disposition requests' }).getByRole('button', { name: 'Approve' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: /Approved: it runs after/ })
      .waitFor();
    await page.reload();
    await page
      .getByRole('table', { name: 'Disposition requests' })
      .getByText(/approved by Admin of .*; runs after/)
      .waitFor();
    await page.close();
    await admin.close();
  });
});
