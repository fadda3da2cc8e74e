import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { deliverPushes } from '../../src/notify/web-push.ts';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD, signedIn } from '../helpers/context.ts';
import type { Client } from '../helpers/http.ts';
import { decrypt, device, startPushService, subscription, type PushService } from '../helpers/push-service.ts';

/**
 * Web Push end to end: the server encrypts a notice for a device and sends it to a push service on loopback;
 * the message the device decrypts is handed to Chromium's service worker as Chromium's own push service
 * would (DevTools' ServiceWorker.deliverPushMessage), and the notification it shows is read back.
 */
const suite = browserSuite();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' };
let push: PushService;
before(async () => {
  push = await startPushService();
});
after(async () => {
  await push?.close();
});

/** The notifications the page's service worker shows, once there are `count` of them. */
async function shownNotifications(page: Page, count: number) {
  for (;;) {
    const shown = await page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
        title: n.title,
        body: n.body,
        link: (n.data as { link?: string } | null)?.link,
      })),
    );
    if (shown.length >= count) return shown;
    await page.waitForTimeout(100);
  }
}

describe('a push notice on a phone', () => {
  test('the service worker shows the content-free notice, in the account’s language once it has one', async () => {
    const { server, browser, org } = suite;
    const patient = await signedIn(server, org, 'patient');
    const clinician = await signedIn(server, org, 'clinician');
    const comms = await signedIn(server, org, 'communications');
    const community = (await comms.post('/api/communities', { name: 'Lungs', slug: 'lungs', visibility: 'members' })).json.community.id;
    await patient.post(`/api/communities/${community}/join`, {});
    await clinician.post(`/api/communities/${community}/join`, {});
    const phone = device();
    assert.equal((await patient.post('/api/push/subscriptions', subscription(phone, `${push.origin}/push/phone`))).status, 201);

    const context = await browser.newContext(PHONE);
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, server.url, org.email('patient'), PASSWORD);
    await page.locator('main#main').waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
        const live = e.registrations.find((r) => !r.isDeleted);
        if (live) resolve(live.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const origin = new URL(server.url).origin;

    /** A clinician replies; the push the server sends is decrypted by the device and handed to its worker. */
    const replyAndDeliver = async (client: Client, title: string) => {
      const post = (await patient.post(`/api/communities/${community}/posts`, { title, body: 'Coughing more at night this week.' })).json
        .post.id as string;
      await client.post(`/api/posts/${post}/comments`, { body: 'Please book a spirometry test with us.' });
      push.received.length = 0;
      assert.equal(await deliverPushes(server.ctx), 1);
      const data = decrypt(push.received[0].body, phone);
      assert.doesNotMatch(data, /spirometry|Coughing/, 'no content travels');
      await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: await registrationId, data });
      return post;
    };

    const first = await replyAndDeliver(clinician, 'Cough');
    const [english] = await shownNotifications(page, 1);
    assert.deepEqual(english, { title: 'New reply to your post', body: 'Open Harborline to read it.', link: `/p/${first}` });

    assert.equal((await patient.put('/api/me/locale', { locale: 'es' })).status, 200);
    const second = await replyAndDeliver(clinician, 'Night');
    const shown = await shownNotifications(page, 2);
    assert.deepEqual(
      shown.find((n) => n.link === `/p/${second}`),
      { title: 'Nueva respuesta a tu publicación', body: 'Abre Harborline para leerlo.', link: `/p/${second}` },
      'the account chose Spanish: the phone says it in Spanish although the device is set to English',
    );
    await context.close();
  });
});
