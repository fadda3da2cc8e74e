import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { pollInbox, runResponseQueue } from '../../src/publisher/inbox.ts';
import { runPublishQueue } from '../../src/publisher/queue.ts';
import { browserSuite, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';
import { startX } from '../helpers/networks/x.ts';
import { startOAuthProvider } from '../helpers/oauth-provider.ts';

let mastodon: Awaited<ReturnType<typeof startMastodon>>;
const suite = browserSuite(async () => {
  mastodon = await startMastodon();
});
after(() => mastodon?.close());

describe('publisher in Chromium', () => {
  test('connect a channel, compose, approve, publish; answer a mention from the inbox', async () => {
    const comms = await suite.browser.newPage();
    await signIn(comms, suite.server.url, suite.org.email('communications'), PASSWORD);
    await comms.getByRole('link', { name: 'Publisher', exact: true }).click();
    await comms.getByRole('link', { name: 'Channels', exact: true }).click();
    await comms.getByLabel('Name', { exact: true }).fill('Harbor on Mastodon');
    await comms.getByLabel('Server address').fill(mastodon.url);
    await comms.getByLabel('Access token').fill(mastodon.state.token);
    await comms.getByRole('button', { name: 'Connect', exact: true }).click();
    await comms.getByRole('status').filter({ hasText: 'stored encrypted' }).waitFor();
    await comms.getByRole('cell', { name: 'active' }).waitFor();

    await comms.getByRole('link', { name: 'Compose and calendar' }).click();
    await comms.getByLabel('Post', { exact: true }).fill('Free blood pressure checks in the lobby all week.');
    await comms.getByLabel(/Harbor on Mastodon/).check();
    await comms.getByRole('button', { name: 'Send for approval' }).click();
    await comms.getByRole('status').filter({ hasText: 'Sent for approval' }).waitFor();
    await comms
      .getByTestId('calendar')
      .getByText(/pending approval: Free blood/)
      .waitFor();

    const officer = await suite.browser.newPage();
    await signIn(officer, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await officer.getByRole('link', { name: 'Publisher', exact: true }).click();
    await officer.getByRole('link', { name: 'Approvals', exact: true }).click();
    await officer.getByTestId('approval-item').filter({ hasText: 'blood pressure' }).getByRole('button', { name: 'Approve' }).click();
    await officer.getByRole('status').filter({ hasText: 'Post approved' }).waitFor();

    assert.equal(await runPublishQueue(suite.server.ctx), 1);
    assert.equal(mastodon.own().length, 1);
    await comms.reload();
    await comms.getByTestId('target').filter({ hasText: 'published' }).waitFor();

    mastodon.mention({ acct: 'casey@town.social', name: 'Casey' }, 'Do I need an appointment for the check?', {
      inReplyTo: mastodon.own()[0]!.id,
    });
    assert.equal(await pollInbox(suite.server.ctx), 1);
    await comms.getByRole('link', { name: 'Inbox', exact: true }).click();
    const item = comms.getByTestId('inbox-item').filter({ hasText: 'Do I need an appointment' });
    await item.waitFor();
    await item.getByLabel('Response').fill('No appointment needed, just drop by between 9 and 5.');
    await item.getByRole('button', { name: 'Send response' }).click();
    await comms.getByRole('status').filter({ hasText: 'Response queued' }).waitFor();
    assert.equal(await runResponseQueue(suite.server.ctx), 1);
    assert.ok(mastodon.own().some((s) => s.content.includes('No appointment needed')));

    await comms.getByRole('link', { name: 'Analytics', exact: true }).click();
    await comms.getByTestId('inbox-figures').filter({ hasText: '1 received, 1 answered' }).waitFor();
    await comms.screenshot({ path: path.join(SCREENSHOTS, 'publisher-analytics.png'), fullPage: true });
    await officer.close();
    await comms.close();
  });

  // One signed-in page for the composer tests (sign-in attempts per account are rate limited).
  let composer: Awaited<ReturnType<typeof suite.browser.newPage>> | undefined;
  const composerPage = async () => {
    if (!composer) {
      composer = await suite.browser.newPage();
      await signIn(composer, suite.server.url, suite.org.email('communications'), PASSWORD);
      await composer.getByRole('button', { name: 'Sign out' }).waitFor(); // signed in before going anywhere
    }
    await composer.goto(`${suite.server.url}/publisher`);
    return composer;
  };

  test('schedule from a CSV file: checked first, then sent, with a report by line', async () => {
    const comms = await composerPage();
    await comms.getByText('Schedule many posts from a CSV file').click();
    const year = new Date().getFullYear() + 1;
    const file = [
      'body,channels,scheduled_at',
      `"Hearing tests, free, all of January.",Harbor on Mastodon,${year}-01-05 10:00`,
      `"Bring a friend to the health fair.",Somewhere else,${year}-01-06 10:00`,
    ].join('\n');
    await comms.getByLabel('CSV file').setInputFiles({ name: 'january.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await comms.getByRole('button', { name: 'Check the file' }).click();
    await comms.getByRole('status').filter({ hasText: '1 row(s) ready, 1 to fix' }).waitFor();
    const report = comms.getByTestId('bulk-report');
    await report.getByRole('row').filter({ hasText: 'not connected here' }).waitFor();
    await comms.getByRole('button', { name: 'Send for approval' }).last().click();
    await comms.getByRole('status').filter({ hasText: '1 post(s) sent for approval, 1 row(s) refused' }).waitFor();
    await comms.screenshot({ path: path.join(SCREENSHOTS, 'publisher-bulk-report.png'), fullPage: true });
    await comms.getByText('Hearing tests, free, all of January.').first().waitFor();
  });

  test('the content library: propose a caption, another person approves it, the composer starts from it', async () => {
    const comms = await composerPage();
    await comms.getByRole('link', { name: 'Library', exact: true }).click();
    await comms.getByText('The library is empty').waitFor();
    await comms.getByLabel('Title', { exact: true }).fill('Hand washing');
    await comms.getByLabel('Caption', { exact: true }).fill('Clean hands save lives: wash for 20 seconds with soap.');
    await comms.getByLabel('Tags (separated by commas)').fill('infection, hygiene');
    await comms.getByRole('button', { name: 'Propose' }).click();
    await comms.getByRole('status').filter({ hasText: 'Proposed' }).waitFor();

    const officer = await suite.browser.newPage();
    await signIn(officer, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await officer.getByRole('button', { name: 'Sign out' }).waitFor();
    await officer.goto(`${suite.server.url}/publisher/library`);
    await officer.getByTestId('library-item').filter({ hasText: 'Hand washing' }).getByRole('button', { name: 'Approve' }).click();
    await officer.getByRole('status').filter({ hasText: 'Approved' }).waitFor();

    await comms.goto(`${suite.server.url}/publisher`);
    await comms.getByLabel('Start from the library').selectOption({ label: 'Hand washing' });
    assert.equal(await comms.getByLabel('Post', { exact: true }).inputValue(), 'Clean hands save lives: wash for 20 seconds with soap.');
  });

  test('a thread previewed per network, saved as a draft, edited, then sent for approval', async () => {
    const comms = await composerPage();
    await comms.getByLabel('Post', { exact: true }).fill('Allergy season is here. 1/2');
    await comms.getByRole('button', { name: 'Add a part (thread or first comment)' }).click();
    await comms.getByLabel(/^Part 2/).fill('Our pharmacists can help you choose. 2/2');
    await comms.getByLabel(/Harbor on Mastodon/).check();
    const card = comms.getByTestId('network-preview').filter({ hasText: 'Harbor on Mastodon' });
    await card.getByText('Thread, part 2').waitFor();
    await card.getByText(/^27 \/ 500$/).waitFor();
    await comms.screenshot({ path: path.join(SCREENSHOTS, 'publisher-thread-preview.png'), fullPage: true });
    await comms.getByRole('button', { name: 'Save as draft' }).click();
    await comms.getByRole('status').filter({ hasText: 'Saved as a draft' }).waitFor();
    const draft = comms
      .locator('li')
      .filter({ hasText: 'Allergy season is here' })
      .filter({ has: comms.getByRole('button', { name: 'Edit' }) });
    await draft.getByRole('button', { name: 'Edit' }).click();
    assert.equal(await comms.getByLabel(/^Part 2/).inputValue(), 'Our pharmacists can help you choose. 2/2');
    await comms.getByLabel('Post', { exact: true }).fill('Allergy season is here: pollen counts are high. 1/2');
    await comms.getByRole('button', { name: 'Send for approval' }).click();
    await comms.getByRole('status').filter({ hasText: 'Sent for approval' }).waitFor();
    await comms
      .getByTestId('calendar')
      .getByText(/pending approval: Allergy season/)
      .waitFor();
    assert.equal(await comms.getByRole('heading', { name: 'Your drafts' }).count(), 0, 'the draft became the submitted post');
  });

  test("a name in a network post asks for that person's consent: the picker finds it, shows its scope, and attaches it", async () => {
    const officer = await suite.browser.newPage();
    await signIn(officer, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await officer.getByRole('link', { name: 'Consents', exact: true }).click();
    await officer.getByLabel(/Full name of the person covered/).fill('Dana Whitfield');
    await officer.getByLabel('How they signed (you are recorded as the witness)').selectOption('typed_signature');
    await officer.getByLabel('Name as they typed it').fill('Dana Whitfield');
    await officer.getByLabel('What may be shared, and why').fill('Her recovery story on our networks');
    await officer.getByRole('button', { name: 'Record consent' }).click();
    await officer.getByRole('status').filter({ hasText: 'Consent recorded' }).waitFor();
    await officer.getByRole('cell', { name: /Dana Whitfield/ }).waitFor();

    const comms = await suite.browser.newPage();
    await signIn(comms, suite.server.url, suite.org.email('communications'), PASSWORD);
    await comms.getByRole('link', { name: 'Publisher', exact: true }).click();
    await comms.getByLabel('Post', { exact: true }).fill('Thank you Dana Whitfield for sharing the story of your recovery with us!');
    await comms.getByText(/needs the consent of each person/).waitFor();
    await comms.getByLabel("Find a consent by the person's name").fill('Dana');
    const offer = comms.getByRole('list', { name: 'Consents in force' }).getByRole('listitem').filter({ hasText: 'Dana Whitfield' });
    await offer.getByText(/public; 1 kind\(s\) of identifier/).waitFor();
    await offer.getByRole('button', { name: 'Attach' }).click();
    await comms.getByRole('list', { name: 'Attached consents' }).getByText('Dana Whitfield').waitFor();
    await comms.getByLabel(/Harbor on Mastodon/).check();
    await comms.getByRole('button', { name: 'Send for approval' }).click();
    await comms.getByRole('status').filter({ hasText: 'Sent for approval' }).waitFor();
    await comms.screenshot({ path: path.join(SCREENSHOTS, 'publisher-consent-picker.png'), fullPage: true });
    const stored = await suite.server.ctx.db
      .selectFrom('record_consents')
      .select('consent_id')
      .where('record_kind', '=', 'network_post')
      .execute();
    assert.equal(stored.length, 1);
    await comms.close();
    await officer.close();
  });

  test('the Sandbox network: connect without an account, publish, and watch its simulated public answer', async () => {
    const comms = await suite.browser.newPage();
    await signIn(comms, suite.server.url, suite.org.email('communications'), PASSWORD);
    await comms.getByRole('link', { name: 'Publisher', exact: true }).click();
    await comms.getByRole('link', { name: 'Channels', exact: true }).click();
    await comms.getByLabel('Network', { exact: true }).selectOption('sandbox');
    assert.equal(await comms.getByLabel('Server address').count(), 0, 'no server, no token to paste');
    await comms.getByLabel('Name', { exact: true }).fill('Harbor Sandbox');
    await comms.getByRole('button', { name: 'Connect', exact: true }).click();
    await comms.getByRole('status').filter({ hasText: 'Sandbox connected' }).waitFor();

    await comms.getByRole('link', { name: 'Compose and calendar' }).click();
    await comms.getByLabel('Post', { exact: true }).fill('Our walk-in flu clinic is open Saturday morning.');
    await comms.getByLabel(/Harbor Sandbox/).check();
    await comms.getByRole('button', { name: 'Send for approval' }).click();
    await comms.getByRole('status').filter({ hasText: 'Sent for approval' }).waitFor();

    const officer = await suite.browser.newPage();
    await signIn(officer, suite.server.url, suite.org.email('compliance'), PASSWORD);
    await officer.getByRole('link', { name: 'Publisher', exact: true }).click();
    await officer.getByRole('link', { name: 'Approvals', exact: true }).click();
    await officer.getByTestId('approval-item').filter({ hasText: 'walk-in flu clinic' }).getByRole('button', { name: 'Approve' }).click();
    await officer.getByRole('status').filter({ hasText: 'Post approved' }).waitFor();
    assert.equal(await runPublishQueue(suite.server.ctx), 1);
    // Its simulated public answers within seconds; the test moves their clock instead of waiting.
    await sql`UPDATE sandbox_events SET deliver_at = now() - interval '1 second'`.execute(suite.server.ctx.db);

    await comms.getByRole('link', { name: 'Sandbox', exact: true }).click();
    await comms.getByRole('note').filter({ hasText: 'Practice network: nothing here is public' }).waitFor();
    const timeline = comms.getByRole('listitem').filter({ hasText: 'Our walk-in flu clinic is open Saturday morning.' });
    await timeline.getByText('3 likes · 1 repost').waitFor();
    await timeline.getByText(/direct message/).waitFor();
    await comms.screenshot({ path: path.join(SCREENSHOTS, 'publisher-sandbox.png'), fullPage: true });
    assert.equal(await pollInbox(suite.server.ctx), 4);
    await comms.getByRole('link', { name: 'Inbox', exact: true }).click();
    await comms.getByTestId('inbox-item').filter({ hasText: '@' }).first().waitFor();
    await comms.screenshot({ path: path.join(SCREENSHOTS, 'publisher-sandbox-inbox.png'), fullPage: true });
    await officer.close();
    await comms.close();
  });

  test('connect X with one button: sign in and allow at the authorization server, come back connected', async () => {
    const redirectUri = `${suite.server.url}/api/publisher/oauth/callback`;
    const auth = await startOAuthProvider({
      clientId: 'harborline-x',
      clientSecret: 's3',
      redirectUri,
      scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
    });
    const x = await startX({ accepts: (t) => auth.accepts(t) });
    suite.server.ctx.config.oauth.x = {
      clientId: 'harborline-x',
      clientSecret: 's3',
      authorizeUrl: auth.authorizeUrl,
      tokenUrl: auth.tokenUrl,
      revokeUrl: auth.revokeUrl,
      apiUrl: x.url,
    };
    try {
      const admin = await suite.browser.newPage();
      await signIn(admin, suite.server.url, suite.org.email('admin'), PASSWORD);
      await admin.getByRole('link', { name: 'Publisher', exact: true }).click();
      await admin.getByRole('link', { name: 'Channels', exact: true }).click();
      const form = admin.getByRole('form', { name: 'Connect by signing in' });
      await form.getByText('tweet.read, tweet.write, users.read, media.write, offline.access').waitFor();
      await form.getByLabel('Name').fill('Harbor on X');
      await form.getByRole('button', { name: 'Connect with X' }).click();
      // The authorization server's own pages: sign in, then allow.
      await admin.getByPlaceholder('Enter any login').fill('page-admin');
      await admin.getByPlaceholder('and password').fill('any');
      await admin.getByRole('button', { name: 'Sign-in' }).click();
      await admin.getByRole('button', { name: 'Continue' }).click();
      await admin.getByRole('status').filter({ hasText: 'Connected Harbor on X' }).waitFor();
      await admin.getByRole('cell', { name: /Harbor on X/ }).waitFor();
      assert.equal(new URL(admin.url()).search, '', 'the outcome is not left in the address bar');
      // Publishing settings live beside the channels: two approvers, link tracking.
      const settings = admin.getByRole('form', { name: 'Publishing settings' });
      await settings.getByLabel('Approvals before a post goes out').selectOption('2');
      await settings.getByLabel(/campaign tracking/).check();
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await settings.getByRole('status').filter({ hasText: 'Publishing settings saved.' }).waitFor();
      const saved = await suite.server.ctx.db
        .selectFrom('organizations')
        .select('settings')
        .where('id', '=', suite.org.orgId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([(saved.settings as any).publisher.approvalSteps, (saved.settings as any).publisher.linkTracking], [2, true]);
      await admin.screenshot({ path: path.join(SCREENSHOTS, 'publisher-oauth-connected.png'), fullPage: true });
      await admin.close();
    } finally {
      delete suite.server.ctx.config.oauth.x;
      await Promise.all([x.close(), auth.close()]);
    }
  });
});
