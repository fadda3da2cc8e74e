import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { STARTER_MODULES } from '../../src/training/starter-modules.ts';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { createTestOrg, PASSWORD } from '../helpers/context.ts';
import { Client } from '../helpers/http.ts';

let communityId = '';
const suite = browserSuite(async (s) => {
  s.org = await createTestOrg(s.server.ctx, undefined, { trained: false });
  const admin = new Client(s.server.url);
  await admin.login(s.org.email('admin'), PASSWORD);
  communityId = (await admin.post('/api/communities', { name: 'Stroke Recovery', slug: 'stroke', visibility: 'public' })).json.community.id;
  await admin.request('PUT', '/api/sharing-rules', { ...(await admin.get('/api/sharing-rules')).json.rules, samplePercent: 100 });
});

/** The communications officer's public health-education post, from the community page. */
async function composePublicEducationPost(page: Page) {
  await page.goto(`${suite.server.url}/c/${communityId}`);
  await page.getByLabel('Title').fill('Stroke signs');
  await page.getByLabel('Message').fill('Remember BE FAST: balance, eyes, face, arms, speech, time to call 911.');
  await page.getByLabel('Type').selectOption('education');
  await page.getByLabel('Visible to').selectOption('public');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}

/** Picks each question's right answer on an open module page and submits. */
async function answerQuiz(page: Page, slug: string) {
  const def = STARTER_MODULES.find((m) => m.slug === slug)!;
  for (const [i, q] of def.questions.entries())
    await page
      .getByRole('group', { name: `${i + 1}. ${q.prompt}` })
      .getByLabel(q.options[q.answer], { exact: true })
      .check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
}

describe('policies, training and oversight in Chromium', () => {
  test('the composer says what training is missing, links to it, and after the quiz and acknowledgement the post goes out', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('communications'), PASSWORD);
    await page.getByTestId('current-user').waitFor();
    await composePublicEducationPost(page);
    const alert = page.getByRole('alert').filter({ hasText: 'Before you can publish publicly' });
    await alert.waitFor();
    await alert.getByRole('link', { name: /Take “Patient information on social media”/ }).click();

    await page.getByRole('heading', { name: 'Patient information on social media' }).waitFor();
    await answerQuiz(page, 'phi-on-social-media');
    await page.getByTestId('quiz-result').filter({ hasText: 'Passed with 100%' }).waitFor();
    await page.getByRole('link', { name: 'View your certificate' }).click();
    await page.getByText('signature verified').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'certificate.png') });

    // the other module and the policy, then publish
    await page.getByRole('link', { name: 'Training', exact: true }).click();
    await page.getByRole('link', { name: STARTER_MODULES.find((m) => m.slug === 'patient-consent')!.title }).click();
    await answerQuiz(page, 'patient-consent');
    await page.getByTestId('quiz-result').filter({ hasText: 'Passed' }).waitFor();
    await page.getByRole('link', { name: 'Training', exact: true }).click();
    await page.getByRole('link', { name: 'Social media policy' }).click();
    await page.getByTestId('policy-body').filter({ hasText: 'Patient information' }).waitFor();
    await page.getByRole('button', { name: /I have read and will follow version 1/ }).click();
    await page.getByRole('status').filter({ hasText: 'acknowledgement is recorded' }).waitFor();

    await composePublicEducationPost(page);
    await page.getByRole('heading', { name: 'Stroke signs' }).waitFor();
    await page.close();
  });

  test('the compliance officer sees staff activity and reviews a sampled post', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await page.getByRole('link', { name: 'Oversight', exact: true }).click();
    const row = page
      .getByTestId('staff-activity')
      .getByRole('row')
      .filter({ hasText: `Communications of ${suite.org.slug}` });
    await row.waitFor();
    assert.match(
      (await page
        .getByTestId('staff-activity')
        .getByRole('row')
        .filter({ hasText: `Clinician of ${suite.org.slug}` })
        .textContent()) ?? '',
      /Patient information on social media/,
    );
    const item = page.getByTestId('supervisory-item').filter({ hasText: 'BE FAST' });
    await item.getByRole('button', { name: 'Appropriate' }).click();
    await page.getByRole('status').filter({ hasText: 'Review recorded' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'oversight.png'), fullPage: true });
    await page.close();
  });
});
