import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';
import { startOAuthProvider } from '../helpers/oauth-provider.ts';
import { startSamlIdp } from '../helpers/saml-idp.ts';

let idp: Awaited<ReturnType<typeof startOAuthProvider>>;
let samlIdp: Awaited<ReturnType<typeof startSamlIdp>>;
const suite = browserSuite(async ({ server }) => {
  samlIdp = await startSamlIdp({
    people: { 'nurse.kim': { subject: 'kim-0042', email: 'nurse.kim@hospital.example', name: 'Nurse Kim', groups: ['HL-Nurses'] } },
  });
  idp = await startOAuthProvider({
    clientId: 'harborline-browser',
    clientSecret: 'browser-client-secret-0123456789',
    redirectUri: `${server.url}/api/auth/sso/callback`,
    scopes: [],
    accounts: {
      'dr.okafor': { email: 'dr.okafor@hospital.example', email_verified: true, name: 'Dr Okafor', groups: ['HL-Clinicians'] },
    },
  });
});
after(async () => {
  await idp?.close();
  await samlIdp?.close();
});

describe('single sign-on in Chromium', () => {
  test('an administrator connects the provider on the Organization page; a clinician signs in through it', async () => {
    const admin = await suite.browser.newPage();
    await signIn(admin, suite.server.url, suite.org.email('admin'), PASSWORD);
    await admin.getByRole('link', { name: 'Organization', exact: true }).click();
    const form = admin.getByRole('form', { name: 'OpenID Connect provider' });
    await form.getByLabel('Issuer URL').fill(idp.issuer);
    await form.getByLabel('Client ID').fill('harborline-browser');
    await form.getByLabel(/Client secret/).fill('browser-client-secret-0123456789');
    await form.getByLabel(/Groups to roles/).fill('HL-Clinicians = clinician');
    await form.getByRole('button', { name: 'Save single sign-on' }).click();
    await admin.getByRole('status').filter({ hasText: 'Single sign-on saved' }).waitFor();
    await admin.close();

    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(suite.server.url);
    await page.getByLabel('Organization’s short name').fill(suite.org.slug);
    await page.getByRole('button', { name: 'Continue with your organization’s account' }).click();
    // The provider's own sign-in and consent pages.
    await page.locator('input[name="login"]').fill('dr.okafor');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('current-user').waitFor();
    assert.match((await page.getByTestId('current-user').textContent()) ?? '', /Dr Okafor/);
    await context.close();
  });

  test('a refused return lands on the sign-in page with a reason, not an error page', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.server.url}/api/auth/sso/callback?state=forged&code=forged`);
    await page.getByRole('alert').filter({ hasText: 'Signing in with your organization did not complete' }).waitFor();
    await page.close();
  });

  test('SAML 2.0: the administrator switches to SAML with the IdP’s certificate; a nurse signs in through the IdP’s page', async () => {
    const admin = await suite.browser.newPage();
    await signIn(admin, suite.server.url, suite.org.email('admin'), PASSWORD);
    await admin.getByRole('link', { name: 'Organization', exact: true }).click();
    await admin.getByRole('radio', { name: 'SAML 2.0' }).check();
    // What the IdP's administrator needs from us is on the page.
    await admin.getByText(`${suite.server.url}/api/auth/saml/${suite.org.slug}/acs`).waitFor();
    const form = admin.getByRole('form', { name: 'SAML identity provider' });
    await form.getByLabel(/entity ID/).fill(samlIdp.entityId);
    await form.getByLabel(/Sign-on URL/).fill(samlIdp.ssoUrl);
    await form.getByLabel(/Signing certificate/).fill(samlIdp.certificate);
    await form.getByLabel(/Groups to roles/).fill('HL-Nurses = clinician');
    await form.getByRole('button', { name: 'Save single sign-on' }).click();
    await admin.getByRole('status').filter({ hasText: 'certificate was read' }).waitFor();

    // Provisioning tokens: made, shown once, listed, revoked.
    const tokens = admin.getByRole('form', { name: 'New SCIM token' });
    await tokens.getByLabel(/Token name/).fill('Entra ID');
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const token = (await admin.getByTestId('scim-token').textContent()) ?? '';
    assert.match(token, /^scim_/);
    await admin.getByRole('table', { name: 'SCIM tokens' }).getByRole('cell', { name: 'Entra ID', exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Revoke Entra ID' }).click();
    await admin.getByRole('status').filter({ hasText: 'revoked' }).waitFor();
    assert.equal((await fetch(`${suite.server.url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
    await admin.close();

    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(suite.server.url);
    await page.getByLabel('Organization’s short name').fill(suite.org.slug);
    await page.getByRole('button', { name: 'Continue with your organization’s account' }).click();
    // The IdP's own page; its answer is an auto-submitting form posted to our assertion consumer service.
    await page.getByLabel('User').fill('nurse.kim');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('current-user').waitFor();
    assert.match((await page.getByTestId('current-user').textContent()) ?? '', /Nurse Kim/);
    await context.close();
  });
});
