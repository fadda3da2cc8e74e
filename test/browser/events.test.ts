import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommunity, joinCommunity } from '../../src/community/service.ts';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

let communityId = '';
const suite = browserSuite(async ({ server, org }) => {
  const comms = org.actors[org.email('communications')];
  communityId = (
    await createCommunity(server.ctx.db, comms, { name: 'Heart health', slug: 'heart', description: '', visibility: 'members' })
  ).id;
  await joinCommunity(server.ctx.db, org.actors[org.email('patient')], communityId, null);
});

describe('events in the browser', () => {
  test('communications plans an event with one place; a patient takes it, the next reply goes to the waitlist, and the calendar file is offered', async () => {
    const staff = await suite.browser.newPage();
    await signIn(staff, suite.server.url, suite.org.email('communications'), PASSWORD);
    await staff.getByRole('button', { name: 'Sign out' }).waitFor();
    await staff.goto(`${suite.server.url}/c/${communityId}`);
    await staff.getByRole('button', { name: 'Plan an event' }).click();
    const plan = staff.getByRole('form', { name: 'Plan an event' });
    await plan.getByLabel('Title').fill('Cardiac rehab open day');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await plan.getByLabel('Date').fill(tomorrow);
    await plan.getByLabel('Place', { exact: true }).fill('Rehab gym, 2nd floor');
    await plan.getByLabel(/Places/).fill('1');
    await plan.getByRole('button', { name: 'Plan event' }).click();
    await staff.getByRole('article', { name: 'Cardiac rehab open day' }).getByText('0 going of 1').waitFor();

    const patient = await suite.browser.newPage();
    await signIn(patient, suite.server.url, suite.org.email('patient'), PASSWORD);
    await patient.getByRole('button', { name: 'Sign out' }).waitFor();
    await patient.goto(`${suite.server.url}/c/${communityId}`);
    const card = patient.getByRole('article', { name: 'Cardiac rehab open day' });
    await card.getByRole('button', { name: 'I’m going' }).click();
    await card.getByText('You are going.').waitFor();
    assert.match((await card.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')) ?? '', /\/api\/events\/[\w-]+\/ics$/);

    await staff.reload();
    const full = staff.getByRole('article', { name: 'Cardiac rehab open day' });
    await full.getByRole('button', { name: 'Join the waitlist' }).click();
    await full.getByText('You are number 1 on the waitlist.').waitFor();
    await staff.close();
    await patient.close();
  });
});
