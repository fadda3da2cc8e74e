import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite();

describe('goals in the browser', () => {
  test('a patient sets a weight goal, logs readings, is told when a value is implausible, and sees the chart reach the target', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, suite.server.url, suite.org.email('patient'), PASSWORD);
    await page.locator('main#main').waitFor(); // signed in (on a phone, Sign out is in the menu)
    await page.goto(`${suite.server.url}/goals`);
    await page.getByText('No goals yet.').waitFor();
    const setGoal = page.getByRole('form', { name: 'Set a goal' });
    await setGoal.getByLabel('What to track').selectOption('weight');
    await setGoal.getByLabel('Unit').selectOption('kg');
    await setGoal.getByLabel('Target (kg)').fill('80');
    await setGoal.getByRole('button', { name: 'Set goal' }).click();
    const card = page.getByRole('region', { name: 'Weight' });
    await card.getByText('No readings yet.').waitFor();
    const log = card.getByRole('form', { name: 'Log Weight' });
    await log.getByLabel('Reading (kg)').fill('700');
    await log.getByRole('button', { name: 'Log' }).click();
    await card
      .getByRole('alert')
      .getByText(/between 20 and 400 kg; 700 is not plausible/)
      .waitFor();
    for (const v of ['84.5', '79.6']) {
      await log.getByLabel('Reading (kg)').fill(v);
      await log.getByRole('button', { name: 'Log' }).click();
      await card.getByText(`Latest: ${v} kg`, { exact: false }).waitFor();
    }
    await card.getByText('Target reached!').waitFor();
    const chart = card.getByRole('img', { name: /Weight: 2 readings .* latest 79\.6 kg; target 80 kg/ });
    assert.ok(await chart.isVisible());
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'fits the phone');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'goals-phone.png'), fullPage: true });
    await page.close();
  });
});
