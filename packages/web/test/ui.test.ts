import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { HttpSink } from '../../server/test/helpers/http-sink.ts';
import { createPipeline, postHook } from '../../server/test/helpers/pipeline-setup.ts';
import { expectAccessible, password, screenshots, startUiApp, type UiApp } from './helpers/ui-app.ts';

describe.each(testDialects)('the web UI on %s', (dialect) => {
  let ui: UiApp;
  let baseUrl: string;
  let t: UiApp['t'];
  let newPage: () => Promise<Page>;
  let signedIn: () => Promise<Page>;

  beforeAll(async () => {
    ui = await startUiApp(dialect);
    ({ baseUrl, t } = ui);
    newPage = () => ui.newPage();
    signedIn = () => ui.signedIn();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('serves the page with a script policy of hashes, and its assets cached for good', async () => {
    const page = await fetch(`${baseUrl}/events/anything`, { headers: { 'accept-encoding': 'br' } });
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toMatch(/script-src 'self' 'sha256-[^']+'/);
    expect(policy).not.toContain("unsafe-inline' 'sha");
    expect(policy.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-encoding')).toBe('br');
    const html = await page.text();
    const asset = /href="(\/_app\/immutable\/[^"]+\.js)"/.exec(html)![1]!;
    const script = await fetch(`${baseUrl}${asset}`);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    // The API and the ingress keep their JSON 404s; no path escapes the build directory.
    const api = await fetch(`${baseUrl}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NB_ERR_NOT_FOUND');
    expect((await fetch(`${baseUrl}/_app/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('refuses a wrong password with a message, and signs in with the right one', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/sign-in`);
    await expectAccessible(page);
    await page.getByLabel('Name').fill('ada');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}sign-in.png` });
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await page.context().close();
  });

  it('shows an event and its delivery on the dashboard as they commit, without reloading', async () => {
    const page = await signedIn();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Live');
    await expectAccessible(page);
    const sink = await new HttpSink().start();
    const pipe = await createPipeline(t, `${sink.url}/hook`);
    const posted = await postHook(baseUrl, pipe.sourceId, { title: 'backup finished' });
    expect(posted.status).toBe(202);
    await expect.poll(() => page.getByText('backup finished').count()).toBe(1);
    await expect.poll(() => page.locator('[data-figure="events"]').textContent()).toBe('1');
    await expect.poll(() => page.locator('[data-figure="sent"]').textContent()).toBe('1');
    expect(sink.requests).toHaveLength(1);
    await sink.close();
    await page.context().close();
  });

  it('speaks Russian when asked, and keeps it', async () => {
    const page = await signedIn();
    await page.getByLabel('Language').selectOption('ru');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Сводка');
    expect(await page.evaluate('document.documentElement.lang')).toBe('ru');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Сводка');
    await expectAccessible(page);
    await page.context().close();
  });

  it('fits a phone’s width', async () => {
    const page = await signedIn();
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
