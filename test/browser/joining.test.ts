import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommunity } from '../../src/community/service.ts';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD, signedIn } from '../helpers/context.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
let communityId = '';
const suite = browserSuite(async ({ server, org }) => {
  const comms = org.actors[org.email('communications')];
  communityId = (
    await createCommunity(server.ctx.db, comms, {
      name: 'Heart Failure Circle',
      slug: 'hf',
      description: 'Living well with heart failure',
      visibility: 'private',
    })
  ).id;
});

/** The newest link of a kind mailed to an address (the outbox is what an SMTP server would carry). */
async function mailed(address: string, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const rows = await suite.server.ctx.db.selectFrom('mail_outbox').select('body').where('to_address', '=', address).execute();
    const found = rows.map((r) => pattern.exec(r.body ?? '')?.[0]).find(Boolean);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing mailed to ${address}`);
}

describe('a patient joins by themselves on a phone', () => {
  test('from the invitation link to a reply notification: rules, pseudonym, email verification, a post, the answer', async () => {
    const { server, browser, org } = suite;
    // The communications team writes the rules and makes a link, in the community's own page.
    const staff = await browser.newPage();
    await signIn(staff, server.url, org.email('communications'), PASSWORD);
    await staff.getByTestId('current-user').waitFor();
    await staff.goto(`${server.url}/c/${communityId}`);
    await staff.getByText('Members and invitations').click();
    await staff.getByLabel('Rules everyone accepts when joining').fill('Be kind. Share your own story, never another patient’s.');
    await staff.getByRole('button', { name: 'Save rules' }).click();
    await staff.getByRole('status').filter({ hasText: 'The rules are saved' }).waitFor();
    await staff.getByLabel('What it is for').fill('Cardiology clinic poster');
    await staff.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await staff.getByTestId('new-join-link').textContent())!;
    assert.match(link, /\/join\/[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await staff.close();

    const context = await browser.newContext(PHONE);
    const phone = await context.newPage();
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Heart Failure Circle' }).waitFor();
    await phone.getByText('Share your own story, never another patient’s.').waitFor();
    const email = 'morgan.hale@mail.example';
    await phone.getByLabel('Your name').fill('Morgan Hale');
    await phone.getByLabel('Email').fill(email);
    await phone.getByLabel('Password').fill('lanterns over a quiet harbor');
    await phone.getByLabel('Pseudonym in this community').fill('QuietHarbor');
    await phone.getByRole('button', { name: 'Sign up and join' }).click();
    // The rules box is required: the browser itself stops the form until it is ticked.
    const rulesBox = phone.getByLabel('I have read the rules and will follow them');
    assert.equal(await rulesBox.evaluate((el) => (el as HTMLInputElement).validity.valueMissing), true);
    assert.equal(await phone.getByRole('status').count(), 0, 'nothing was sent');
    await phone.getByLabel('I have read the rules and will follow them').check();
    await phone.getByRole('button', { name: 'Sign up and join' }).click();
    await phone.getByRole('status').filter({ hasText: 'Check your email' }).waitFor();

    // The link in the email signs the new patient in, inside the community.
    // (The test server listens on a port of its own; the mail names the configured public address.)
    await phone.goto(server.url + (await mailed(email, /\/verify-email#[A-Za-z0-9_-]+/)));
    await phone.getByRole('heading', { name: 'Heart Failure Circle', level: 1 }).waitFor();
    assert.equal(new URL(phone.url()).pathname, `/c/${communityId}`);
    await phone.getByLabel('Title').fill('Swollen ankles in the evening');
    await phone.getByLabel('Message').fill('Is it normal that my ankles swell more in the evening since the new tablets?');
    await phone.getByRole('button', { name: 'Post', exact: true }).click();
    const post = phone.getByRole('article').filter({ hasText: 'Swollen ankles in the evening' });
    await post.waitFor();
    assert.match((await post.textContent()) ?? '', /Morgan Hale, as “QuietHarbor” \(pseudonym\)/, 'posted under the pseudonym by default');
    const postId = (
      await server.ctx.db.selectFrom('posts').select('id').where('title', '=', 'Swollen ankles in the evening').executeTakeFirstOrThrow()
    ).id;
    // Another patient, joining with the same link, sees only the pseudonym.
    const other = await signedIn(server, org, 'patient');
    assert.equal((await other.post(`/api/join/${link.split('/join/')[1]}`, { acceptRules: true })).status, 200);
    const seen = (await other.get(`/api/posts/${postId}`)).json.post.author;
    assert.equal(seen.name, 'QuietHarbor');
    assert.equal(seen.id, null);

    // A clinician answers; the patient's bell says so at once, and the notification leads to the reply.
    const clinician = await signedIn(server, org, 'clinician');
    assert.equal(
      (await clinician.post(`/api/join/${link.split('/join/')[1]}`, { acceptRules: true })).status,
      200,
      'staff join with the link too',
    );
    const reply = await clinician.post(`/api/posts/${postId}/comments`, {
      body: 'Some evening swelling is common; weigh yourself each morning and tell us if it rises.',
    });
    assert.equal(reply.status, 201, reply.text);
    await phone.getByRole('status').filter({ hasText: 'New reply to your post' }).waitFor();
    await phone.getByRole('button', { name: /^Notifications, 1 unread/ }).click();
    const list = await phone.locator('.bell .dropdown').boundingBox();
    assert.ok(list && list.x >= 0 && list.x + list.width <= 390, 'the list is on the screen');
    await phone.getByRole('button', { name: 'New reply to your post' }).click();
    await phone.getByRole('heading', { name: 'Swollen ankles in the evening', level: 1 }).waitFor();
    await phone.getByText('weigh yourself each morning').waitFor();
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'nothing scrolls sideways');
    await context.close();
  });
});
