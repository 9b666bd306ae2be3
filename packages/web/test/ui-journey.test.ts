import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { HttpSink } from '../../server/test/helpers/http-sink.ts';
import { startTestApp } from '../../server/test/helpers/test-app.ts';
import { launchChromium } from './helpers/browser.ts';
import { password } from './helpers/ui-app.ts';

const run = promisify(execFile);

/**
 * The whole first hour of a new user, through the UI only: the setup link, a webhook source, a webhook
 * target to a local sink with a receiver, a rule; then an event sent with curl shows on the open dashboard
 * (over the stream, no reload) and reaches the sink.
 */
describe.each(testDialects)('a first run from the setup link to a delivered event on %s', (dialect) => {
  // Five pages and a fresh instance: on a loaded machine this needs more than the default 30 s.
  it('takes a new instance from nothing to a notification at the sink, by the UI alone', {
    timeout: 120_000,
  }, async () => {
    const t = await startTestApp(dialect, { NB_ALLOW_PRIVATE: '127.0.0.1' });
    const sink = await new HttpSink().start();
    const browser = await launchChromium();
    try {
      const base = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      page.setDefaultTimeout(15_000);

      await page.goto(`${base}/setup#token=${t.app.setupToken}`);
      await page.getByLabel('Name', { exact: true }).fill('ada');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create the first admin' }).click();
      await page.waitForURL(`${base}/`);
      await expect.poll(() => page.locator('[data-getting-started]').count()).toBe(1);

      await page.getByRole('link', { name: 'Sources' }).click();
      await page.getByRole('link', { name: 'New source' }).click();
      await page.getByLabel('Kind').selectOption('webhook');
      await page.getByLabel('Name').fill('backups');
      await page.getByRole('button', { name: 'Create source' }).click();
      await page.waitForURL(/\/sources\/[0-9A-Z]+$/);
      const ingressUrl = page.locator('[data-ingress-url]');
      await expect.poll(() => ingressUrl.count()).toBe(1);
      const hook = (await ingressUrl.textContent())!;

      await page.getByRole('link', { name: 'Targets' }).click();
      await page.getByRole('link', { name: 'New target' }).click();
      await page.getByLabel('Kind').selectOption('webhook');
      await page.getByLabel('Name').fill('local sink');
      await page.getByLabel('url').fill(`${sink.url}/hook`);
      await page.getByRole('button', { name: 'Create target' }).click();
      await page.waitForURL(/\/targets\/[0-9A-Z]+$/);
      await page.getByRole('button', { name: 'New receiver' }).click();
      await page.locator('#receiver-name').fill('my terminal');
      await page.getByRole('button', { name: 'Add receiver' }).click();
      await expect.poll(() => page.locator('tr[data-row="my terminal"]').count()).toBe(1);

      await page.getByRole('link', { name: 'Rules' }).click();
      await page.getByRole('link', { name: 'New rule' }).click();
      await page.getByLabel('Name').fill('backups to my terminal');
      await page.getByRole('checkbox', { name: 'backups' }).check();
      await page.getByRole('checkbox', { name: 'local sink / my terminal' }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.locator('tr[data-row="backups to my terminal"]').count()).toBe(1);

      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL(`${base}/`);
      const events = page.locator('[data-figure="events"]');
      await expect.poll(() => events.textContent()).toBe('0');

      const curl = await run('curl', [
        '--silent',
        '--show-error',
        '--write-out',
        '%{http_code}',
        '--output',
        '/dev/null',
        '--header',
        'content-type: application/json',
        '--data',
        JSON.stringify({ title: 'nightly backup done', message: '12 GB in 4 minutes' }),
        hook,
      ]);
      expect(curl.stdout).toBe('202');

      await expect.poll(() => events.textContent()).toBe('1');
      await expect.poll(() => page.locator('[data-getting-started]').count()).toBe(0);
      await sink.waitForRequests(1);
      expect(sink.requests[0]!.url).toBe('/hook');
      expect(sink.requests[0]!.body).toContain('nightly backup done');
      await expect.poll(() => page.locator('[data-state="sent"] dd').textContent()).toBe('1');
    } finally {
      await browser.close();
      await sink.close();
      await t.close();
    }
  });
});
