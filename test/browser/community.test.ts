import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { upsertProfile } from '../../src/directory/service.ts';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite((s) =>
  upsertProfile(s.server.ctx.db, s.org.actors[s.org.email('clinician')], {
    specialty: 'Endocrinology',
    npi: null,
    bio: 'Diabetes and thyroid care',
  }),
);

describe('community features in Chromium', () => {
  test('a patient messages the care team and the clinician sees it arrive live', async () => {
    const clinician = await suite.browser.newPage();
    await signIn(clinician, suite.server.url, suite.org.email('clinician'), PASSWORD);
    await clinician.getByTestId('current-user').waitFor();
    assert.equal(await clinician.getByTestId('unread-count').textContent(), '0');

    const patient = await suite.browser.newPage();
    await signIn(patient, suite.server.url, suite.org.email('patient'), PASSWORD);
    await patient.getByRole('link', { name: 'Messages', exact: true }).click();
    await patient.getByLabel('To').selectOption({ label: `Clinician of ${suite.org.slug} (clinician)` });
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
    const second = await suite.server.ctx.db
      .insertInto('users')
      .values({
        email: `consultant@${suite.org.slug}.test`,
        display_name: 'Dr. Consultant',
        password_hash: (
          await suite.server.ctx.db
            .selectFrom('users')
            .select('password_hash')
            .where('email', '=', suite.org.email('clinician'))
            .executeTakeFirstOrThrow()
        ).password_hash,
        totp_secret: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await suite.server.ctx.db
      .insertInto('memberships')
      .values({ org_id: suite.org.orgId, user_id: second.id, role: 'clinician' })
      .execute();
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('clinician'), PASSWORD);
    await page.getByRole('link', { name: 'Messages', exact: true }).click();
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
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('patient'), PASSWORD);
    await page.getByRole('link', { name: 'Providers', exact: true }).click();
    await page.getByRole('link', { name: `Clinician of ${suite.org.slug}` }).click();
    await page.getByLabel('Rating').selectOption('4');
    await page.getByLabel('Your review').fill('Very thorough and patient with my questions.');
    await page.getByRole('button', { name: 'Post review' }).click();
    await page.getByText('Very thorough and patient with my questions.').waitFor();
    await page.close();

    const comms = await suite.browser.newPage();
    await signIn(comms, suite.server.url, suite.org.email('communications'), PASSWORD);
    await comms.getByRole('link', { name: 'Providers', exact: true }).click();
    await comms.getByRole('link', { name: `Clinician of ${suite.org.slug}` }).click();
    await comms.getByLabel('Public reply').fill('Thank you, we shared this with the team.');
    await comms.getByRole('button', { name: 'Publish reply' }).click();
    await comms.getByText('Reply from').waitFor();
    // A second reply replaces the first only once that is confirmed.
    await comms.getByLabel(/published reply/).waitFor();
    await comms.getByRole('button', { name: 'Replace reply' }).waitFor();
    await comms.close();
  });
});
