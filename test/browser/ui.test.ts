import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createCommunity, createPost, joinCommunity } from '../../src/community/service.ts';
import { launchBrowser, SCREENSHOTS, signIn as signInWith } from '../helpers/browser.ts';
import { createTestOrg, PASSWORD, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let browser: Browser;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let communityId: string;

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  const comms = org.actors[org.email('communications')];
  const patient = org.actors[org.email('patient')];
  const c = await createCommunity(server.ctx.db, comms, {
    name: 'Asthma Circle',
    slug: 'asthma',
    description: 'Breathing easier together',
    visibility: 'members',
  });
  communityId = c.id;
  await joinCommunity(server.ctx.db, patient, c.id, null);
  await createPost(server.ctx.db, patient, c.id, {
    title: 'Markup test',
    body: '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold?</b>',
    kind: 'post',
    visibility: 'members',
    contentWarning: null,
    anonymous: false,
    consentId: null,
    confirmPhi: false,
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, email: string) {
  await signInWith(page, server.url, email, PASSWORD);
  await page.getByTestId('current-user').waitFor();
}

describe('web UI in Chromium', () => {
  test('a patient signs in, sees their communities and posts with live PHI highlighting', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, org.email('patient'));
    await page.getByRole('heading', { name: 'Communities' }).waitFor();
    await page.getByRole('link', { name: 'Asthma Circle' }).click();
    await page.getByRole('heading', { name: 'Asthma Circle' }).waitFor();

    // Hostile markup in an existing post renders as text.
    await page.getByText('<img src=x onerror=').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await page.locator('article img').count(), 0);
    assert.equal(await page.locator('article b').count(), 0);

    await page.getByLabel('Title').fill('Inhaler tips');
    await page.getByLabel('Message').fill('My neighbour Priscilla Okonkwo showed me a spacer trick');
    const mark = page.getByTestId('phi-preview').locator('mark');
    await mark.first().waitFor();
    assert.equal(await mark.first().textContent(), 'Priscilla Okonkwo');
    assert.equal(await mark.first().getAttribute('data-category'), 'SH01_NAME');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'composer-phi.png'), fullPage: true });

    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.getByRole('button', { name: 'Post anyway' }).click();
    await page.getByRole('heading', { name: 'Inhaler tips' }).waitFor();
    assert.deepEqual(dialogs, []);
    await page.close();
  });

  test("communications tells the guard the organization's facilities; the composer then recognizes them and still marks a patient", async () => {
    const page = await browser.newPage();
    await signIn(page, org.email('communications'));
    await page.getByRole('link', { name: 'Sharing rules' }).click();
    await page.getByRole('heading', { name: /What the guard knows about/ }).waitFor();
    await page.getByLabel('Other names (one per line)').fill('Bayview\nBMC');
    await page.getByRole('button', { name: 'Add a facility' }).click();
    await page.getByLabel('Facility 1 name').fill('Bayview Medical Center');
    await page.getByLabel('Facility 1 address').fill('77 Harbor Road, Salem, MA 01970');
    await page.getByLabel('Facility 1 phone').fill('(978) 555-0110');
    await page.getByRole('button', { name: 'Save what the guard knows' }).click();
    await page.getByText('Saved. The guard uses it').waitFor();

    await page.getByRole('link', { name: 'Communities' }).click();
    await page.getByRole('link', { name: 'Asthma Circle' }).click();
    await page.getByLabel('Title').fill('Flu clinic');
    await page
      .getByLabel('Message')
      .fill('Free flu shots at Bayview Medical Center, 77 Harbor Road, Salem, MA 01970. Call (978) 555-0110.');
    const status = page.locator('#composer-phi, [aria-live="polite"]').filter({ hasText: 'No patient identifiers' });
    await status.first().waitFor();
    assert.ok((await page.getByTestId('phi-preview').locator('mark.known').count()) >= 2);
    await page.getByLabel('Message').fill('Get well soon, Walter Jensen, who was admitted to our ICU last night.');
    await page.getByText(/Name of a patient/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'composer-guard-context.png'), fullPage: true });
    await page.close();
  });

  test('a blocked identifier is explained and nothing is posted', async () => {
    const page = await browser.newPage();
    await signIn(page, org.email('patient'));
    await page.goto(`${server.url}/c/${communityId}`);
    await page.getByLabel('Message').fill('Can someone check my ssn 123-45-6789 for billing?');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // Named as a person reads it, never as a Safe Harbor code.
    assert.match((await alert.textContent()) ?? '', /social security number/i);
    assert.doesNotMatch((await alert.textContent()) ?? '', /SH\d\d_/);
    assert.equal(await page.getByText('123-45-6789 for billing', { exact: false }).locator('xpath=ancestor::article').count(), 0);
    await page.close();
  });

  test('a wrong password shows an error and signing in still works afterwards', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('Email').fill(org.email('clinician'));
    await page.getByLabel('Password').fill('nope-nope-nope');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /wrong/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'communities.png'), fullPage: true });
    await page.close();
  });
});
