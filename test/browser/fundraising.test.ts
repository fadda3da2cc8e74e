import { describe, test } from 'node:test';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite();

describe('fundraising in the browser', () => {
  test('communications starts a campaign; a patient pledges, asks to be thanked, and sees the progress and the thanks', async () => {
    const staff = await suite.browser.newPage();
    await signIn(staff, suite.server.url, suite.org.email('communications'), PASSWORD);
    await staff.getByRole('button', { name: 'Sign out' }).waitFor();
    await staff.goto(`${suite.server.url}/fundraising`);
    const start = staff.getByRole('form', { name: 'Start a campaign' });
    await start.getByLabel('Title').fill('A garden for healing');
    await start.getByLabel('The story').fill('Help us plant a garden patients can see from their rooms.');
    await start.getByLabel('Goal').fill('20000');
    await start.getByLabel(/donation page/).fill('https://give.example.org/garden');
    await start.getByRole('button', { name: 'Start campaign' }).click();
    await staff.getByRole('region', { name: 'A garden for healing' }).waitFor();
    await staff.close();

    const patient = await suite.browser.newPage();
    await signIn(patient, suite.server.url, suite.org.email('patient'), PASSWORD);
    await patient.getByRole('button', { name: 'Sign out' }).waitFor();
    await patient.goto(`${suite.server.url}/fundraising`);
    const card = patient.getByRole('region', { name: 'A garden for healing' });
    await card.getByRole('link', { name: 'Give on our donation page' }).waitFor();
    const pledge = card.getByRole('form', { name: 'Pledge to A garden for healing' });
    await pledge.getByLabel(/My pledge/).fill('50');
    await pledge.getByLabel(/Thank me by name/).check();
    await pledge.getByRole('button', { name: 'Pledge' }).click();
    await card.getByText('Thank you for your pledge.').waitFor();
    await card.getByText(/With thanks to Patient of/).waitFor();
    await card.getByRole('progressbar', { name: '0% of the goal' }).waitFor();
    await card.getByText('$50.00', { exact: true }).waitFor();
    await patient.close();
  });
});
