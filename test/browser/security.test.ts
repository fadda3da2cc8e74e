import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { currentTotp } from '../../src/security/totp.ts';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite();

describe('security in Chromium', () => {
  test('required two-factor: enroll in the browser, then sign in with a code', async () => {
    await suite.server.ctx.db
      .updateTable('organizations')
      .set({ settings: JSON.stringify({ require2faRoles: ['clinician'] }) })
      .where('id', '=', suite.org.orgId)
      .execute();
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('clinician'), PASSWORD);
    // Sent straight to enrollment, whatever page was asked for.
    await page.getByText('requires two-factor sign-in for your role').waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = page.getByRole('img', { name: /QR code of your two-factor key/ });
    await qr.waitFor();
    assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR code is drawn');
    await page
      .getByRole('table', { name: 'Your sessions' })
      .getByText(/\(this device\)/)
      .waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('6-digit code').fill(currentTotp(secret));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await codes.first().waitFor();
    assert.equal(await codes.count(), 10);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'two-factor-enrolled.png'), fullPage: true });
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    // Enrollment done: the rest of the product opens up.
    await page.getByRole('heading', { name: 'Communities' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, suite.server.url, suite.org.email('clinician'), PASSWORD);
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor();
    // The enrollment code was used up; the next time step's code signs in.
    await page.getByLabel('Code', { exact: true }).fill(currentTotp(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('current-user').waitFor();
    await page.getByRole('heading', { name: 'Communities' }).waitFor();
    await page.close();
  });

  test('a passkey is added in the browser and then used at sign-in', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    // A virtual platform authenticator stands in for a fingerprint reader.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    // WebAuthn needs a domain name as relying party: localhost, not 127.0.0.1.
    const base = suite.server.url.replace('127.0.0.1', 'localhost');
    await signIn(page, base, suite.org.email('patient'), PASSWORD);
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await page.getByRole('table', { name: 'Your sessions' }).getByRole('button', { name: 'End this session' }).waitFor();
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, base, suite.org.email('patient'), PASSWORD);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByTestId('current-user').waitFor();
    const audit = await suite.server.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'auth.login')
      .where('actor_id', '=', suite.org.actors[suite.org.email('patient')].userId)
      .execute();
    assert.ok(audit.some((a) => (a.detail as { method?: string }).method === 'passkey'));

    // Passwordless: no email, no password; the passkey names the account and the device verifies the person.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/auth/passkey') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Use a passkey (no password)' }).click();
    const assertion = (await sent).postData()!;
    await page.getByTestId('current-user').waitFor();
    assert.match(
      (await page.getByTestId('current-user').textContent()) ?? '',
      new RegExp(suite.org.actors[suite.org.email('patient')].displayName),
    );
    const passwordless = await suite.server.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'auth.login')
      .where('actor_id', '=', suite.org.actors[suite.org.email('patient')].userId)
      .execute();
    assert.ok(passwordless.some((a) => (a.detail as { method?: string }).method === 'passkey_only'));
    // The same signed answer a second time is refused: its challenge was used.
    const replay = await fetch(`${base}/api/auth/passkey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: assertion,
    });
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as { error: { id: string } }).error.id, 'passkey_challenge_expired');
    await context.close();
  });

  test('an admin invites a member in the UI and the invitee joins through the link', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('admin'), PASSWORD);
    await page.getByRole('link', { name: 'Organization', exact: true }).click();
    await page.getByLabel('Email').fill('fresh.face@example.test');
    await page.getByLabel('Role', { exact: true }).selectOption('staff');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const link = (await page.locator('code', { hasText: '/invite#' }).textContent())!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(link);
    await page.getByLabel('Your name').fill('Fresh Face');
    await page.getByLabel('New password (at least 12 characters)').fill('password');
    await page.getByRole('button', { name: 'Join' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /12 characters|commonly used/);
    await page.getByLabel('New password (at least 12 characters)').fill('a-brand-new-passphrase-77');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('current-user').waitFor();
    assert.match((await page.getByTestId('current-user').textContent()) ?? '', /Fresh Face \(staff\)/);
    await page.close();
  });

  test('a compliance officer searches the audit log and verifies the chain', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.getByLabel('Action').fill('auth.');
    await page.getByLabel('Person').selectOption({ label: suite.org.actors[suite.org.email('compliance')].displayName });
    await page.getByRole('button', { name: 'Search' }).click();
    const events = page.getByRole('table', { name: 'Audit events' });
    await events.getByRole('cell', { name: 'auth.login', exact: true }).first().waitFor();
    assert.ok(
      (await events.getByRole('cell', { name: suite.org.actors[suite.org.email('compliance')].displayName, exact: true }).count()) > 0,
      'names, not ids',
    );
    await page.getByRole('button', { name: 'Verify hash chain' }).click();
    await page.getByText(/Chain intact: \d+ entries verified/).waitFor();
    await page.close();
  });
});
