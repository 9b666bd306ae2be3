import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCall, tokenFor } from '../../server/test/api/api-client.ts';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { HttpSink } from '../../server/test/helpers/http-sink.ts';
import { expectAccessible, screenshots, startUiApp, type UiApp } from './helpers/ui-app.ts';

// A page with an editor, a preview and axe runs takes ~10 s here; four of these files may share two cores.
const slow = { timeout: 90_000 };

interface Created {
  id: string;
}

/** No horizontal scroll of the page at a phone's width. */
async function fitsPhone(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(
    0,
  );
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.each(testDialects)('rules and templates in the web UI on %s', (dialect) => {
  let ui: UiApp;
  let sink: HttpSink;
  let sourceId: string;
  let receiverId: string;
  /** ada's own API token: what she makes is hers, as if she had made it in the UI. */
  let ada: ApiCall;

  async function postEvent(payload: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${ui.baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBeLessThan(300);
  }

  async function createRule(name: string): Promise<string> {
    const rule = await ada<Created>('POST', '/rules', { name, receiverIds: [receiverId] });
    expect(rule.status).toBe(201);
    return rule.body.id;
  }

  /** The CodeMirror editor of a template part, once its lazily loaded module has replaced the textarea. */
  async function editor(page: Page, part: string) {
    const content = page.locator(`[data-editor="template-${part}"] .cm-content`);
    await expect.poll(() => content.count()).toBe(1);
    return content;
  }

  beforeAll(async () => {
    sink = await new HttpSink().start();
    ui = await startUiApp(dialect, { NB_ALLOW_PRIVATE: '127.0.0.1' });
    const users = await ui.t.api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/users');
    ada = await tokenFor(ui.t, users.body.items.find((user) => user.name === 'ada')!.id, ['write']);
    const source = await ada<Created>('POST', '/sources', {
      kind: 'webhook',
      name: 'nas',
      config: { auth: { mode: 'none' }, mapping: { type: '/kind' } },
    });
    expect(source.status).toBe(201);
    sourceId = source.body.id;
    const target = await ada<Created>('POST', '/targets', {
      kind: 'webhook',
      name: 'sink',
      config: { url: `${sink.url}/hook` },
    });
    expect(target.status).toBe(201);
    const receiver = await ada<Created>('POST', `/targets/${target.body.id}/receivers`, {
      name: 'phone',
      address: {},
    });
    expect(receiver.status).toBe(201);
    receiverId = receiver.body.id;
    await postEvent({ kind: 'disk.full', title: 'disk full on nas' });
    await postEvent({ kind: 'backup.done', title: 'backup done' });
  });
  afterAll(async () => {
    await ui?.close();
    await sink?.close();
  });

  it(
    'makes a rule in the form, tries it on the latest events, and an event then reaches the sink',
    slow,
    async () => {
      const page = await ui.signedIn();
      await page.getByRole('link', { name: 'Rules' }).click();
      await page.waitForURL(`${ui.baseUrl}/rules`);
      await page.getByRole('link', { name: 'New rule' }).click();
      await page.waitForURL(`${ui.baseUrl}/rules/new`);
      await page.getByLabel('Name').fill('disk trouble');
      await page.getByRole('checkbox', { name: 'nas webhook' }).check();
      // The known types of the chosen source's kind are offered; a glob is typed and added with Enter.
      await expect
        .poll(() => page.locator('#known-event-types option[value="webhook.received"]').count())
        .toBe(1);
      await page.getByLabel('Add an event type').fill('Disk.*');
      await page.getByLabel('Add an event type').press('Enter');
      await expect.poll(() => page.locator('.chips code').allTextContents()).toEqual(['disk.*']);
      await page.getByRole('button', { name: 'Add a condition' }).click();
      await page.getByLabel('Field of condition 1').fill('title');
      await page.getByLabel('Operator of condition 1').selectOption('matches');
      await page.getByLabel('Value of condition 1').fill('FULL\\s+on');
      await page.getByRole('checkbox', { name: 'sink / phone' }).check();

      await page.getByRole('button', { name: 'Try it' }).click();
      await expect
        .poll(() => page.locator('[data-dry-run]').textContent())
        .toBe('1 of the latest 2 events match');
      expect(await page.locator('[data-matched]').allTextContents()).toEqual([
        expect.stringContaining('disk full on nas'),
      ]);
      await expectAccessible(page);
      if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}rule.png`, fullPage: true });

      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(`${ui.baseUrl}/rules`);
      const row = page.locator('tr[data-row="disk trouble"]');
      await expect.poll(() => row.textContent()).toContain('sink / phone');
      expect(await row.textContent()).toContain('disk.*');
      await expectAccessible(page);

      await postEvent({ kind: 'disk.full', title: 'disk full on nas again' });
      await postEvent({ kind: 'disk.ok', title: 'disk fine' });
      await sink.waitForRequests(1);
      expect(sink.requests).toHaveLength(1);
      expect(sink.requests[0]!.body).toContain('disk full on nas again');

      await row.getByRole('link', { name: 'disk trouble' }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Rule disk trouble');
      expect(await page.getByLabel('Value of condition 1').inputValue()).toBe('FULL\\s+on');
      await expectAccessible(page);
      await fitsPhone(page);
      await page.context().close();
    },
  );

  it(
    "sets a rule's quiet hours, dedup window and attempts in the form, as the API then has them",
    slow,
    async () => {
      const id = await createRule('night watch');
      const page = await ui.signedIn();
      await page.goto(`${ui.baseUrl}/rules/${id}`);
      await page.getByRole('checkbox', { name: 'Quiet hours' }).check();
      await page.getByLabel('From', { exact: true }).fill('23:00');
      await page.getByLabel('Until', { exact: true }).fill('06:00');
      await page.getByLabel('Time zone').fill('Europe/Berlin');
      // Typing in a field with suggestions opens Chromium's list; Escape closes it, as a person would.
      await page.getByLabel('Time zone').press('Escape');
      await page.getByLabel('During them').selectOption('drop');
      await page.getByLabel('Send anyway from').selectOption('critical');
      await page.getByRole('checkbox', { name: 'Fri' }).check();
      await page.getByRole('checkbox', { name: 'Sat' }).check();
      await page.getByRole('checkbox', { name: 'Drop repeats' }).check();
      await page.getByLabel('Window (minutes)').fill('30');
      await page.getByLabel(/^Same fields/).fill('data.host, title');
      await page.getByLabel(/^Same fields/).press('Escape');
      await page.getByLabel('Attempts before a delivery is dead').fill('3');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(`${ui.baseUrl}/rules`);
      const saved = await ada<Record<string, unknown>>('GET', `/rules/${id}`);
      expect(saved.body).toMatchObject({
        quietHours: {
          start: '23:00',
          end: '06:00',
          timeZone: 'Europe/Berlin',
          days: ['fri', 'sat'],
          policy: 'drop',
          bypassFrom: 'critical',
        },
        dedup: { windowSeconds: 1800, by: ['data.host', 'title'] },
        maxAttempts: 3,
      });

      // Reopened, the form shows them; a window the server refuses is said, and nothing is saved.
      await page.goto(`${ui.baseUrl}/rules/${id}`);
      await expect.poll(() => page.getByLabel('From', { exact: true }).inputValue()).toBe('23:00');
      expect(await page.getByLabel('Window (minutes)').inputValue()).toBe('30');
      await expectAccessible(page);
      await fitsPhone(page);
      if (dialect === 'sqlite')
        await page.screenshot({ path: `${screenshots}rule-delivery.png`, fullPage: true });
      await page.getByLabel('Until', { exact: true }).fill('23:00');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('start');
      expect((await ada<{ quietHours: { end: string } }>('GET', `/rules/${id}`)).body.quietHours.end).toBe(
        '06:00',
      );

      // Cleared, they are gone.
      await page.getByRole('checkbox', { name: 'Quiet hours' }).uncheck();
      await page.getByRole('checkbox', { name: 'Drop repeats' }).uncheck();
      await page.getByLabel('Attempts before a delivery is dead').fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(`${ui.baseUrl}/rules`);
      expect((await ada('GET', `/rules/${id}`)).body).toMatchObject({
        quietHours: null,
        dedup: null,
        maxAttempts: null,
      });
      await page.context().close();
    },
  );

  it(
    'edits a template with a live preview, shows a broken one at its line and column, and saves it',
    slow,
    async () => {
      const page = await ui.signedIn();
      await page.getByRole('link', { name: 'Templates' }).click();
      await page.waitForURL(`${ui.baseUrl}/templates`);
      await page.getByRole('link', { name: 'New template' }).click();
      await page.getByLabel('Name').fill('disk text');
      await page.getByRole('checkbox', { name: 'Has a HTML body' }).check();
      const text = await editor(page, 'text');
      await text.fill('{{ event.title | upcase }} from {{ source.name }}');
      const html = await editor(page, 'html');
      await html.fill('<b>{{ event.title }}</b>');
      await page.getByLabel(/^Event types \(globs/).fill('disk.full');
      await expect
        .poll(() => page.locator('[data-render="text"] pre').textContent())
        .toBe('DISK FULL ON NAS AGAIN from nas');
      expect(await page.locator('[data-render="html"] pre').textContent()).toBe(
        '<b>disk full on nas again</b>',
      );

      await page.getByLabel(/Or paste an event as JSON/).fill('{"title": "pasted", "data": {"host": "nas"}}');
      await expect
        .poll(() => page.locator('[data-render="text"] pre').textContent())
        .toBe('PASTED from preview');

      await text.fill('{{ event.title }}\n  {{ event.title | nope }}');
      await expect
        .poll(() => page.locator('[data-template-problem]').textContent())
        .toBe('Plain text, line 2, column 3: undefined filter: nope');
      // The editor marks the place too.
      await expect
        .poll(() => page.locator('[data-editor="template-text"] .cm-lintRange-error').count())
        .toBe(1);
      await expectAccessible(page);
      if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}template.png`, fullPage: true });
      await fitsPhone(page);

      await text.fill('{{ event.title }} ({{ event.severity }})');
      await expect
        .poll(async () => (await page.locator('[data-render="text"] pre').textContent())?.trim())
        .toBe('pasted (info)');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(`${ui.baseUrl}/templates`);
      const row = page.locator('tr[data-row="disk text"]');
      await expect.poll(() => row.textContent()).toContain('text, html');
      await expectAccessible(page);
      if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}templates.png` });
      await fitsPhone(page);

      // Opened again, it previews with the latest event of the rules that use it.
      const href = await row.getByRole('link', { name: 'disk text' }).getAttribute('href');
      const user = await ada('POST', '/rules', {
        name: 'backups',
        eventTypes: ['backup.*'],
        templateId: href!.split('/').pop(),
      });
      expect(user.status).toBe(201);
      await row.getByRole('link', { name: 'disk text' }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Template disk text');
      await expect.poll(() => page.getByLabel(/^Event types \(globs/).inputValue()).toBe('backup.*');
      await expect
        .poll(async () => (await page.locator('[data-render="text"] pre').textContent())?.trim())
        .toBe('backup done (info)');
      await expect
        .poll(async () => (await editor(page, 'text')).textContent())
        .toBe('{{ event.title }} ({{ event.severity }})');
      await expectAccessible(page);
      await page.context().close();
    },
  );

  it(
    'disables two rules at once, each with its own audit entry, and deletes templates in bulk',
    slow,
    async () => {
      const first = await createRule('bulk one');
      const second = await createRule('bulk two');
      for (const name of ['bulk a', 'bulk b']) {
        const made = await ada('POST', '/templates', { name, bodies: { text: name } });
        expect(made.status).toBe(201);
      }
      const page = await ui.signedIn();
      await page.goto(`${ui.baseUrl}/rules`);
      await page.getByRole('checkbox', { name: 'Select bulk one' }).check();
      // By keyboard: Space ticks the focused box, Enter presses the focused button.
      await page.getByRole('checkbox', { name: 'Select bulk two' }).focus();
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByText('Selected: 2').count()).toBe(1);
      await page.getByRole('button', { name: 'Disable' }).focus();
      await page.keyboard.press('Enter');
      for (const name of ['bulk one', 'bulk two']) {
        await expect.poll(() => page.locator(`tr[data-row="${name}"]`).textContent()).toContain('disabled');
      }
      expect(await page.locator('tr[data-row="disk trouble"]').textContent()).toContain('enabled');
      await expectAccessible(page);
      if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}rules.png` });
      await fitsPhone(page);
      for (const id of [first, second]) {
        expect((await ui.t.api<{ enabled: boolean }>('GET', `/api/v1/rules/${id}`)).body.enabled).toBe(false);
      }
      const audit = await ui.t.api<{ items: { resourceId: string }[] }>(
        'GET',
        '/api/v1/audit?action=rule.update',
      );
      expect(
        audit.body.items.map((entry) => entry.resourceId).filter((id) => id === first || id === second),
      ).toHaveLength(2);

      await page.goto(`${ui.baseUrl}/templates`);
      await page.getByRole('checkbox', { name: 'Select bulk a' }).check();
      await page.getByRole('checkbox', { name: 'Select bulk b' }).check();
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('button', { name: 'Really delete 2' }).click();
      await expect.poll(() => page.locator('tr[data-row^="bulk"]').count()).toBe(0);
      expect(await page.locator('tr[data-row="disk text"]').count()).toBe(1);
      await page.context().close();
    },
  );

  it("shows a member none of the admin's rules or templates", slow, async () => {
    const adminRule = await createRule('admin only');
    await ui.createMember('mia');
    const page = await ui.signedIn('mia');
    await page.goto(`${ui.baseUrl}/rules`);
    await expect.poll(() => page.getByText('No rules yet.', { exact: false }).count()).toBe(1);
    await expectAccessible(page);
    await page.goto(`${ui.baseUrl}/templates`);
    await expect.poll(() => page.getByText('No templates yet.', { exact: false }).count()).toBe(1);
    await page.goto(`${ui.baseUrl}/rules/${adminRule}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('NB_ERR_NOT_FOUND');
    // Her form offers no receivers of the admin's and her dry run sees none of the admin's events.
    await page.goto(`${ui.baseUrl}/rules/new`);
    await expect.poll(() => page.getByText('You have no receivers yet', { exact: false }).count()).toBe(1);
    await page.getByRole('button', { name: 'Try it' }).click();
    await expect
      .poll(() => page.locator('[data-dry-run]').textContent())
      .toBe('0 of the latest 0 events match');
    await expectAccessible(page);
    await fitsPhone(page);
    await page.context().close();
  });
});
