import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WEB_DIST } from '../../src/app.ts';
import { createTestOrg, startTestServer, type TestServer } from './context.ts';

// Debian's chromium, never a downloaded browser (scripts/bootstrap.mjs installs it).
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', '.tmp', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  assert.ok(fs.existsSync(path.join(WEB_DIST, 'index.html')), 'web UI is built (npm test builds it)');
  assert.ok(fs.existsSync(CHROMIUM), 'Debian chromium is installed (npm test installs it)');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Signs in through the form with the keyboard only; waits until the app shows who is signed in. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
}

export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  org: Awaited<ReturnType<typeof createTestOrg>>;
}

/** Registers before/after hooks: a test server with one organization, and Chromium; filled in before tests run. */
export function browserSuite(setup?: (s: BrowserSuite) => Promise<void>): BrowserSuite {
  const suite = {} as BrowserSuite;
  before(async () => {
    suite.server = await startTestServer();
    suite.org = await createTestOrg(suite.server.ctx);
    await setup?.(suite);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
