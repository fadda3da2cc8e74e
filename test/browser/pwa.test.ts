import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { APIResponse } from 'playwright-core';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/context.ts';

const suite = browserSuite();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe('an installable app with an offline shell', () => {
  test('manifest, icons and service worker; offline the shell opens and says so; nothing from the API is kept', async () => {
    const { server, browser, org } = suite;
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await signIn(page, server.url, org.email('patient'), PASSWORD);
    await page.locator('main#main').waitFor();
    type Manifest = { name: string; display: string; start_url: string; icons: { src: string; sizes: string }[] };
    const manifest = await page.evaluate(async (): Promise<Manifest | null> => {
      const href = document.querySelector('link[rel=manifest]')?.getAttribute('href');
      return href
        ? ((await (await fetch(href)).json()) as {
            name: string;
            display: string;
            start_url: string;
            icons: { src: string; sizes: string }[];
          })
        : null;
    });
    assert.ok(manifest, 'the page links its manifest');
    assert.equal(manifest.name, 'Harborline');
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    for (const size of ['192x192', '512x512']) {
      const icon: Manifest['icons'][number] | undefined = manifest.icons.find((i) => i.sizes === size);
      assert.ok(icon, `a ${size} icon`);
      const res: APIResponse = await page.request.get(server.url + icon.src);
      assert.equal(res.headers()['content-type'], 'image/png');
    }
    // The worker takes control; the page is then served by it when the network is gone.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.locator('main#main').waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'You are offline' }).waitFor();
    assert.match(await page.title(), /Harborline/);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      return urls;
    });
    assert.ok(cached.includes('/index.html'), 'the shell is kept');
    assert.deepEqual(
      cached.filter((u) => u.startsWith('/api/')),
      [],
      'no API answer is ever cached',
    );

    await context.setOffline(false);
    await page.reload();
    await page.locator('main#main').waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: 'You are offline' }).count(), 0, 'back online, the notice goes');
    await context.close();
  });
});
