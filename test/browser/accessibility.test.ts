import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts';
import { launchBrowser, SCREENSHOTS, signIn } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/context.ts';

// axe-core from npm, injected into each page as its own script (what the browser extension does).
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let browser: Browser;
const paths: Record<string, string[]> = {};
let joinCode = '';

before(async () => {
  server = await startTestServer();
  assert.equal(await seedDemo(server.ctx), true);
  const db = server.ctx.db;
  const community = await db.selectFrom('communities').select('id').where('slug', '=', 'type-2-diabetes').executeTakeFirstOrThrow();
  const post = await db
    .selectFrom('posts')
    .innerJoin('comments', 'comments.post_id', 'posts.id')
    .select('posts.id')
    .where('posts.community_id', '=', community.id)
    .executeTakeFirstOrThrow();
  const provider = await db.selectFrom('provider_profiles').select('user_id').executeTakeFirstOrThrow();
  joinCode = (await db.selectFrom('community_invites').select('code').executeTakeFirstOrThrow()).code;
  // Every page state a person of each role opens, on the demo hospital's data.
  paths['sam@harbor.example'] = [
    '/',
    `/c/${community.id}`,
    `/p/${post.id}`,
    '/messages',
    '/providers',
    `/providers/${provider.user_id}`,
    '/questions',
    '/screening',
    '/goals',
    '/consents',
    '/security',
    '/fundraising',
  ];
  paths['dr.okafor@harbor.example'] = ['/', '/questions', '/learning', '/goals'];
  paths['comms@harbor.example'] = [
    `/c/${community.id}`,
    '/publisher',
    '/publisher/approvals',
    '/publisher/inbox',
    '/publisher/channels',
    '/publisher/library',
    '/publisher/analytics',
    '/publisher/sandbox',
  ];
  paths['compliance@harbor.example'] = ['/moderation', '/records', '/audit', '/oversight', '/signals', '/sharing-rules'];
  paths['admin@harbor.example'] = ['/admin'];
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** A page is ready when its heading is shown and nothing says "Loading…". */
async function settled(page: Page) {
  await page.locator('main :is(h1, h2)').first().waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes('Loading…'));
}

async function axe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: Violation[] }> } }).axe.run;
    return (await run(document)).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
};

describe('accessibility and layout in Chromium', () => {
  for (const [size, options] of Object.entries(VIEWPORTS)) {
    test(`axe-core finds no violation on any page state (${size})`, async () => {
      const found: string[] = [];
      const overflow: string[] = [];
      // Before signing in: the sign-in page and an invitation link.
      const visitor = await browser.newContext({ ...options, bypassCSP: true });
      const first = await visitor.newPage();
      await first.goto(server.url);
      await first.getByLabel('Email').waitFor();
      found.push(...(await axe(first)).map((v) => `sign-in page: ${v.id} (${v.impact}) ${v.help}`));
      await first.goto(`${server.url}/join/${joinCode}`);
      await first.getByRole('heading', { name: 'Type 2 Diabetes Support' }).waitFor();
      found.push(...(await axe(first)).map((v) => `invitation page: ${v.id} (${v.impact}) ${v.help}`));
      await visitor.close();
      for (const [email, list] of Object.entries(paths)) {
        // The app's CSP forbids inline scripts, axe's included: the test context alone sets it aside.
        const context: BrowserContext = await browser.newContext({ ...options, bypassCSP: true });
        const page = await context.newPage();
        await signIn(page, server.url, email, DEMO_PASSWORD);
        await page.locator('main#main').waitFor();
        await settled(page);
        found.push(
          ...(await axe(page)).map(
            (v) => `sign-in→home as ${email}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          ),
        );
        for (const pagePath of list) {
          await page.goto(server.url + pagePath);
          await settled(page);
          // Folded sections are checked open (moderators' community tools).
          for (const summary of await page.locator('main details > summary').all()) await summary.click();
          const violations = await axe(page);
          found.push(
            ...violations.map(
              (v) => `${pagePath} as ${email}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
            ),
          );
          if (size === 'phone') await page.screenshot({ path: path.join(SCREENSHOTS, `phone${pagePath.replace(/\W+/g, '-')}.png`) });
          const width = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (width > 0) overflow.push(`${pagePath} as ${email}: ${width}px wider than the screen`);
        }
        await context.close();
      }
      assert.deepEqual(found, [], 'axe-core violations');
      assert.deepEqual(overflow, [], 'no page scrolls sideways');
    });
  }

  test('on a phone the bar is one slim row, the navigation opens from Menu, and the bell list stays on screen', async () => {
    const context = await browser.newContext(VIEWPORTS.phone);
    const page = await context.newPage();
    await signIn(page, server.url, 'sam@harbor.example', DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Menu' }).waitFor();
    const bar = await page.locator('header.topbar').boundingBox();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-home.png') });
    assert.ok(bar && bar.height <= 64, `top bar is ${bar?.height}px high`);
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), false, 'navigation folded away');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
    await page
      .getByRole('heading', { name: /providers/i })
      .first()
      .waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), false, 'menu closes after choosing');
    assert.match(await page.title(), /^Providers · Harbor General Hospital · Harborline$/);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    const list = await page.locator('.bell .dropdown').boundingBox();
    assert.ok(list && list.x >= 0 && list.x + list.width <= 390, `the notification list is within the screen (${JSON.stringify(list)})`);
    await context.close();
  });

  test('the keyboard reaches the page in one Tab through the skip link, and focus follows navigation', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'sam@harbor.example', DEMO_PASSWORD);
    await page.locator('main#main').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.match(await page.title(), /^Messages · /);
    await page.close();
  });

  test('when the session ends, the page returns to sign-in saying why instead of failing to load', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'sam@harbor.example', DEMO_PASSWORD);
    await page.locator('main#main').waitFor();
    // What the 30-minute idle timeout does on the server: the session is gone.
    const user = await server.ctx.db.selectFrom('users').select('id').where('email', '=', 'sam@harbor.example').executeTakeFirstOrThrow();
    await server.ctx.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Providers' }).click();
    await page.getByRole('status').filter({ hasText: 'signed out after a period without activity' }).waitFor();
    assert.equal(await page.getByLabel('Email').isVisible(), true);
    assert.equal(await page.getByText(/Could not load/i).count(), 0);
    assert.match(await page.title(), /^Sign in · Harborline$/);
    await page.close();
  });
});
