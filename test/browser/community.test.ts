import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { upsertProfile } from '../../src/directory/service.ts';
import { launchBrowser, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { createTestOrg, PASSWORD, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
let browser: Browser;
let org: Awaited<ReturnType<typeof createTestOrg>>;

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  await upsertProfile(server.ctx.db, org.actors[org.email('clinician')]!, { specialty: 'Endocrinology', npi: null, bio: 'Diabetes and thyroid care' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

describe('community features in Chromium', () => {
  test('a patient messages the care team and the clinician sees it arrive live', async () => {
    const clinician = await browser.newPage();
    await signIn(clinician, server.url, org.email('clinician'), PASSWORD);
    await clinician.getByTestId('current-user').waitFor();
    assert.equal(await clinician.getByTestId('unread-count').textContent(), '0');

    const patient = await browser.newPage();
    await signIn(patient, server.url, org.email('patient'), PASSWORD);
    await patient.getByRole('link', { name: 'Messages' }).click();
    await patient.getByLabel('To').selectOption({ label: `Clinician of ${org.slug} (clinician)` });
    await patient.getByLabel('Subject').fill('Thyroid dose');
    await patient.getByLabel('Message', { exact: true }).fill('Should I take my levothyroxine before breakfast?');
    await patient.getByRole('button', { name: 'Send', exact: true }).click();
    await patient.getByRole('heading', { name: 'Thyroid dose' }).waitFor();

    // The clinician's bell updates without reloading (server-sent events over LISTEN/NOTIFY).
    await clinician.getByRole('status').filter({ hasText: 'New message from' }).waitFor();
    assert.equal(await clinician.getByTestId('unread-count').textContent(), '1');
    await clinician.getByRole('button', { name: /Notifications/ }).click();
    await clinician.getByRole('button', { name: /New message from/ }).click();
    await clinician.getByText('Should I take my levothyroxine before breakfast?').waitFor();
    await clinician.screenshot({ path: path.join(SCREENSHOTS, 'messages.png'), fullPage: true });
    await patient.close();
    await clinician.close();
  });

  test('a consult shows which identifiers will be replaced, and the stored message has surrogates', async () => {
    const second = await server.ctx.db.insertInto('users').values({ email: `consultant@${org.slug}.test`, display_name: 'Dr. Consultant', password_hash: (await server.ctx.db.selectFrom('users').select('password_hash').where('email', '=', org.email('clinician')).executeTakeFirstOrThrow()).password_hash, totp_secret: null }).returning('id').executeTakeFirstOrThrow();
    await server.ctx.db.insertInto('memberships').values({ org_id: org.orgId, user_id: second.id, role: 'clinician' }).execute();
    const page = await browser.newPage();
    await signIn(page, server.url, org.email('clinician'), PASSWORD);
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByLabel('Kind').selectOption('consult');
    await page.getByLabel('To').selectOption({ label: 'Dr. Consultant (clinician)' });
    await page.getByLabel('Message', { exact: true }).fill('Pt John Miller, MRN 4471230, TSH 12 on 3/14. Start 50 mcg?');
    const preview = page.getByTestId('consult-preview');
    await preview.waitFor();
    assert.match((await preview.textContent()) ?? '', /replaced before sending/);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText(/identifier\(s\) replaced/).waitFor();
    const body = (await page.locator('.messages .body').first().textContent()) ?? '';
    assert.ok(!body.includes('Miller') && !body.includes('4471230'), body);
    await page.close();
  });

  test('a patient reviews a provider; communications replies publicly', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, org.email('patient'), PASSWORD);
    await page.getByRole('link', { name: 'Providers' }).click();
    await page.getByRole('link', { name: `Clinician of ${org.slug}` }).click();
    await page.getByLabel('Rating').selectOption('4');
    await page.getByLabel('Your review').fill('Very thorough and patient with my questions.');
    await page.getByRole('button', { name: 'Post review' }).click();
    await page.getByText('Very thorough and patient with my questions.').waitFor();
    await page.close();

    const comms = await browser.newPage();
    await signIn(comms, server.url, org.email('communications'), PASSWORD);
    await comms.getByRole('link', { name: 'Providers' }).click();
    await comms.getByRole('link', { name: `Clinician of ${org.slug}` }).click();
    await comms.getByLabel('Public reply').fill('Thank you, we shared this with the team.');
    await comms.getByRole('button', { name: 'Publish reply' }).click();
    await comms.getByText('Reply from').waitFor();
    await comms.close();
  });
});
