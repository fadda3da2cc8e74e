import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';
import { createThread } from '../../src/messaging/service.ts';

const suite = browserSuite(async ({ server, org }) => {
  // The patient's care team: a clinician they write to in a care-team conversation.
  await createThread(server.ctx.db, org.actors[org.email('patient')], {
    kind: 'care_team',
    participantIds: [org.userId('clinician')],
    subject: 'My care',
    body: 'Hello doctor',
    confirmPhi: false,
  });
});

describe('self-screening in the browser', () => {
  test('a patient on a phone answers a PHQ-9: crisis resources appear as soon as item 9 is answered, the care team is told, the clinician reads the shared result', async () => {
    const phone = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await signIn(page, suite.server.url, suite.org.email('patient'), PASSWORD);
    await page.locator('main#main').waitFor(); // signed in (on a phone, Sign out is in the menu)
    await page.goto(`${suite.server.url}/screening`);
    await page.getByRole('button', { name: 'Start Depression (PHQ-9)' }).click();
    const form = page.getByRole('form', { name: 'Depression (PHQ-9)' });
    await form.waitFor();
    const submit = form.getByRole('button', { name: /questions? left|See my result/ });
    assert.equal(await submit.isDisabled(), true, 'every question must be answered');
    const groups = form.getByRole('group');
    for (let i = 0; i < 8; i++) await groups.nth(i).getByRole('radio', { name: 'Several days' }).check();
    assert.equal(await page.getByRole('alert').count(), 0, 'no crisis box before item 9');
    await groups.nth(8).getByRole('radio', { name: 'Several days' }).check();
    const crisis = page.getByRole('alert').filter({ hasText: '988' });
    await crisis.waitFor();
    assert.ok(await crisis.getByRole('link', { name: '988 Suicide & Crisis Lifeline' }).isVisible());
    await groups.nth(9).getByRole('radio', { name: 'Somewhat difficult' }).check();
    await page.getByLabel(/Tell my care team that I need help/).check();
    // Nothing on the page is wider than the phone.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the page is ${wide} px wide`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'screening-phone.png'), fullPage: true });
    await form.getByRole('button', { name: 'See my result' }).click();
    const result = page.getByRole('region', { name: 'Your result' });
    await result.getByRole('heading', { name: 'Depression (PHQ-9): Mild depression' }).waitFor();
    await result.getByText('Score 9 of 27').waitFor();
    await result.getByText(/Your care team has been told/).waitFor();
    await phone.close();

    const doctor = await suite.browser.newPage();
    await signIn(doctor, suite.server.url, suite.org.email('clinician'), PASSWORD);
    await doctor.locator('main#main').waitFor();
    await doctor.goto(`${suite.server.url}/screening`);
    const shared = doctor.getByRole('table', { name: 'Shared with you' });
    await shared.getByText(/Mild depression \(9 of 27\) — asked for help/).waitFor();
    await shared.getByRole('button', { name: 'Open' }).click();
    await doctor.getByRole('heading', { name: /Depression \(PHQ-9\) — Patient of/ }).waitFor();
    await doctor.getByRole('row', { name: /Thoughts that you would be better off dead.*Several days/ }).waitFor();
    await doctor.getByText('The patient asked their care team for help', { exact: false }).waitFor();
    await doctor.close();
  });
});
