import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Dialect } from '../../../server/src/db/open-database.ts';
import { startTestApp, type TestApp } from '../../../server/test/helpers/test-app.ts';
import { launchChromium } from './browser.ts';

/** Where every page's screenshot goes; the README shows them. Taken on the SQLite run only. */
export const screenshots = new URL('../../../../docs/screenshots/', import.meta.url).pathname;
export const password = 'correct horse battery staple';

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)).toEqual([]);
}

/** The real server with the built UI, an admin `ada`, and Chromium: what every UI test file starts from. */
export interface UiApp {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A page in a context of its own (its own cookies), as axe needs. */
  newPage(width?: number): Promise<Page>;
  /** A new page, signed in through the form as `name` (ada unless said). */
  signedIn(name?: string, secret?: string): Promise<Page>;
  /** Creates a member with the test password and returns the id. */
  createMember(name: string): Promise<string>;
  /** Fails if any page threw: an error in a click handler shows nowhere else, the click just does nothing. */
  close(): Promise<void>;
}

/** `env` adds settings, as in startTestApp. */
export async function startUiApp(dialect: Dialect, env: Record<string, string> = {}): Promise<UiApp> {
  const t = await startTestApp(dialect, env);
  const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  const created = await t.api('POST', '/api/v1/users', { name: 'ada', role: 'admin', password });
  expect(created.status).toBe(201);
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  const newPage = async (width = 1280) => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  };
  return {
    t,
    baseUrl,
    browser,
    newPage,
    async signedIn(name = 'ada', secret = password) {
      const page = await newPage();
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Password').fill(secret);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${baseUrl}/`);
      return page;
    },
    async createMember(name) {
      const member = await t.api('POST', '/api/v1/users', { name, role: 'member', password });
      expect(member.status).toBe(201);
      return (member.body as { id: string }).id;
    },
    async close() {
      await browser.close();
      await t.close();
      expect(pageErrors).toEqual([]);
    },
  };
}
