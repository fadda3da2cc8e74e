import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommunity, createPost, joinCommunity } from '../../src/community/service.ts';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite(async ({ server, org }) => {
  const comms = org.actors[org.email('communications')];
  const patient = org.actors[org.email('patient')];
  const c = await createCommunity(server.ctx.db, comms, { name: 'Walkers', slug: 'walkers', description: '', visibility: 'members' });
  await joinCommunity(server.ctx.db, patient, c.id, null);
  await createPost(server.ctx.db, patient, c.id, {
    title: '',
    body: 'Walked to the lake and back today.',
    kind: 'post',
    visibility: 'members',
    contentWarning: null,
    anonymous: false,
    consentId: null,
    confirmPhi: false,
  });
});

describe('offboarding and a patient’s own data in Chromium', () => {
  test('an administrator deactivates a departed staff member: their open page returns to sign-in, the report says who and when', async () => {
    const staff = await suite.browser.newPage();
    await signIn(staff, suite.server.url, suite.org.email('staff'), PASSWORD);
    const admin = await suite.browser.newPage();
    await signIn(admin, suite.server.url, suite.org.email('admin'), PASSWORD);
    await admin.getByRole('link', { name: 'Organization', exact: true }).click();
    await admin.getByText('Nobody has been deactivated.').waitFor();
    const name = suite.org.actors[suite.org.email('staff')].displayName;
    await admin.getByRole('button', { name: `Deactivate ${name}` }).click();
    const form = admin.getByRole('form', { name: `Deactivate ${name}` });
    await form.getByLabel('Reason').fill('Left the hospital on Friday');
    await form.getByRole('button', { name: 'Confirm deactivation' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `${name} is deactivated: 1 session(s) ended` })
      .waitFor();
    await admin.getByRole('table', { name: 'Offboarding report' }).getByRole('cell', { name: 'Left the hospital on Friday' }).waitFor();
    await admin.getByRole('button', { name: `Reactivate ${name}` }).waitFor();

    await staff.reload();
    await staff.getByLabel('Email').waitFor();
    await staff.getByLabel('Email').fill(suite.org.email('staff'));
    await staff.getByLabel('Password').fill(PASSWORD);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByText(/deactivated by the organization/).waitFor();
    await staff.close();
    await admin.close();
  });

  test('a patient downloads their data as FHIR and erases what they wrote, and is told what was kept', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('patient'), PASSWORD);
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'as a FHIR R4 file' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'my-harborline-data.fhir.json');
    await page.getByRole('button', { name: 'Erase what I wrote…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Erase what you wrote?' });
    await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Erased \d+ record/ })
      .waitFor();
    await page.close();
  });
});
