import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { upsertProfile } from '../../src/directory/service.ts';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite(async ({ server, org }) => {
  await upsertProfile(server.ctx.db, org.actors[org.email('clinician')], {
    specialty: 'Cardiology',
    npi: null,
    bio: 'Heart failure clinic.',
  });
});

describe('the provider directory in Chromium', () => {
  test("a clinician's profile form opens with the profile as it is; changing the specialty keeps the bio", async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('clinician'), PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${suite.server.url}/providers`);
    const specialty = page.getByLabel('Specialty');
    await page.waitForFunction(() => (document.getElementById('p-specialty') as HTMLInputElement | null)?.value === 'Cardiology');
    assert.equal(await page.getByLabel('About me').inputValue(), 'Heart failure clinic.');
    await specialty.fill('Cardiology and heart failure');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.', { exact: false }).waitFor();
    const row = await suite.server.ctx.db
      .selectFrom('provider_profiles')
      .select(['specialty', 'bio'])
      .where('user_id', '=', suite.org.userId('clinician'))
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { specialty: 'Cardiology and heart failure', bio: 'Heart failure clinic.' });
    await page.close();
  });
});
