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
  test('a compliance officer searches, reviews, produces with a privilege log, checks custody and places a legal hold', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await page.getByRole('link', { name: 'Records', exact: true }).click();
    await page.getByText('No saved searches yet.').waitFor();
    await page.getByLabel('Keyword', { exact: true }).fill('insulin');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('table', { name: 'Search results' });
    await results.getByRole('cell', { name: /insulin pen clicked/ }).waitFor();
    assert.equal(await results.getByRole('cell', { name: /Nothing about devices/ }).count(), 0);
    assert.equal(await results.locator('mark').first().textContent(), 'insulin', 'the matching word is highlighted');
    await page.getByRole('status').filter({ hasText: '1 matching record' }).waitFor();

    await results.getByRole('button', { name: /Open record/ }).click();
    const record = page.getByRole('region', { name: /Record: post/ });
    await record.getByText(/Verified: content hash and chain link match/).waitFor();
    await record.getByRole('button', { name: 'Close record' }).click();

    await page.getByLabel('Save this search as').fill('Insulin pen matter');
    await page.getByRole('button', { name: 'Save search' }).click();
    const saved = page.getByRole('table', { name: 'Saved searches' });
    await saved.getByRole('button', { name: 'Make a review set' }).click();
    await page.getByRole('status').filter({ hasText: 'made with 1 documents' }).waitFor();
    await page.getByRole('button', { name: 'Review Insulin pen matter' }).click();
    await page.getByRole('button', { name: 'Assign the unassigned to me' }).click();
    const doc = page.getByRole('group', { name: 'Document 1' });
    await doc.getByLabel('Responsive', { exact: true }).check();
    await doc.getByLabel('Privileged', { exact: true }).check();
    await doc.getByLabel(/Note/).fill('Forwarded to outside counsel');
    await doc.getByRole('button', { name: 'Save coding' }).click();
    await page.getByRole('table', { name: 'Review sets' }).getByRole('cell', { name: '1 of 1' }).waitFor();

    const production = page.getByRole('form', { name: 'New production' });
    await production.getByLabel('Production name').fill('Pen matter volume 1');
    await production.getByLabel('Bates prefix').fill('PEN');
    await production.getByLabel('First Bates number').fill('500');
    await production.getByLabel('Documents').selectOption({ label: 'review set: Insulin pen matter' });
    await production.getByLabel('From the set').selectOption('all');
    await production.getByRole('button', { name: 'Create production' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /0 documents; 1 withheld as privileged/ })
      .waitFor();
    await page.getByRole('button', { name: 'Custody of Pen matter volume 1' }).click();
    await page.getByRole('table', { name: 'Chain of custody' }).getByRole('cell', { name: 'created' }).waitFor();

    await page.getByLabel('Hold name').fill('Device complaint');
    await page.getByLabel('Reason', { exact: true }).fill('Possible product liability claim');
    await page.getByLabel('What it holds').selectOption({ label: 'saved search: Insulin pen matter' });
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Hold placed: it covers 1 archived record now/ })
      .waitFor();
    await page.getByRole('table', { name: 'Legal holds' }).getByRole('cell', { name: 'Device complaint', exact: true }).waitFor();
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
