import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { HttpSink } from '../../server/test/helpers/http-sink.ts';
import { expectAccessible, screenshots, startUiApp, type UiApp } from './helpers/ui-app.ts';

interface Row {
  id: string;
  name: string;
  enabled: boolean;
}

const sourceSecret = 'a-long-random-secret-value-for-the-ui';
const signingSecret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

/** The page fits a phone: nothing wider than the viewport makes the page itself scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 800 });
  expect(
    await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
  ).toBe(0);
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.each(testDialects)('sources and targets in the web UI on %s', (dialect) => {
  let ui: UiApp;
  let sink: HttpSink;

  beforeAll(async () => {
    ui = await startUiApp(dialect);
  });
  afterAll(async () => {
    await ui?.close();
  });
  beforeEach(async () => {
    sink = await new HttpSink().start();
  });
  afterEach(() => sink.close());

  it('creates a webhook source, shows its ingress URL and last event, never its secret', async () => {
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.waitForURL(`${ui.baseUrl}/sources`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'New source' }).click();
    await page.waitForURL(`${ui.baseUrl}/sources/new`);
    await page.getByLabel('Kind').selectOption('webhook');
    await page.getByLabel('Name').fill('backups');
    await page.getByLabel('auth.mode').selectOption({ label: 'bearer' });
    await page.getByLabel('secret').fill(sourceSecret);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.waitForURL(/\/sources\/[0-9A-Z]+$/);
    const id = page.url().split('/').at(-1)!;

    const url = page.locator('[data-ingress-url]');
    await expect.poll(() => url.textContent()).toBe(`${ui.baseUrl}/hooks/${id}`);
    await expect.poll(() => page.getByText('set (hidden)').count()).toBe(1);
    expect(await page.content()).not.toContain(sourceSecret);
    const read = await ui.t.api('GET', `/api/v1/sources/${id}`);
    expect(JSON.stringify(read.body)).not.toContain(sourceSecret);
    expect(read.body).toMatchObject({ config: { auth: { mode: 'bearer' } }, secretsSet: ['secret'] });

    // What to paste into the sender: a curl with the source's auth, the secret as a placeholder.
    const recipe = page.locator('[data-recipe="shell"]');
    await expect.poll(() => recipe.textContent()).toContain(`curl -X POST '${ui.baseUrl}/hooks/${id}'`);
    expect(await recipe.textContent()).toContain("-H 'Authorization: Bearer <secret>'");
    // A sender with the wrong secret: the page says so as it happens.
    expect(await page.locator('[data-last-refusal]').textContent()).toContain('none');
    const refused = await fetch(`${ui.baseUrl}/hooks/${id}`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-secret', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    // Over the stream: the write, its entry, the page's batched refresh; a loaded CI machine needs seconds.
    await expect
      .poll(() => page.locator('[data-last-refusal]').textContent(), { timeout: 10_000 })
      .toContain('The bearer token is wrong. (NB_ERR_UNAUTHORIZED)');
    // The list marks it too, while the refusal is newer than the last event.
    const list = await ui.signedIn();
    await list.goto(`${ui.baseUrl}/sources`);
    await expect.poll(() => list.locator('tr[data-row="backups"] [data-refused]').count()).toBe(1);
    await list.context().close();

    // An event through the URL the page shows, with the secret the form took, and the page follows it.
    const posted = await fetch(`${ui.baseUrl}/hooks/${id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sourceSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'nightly backup done' }),
    });
    expect(posted.status).toBe(202);
    await expect.poll(() => page.getByText('none yet').count()).toBe(0);

    // Saving without touching the secret keeps it; the name changes.
    await page.getByLabel('Name').fill('nightly backups');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await ui.t.api<Row>('GET', `/api/v1/sources/${id}`)).body.name)
      .toBe('nightly backups');
    const again = await fetch(`${ui.baseUrl}/hooks/${id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sourceSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'second' }),
    });
    expect(again.status).toBe(202);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}source.png`, fullPage: true });
    await page.context().close();
  });

  it('disables two sources at once, one call and an audit entry each', async () => {
    const ids: string[] = [];
    for (const name of ['cron one', 'cron two', 'cron three']) {
      const made = await ui.t.api<Row>('POST', '/api/v1/sources', {
        kind: 'webhook',
        name,
        config: { auth: { mode: 'none' } },
      });
      ids.push(made.body.id);
    }
    const page = await ui.signedIn();
    await page.goto(`${ui.baseUrl}/sources`);
    await page.getByLabel('Select cron one').check();
    // By keyboard too: Space ticks, Enter presses.
    await page.getByLabel('Select cron two').press('Space');
    await expect.poll(() => page.getByText('Selected: 2').count()).toBe(1);
    const bulkCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/bulk')) bulkCalls.push(request.url());
    });
    await page.getByRole('button', { name: 'Disable' }).press('Enter');
    await expect.poll(() => page.locator('tr[data-row="cron one"]').textContent()).toContain('disabled');
    await expect.poll(() => page.locator('tr[data-row="cron two"]').textContent()).toContain('disabled');
    expect(await page.locator('tr[data-row="cron three"]').textContent()).toContain('enabled');
    expect(bulkCalls).toHaveLength(1);
    const states = await Promise.all(
      ids.map(async (id) => (await ui.t.api<Row>('GET', `/api/v1/sources/${id}`)).body.enabled),
    );
    expect(states).toEqual([false, false, true]);
    const audit = await ui.t.app.database.db
      .selectFrom('audit_log')
      .select('resource_id')
      .where('action', '=', 'source.update')
      .where('resource_id', 'in', ids)
      .execute();
    expect(audit.map((entry) => entry.resource_id).sort()).toEqual(ids.slice(0, 2).sort());
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}sources.png`, fullPage: true });
    await page.context().close();
  });

  // Four forms, two axe runs and a dozen round trips: more than the default 30 s on a loaded machine.
  it('creates a webhook target and a receiver, and "send a test" reaches the sink', {
    timeout: 90_000,
  }, async () => {
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'Targets' }).click();
    await page.waitForURL(`${ui.baseUrl}/targets`);
    await page.getByRole('link', { name: 'New target' }).click();
    await page.getByLabel('Kind').selectOption('webhook');
    await page.getByLabel('Name').fill('local sink');
    await page.getByLabel('url').fill(`${sink.url}/hook`);
    await page.getByLabel('secret').fill(signingSecret);
    await page.getByLabel('headers').fill('authorization: Bearer sink-token-123456');
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Create target' }).click();
    await page.waitForURL(/\/targets\/[0-9A-Z]+$/);
    const id = page.url().split('/').at(-1)!;
    await expect.poll(() => page.getByText('set (hidden)').count()).toBe(2);
    for (const secret of [signingSecret, 'sink-token-123456']) {
      expect(await page.content()).not.toContain(secret);
      expect(JSON.stringify((await ui.t.api('GET', `/api/v1/targets/${id}`)).body)).not.toContain(secret);
    }

    await page.getByRole('button', { name: 'New receiver' }).click();
    await page.locator('#receiver-name').fill('my terminal');
    await page.getByRole('button', { name: 'Add receiver' }).click();
    const row = page.locator('tr[data-row="my terminal"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Send a test to my terminal' }).click();
    await expect.poll(() => row.locator('[data-test-result]').textContent()).toContain('Test sent');
    await sink.waitForRequests(1);
    expect(sink.requests[0]?.url).toBe('/hook');
    expect(sink.requests[0]?.headers.authorization).toBe('Bearer sink-token-123456');
    expect(sink.requests[0]?.headers['webhook-signature']).toMatch(/^v1,/);

    // Its quiet hours, from the same form the rule has.
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await row.getByRole('button', { name: 'Edit my terminal' }).click();
    await page.getByRole('checkbox', { name: 'Quiet hours' }).check();
    await page.getByLabel('From', { exact: true }).fill('21:30');
    await page.getByLabel('Until', { exact: true }).fill('07:15');
    await page.getByLabel('During them').selectOption('quiet');
    await page.getByRole('button', { name: 'Save receiver' }).click();
    await expect
      .poll(async () => {
        const list = await ui.t.api<{ items: { id: string; quietHours: unknown }[] }>(
          'GET',
          `/api/v1/targets/${id}/receivers`,
        );
        return list.body.items[0]?.quietHours;
      })
      .toEqual({ start: '21:30', end: '07:15', policy: 'quiet' });
    // Editing once threw in the page (structuredClone of reactive state), so the form never opened.
    expect(pageErrors).toEqual([]);

    // A failing far side: the error shows under the receiver.
    sink.respondWith({ status: 400, body: 'no such hook' });
    await row.getByRole('button', { name: 'Send a test to my terminal' }).click();
    await expect.poll(() => row.locator('[data-test-result]').textContent()).toContain('Test failed');

    // A replaced secret is sent; the one left alone stays.
    await page.getByRole('button', { name: 'Replace' }).first().click();
    await page
      .getByLabel('secret')
      .fill(`whsec_${Buffer.from('fedcba9876543210fedcba9876543210').toString('base64')}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText('set (hidden)').count()).toBe(2);
    const audit = await ui.t.app.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('action', '=', 'target.update')
      .where('resource_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);

    // An optional secret can be removed: the extra headers go, the signing secret stays.
    await page.locator('[data-field="headers"]').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByText('removed when you save').count()).toBe(1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(
        async () =>
          (await ui.t.api<{ secretsSet: string[] }>('GET', `/api/v1/targets/${id}`)).body.secretsSet,
      )
      .toEqual(['secret']);
    await expect.poll(() => page.getByText('set (hidden)').count()).toBe(1);

    // Receivers in bulk: disable it.
    await row.getByLabel('Select my terminal').check();
    await page
      .getByRole('group', { name: 'Act on the selected Receivers' })
      .getByRole('button', { name: 'Disable' })
      .click();
    await expect.poll(() => row.textContent()).toContain('disabled');
    // The channel takes no chats of its own, so there is no chat discovery.
    expect(await page.getByText('Chats that wrote to this target').count()).toBe(0);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}target.png`, fullPage: true });

    await page.getByRole('link', { name: 'All targets' }).click();
    await expect.poll(() => page.locator('tr[data-row="local sink"]').count()).toBe(1);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}targets.png`, fullPage: true });
    await page.context().close();
  });

  it('offers the chats that wrote to a bot as receivers, one click each, where the channel has them', async () => {
    const page = await ui.signedIn();
    await page.goto(`${ui.baseUrl}/targets/new`);
    await page.getByLabel('Kind').selectOption('telegram');
    await page.getByLabel('Name').fill('family bot');
    await page.getByLabel('token').fill('123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    // This bot listens to nobody here: Telegram is not reachable from the test.
    await page.getByLabel('updates').selectOption({ label: 'off' });
    await page.getByRole('button', { name: 'Create target' }).click();
    await page.waitForURL(/\/targets\/[0-9A-Z]+$/);
    const id = page.url().split('/').at(-1)!;
    expect(await page.content()).not.toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    await expect.poll(() => page.getByText('No chats yet.').count()).toBe(1);
    // What the bot records when a chat writes to it (inbound-services.ts offerCandidate).
    await ui.t.app.database.db
      .insertInto('receiver_candidates')
      .values({
        target_id: id,
        key: '-100200300',
        address: JSON.stringify({ chatId: -100200300 }),
        title: 'Family chat',
        chat_type: 'supergroup',
        detail: '{}',
        last_seen_at: Date.now(),
      })
      .execute();
    await page.reload();
    await page.getByRole('button', { name: 'Add Family chat as a receiver' }).click();
    await expect.poll(() => page.locator('tr[data-row="Family chat"]').count()).toBe(1);
    const receivers = await ui.t.api<{ items: { address: unknown }[] }>(
      'GET',
      `/api/v1/targets/${id}/receivers`,
    );
    expect(receivers.body.items.map((receiver) => receiver.address)).toEqual([{ chatId: -100200300 }]);
    // Made a receiver, the chat is no longer offered.
    await expect.poll(() => page.getByText('No chats yet.').count()).toBe(1);
    await expectAccessible(page);
    await page.context().close();
  });

  it("shows a member none of the admin's sources and targets", async () => {
    const source = await ui.t.api<Row>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'admin-only source',
      config: { auth: { mode: 'none' } },
    });
    const target = await ui.t.api<Row>('POST', '/api/v1/targets', {
      kind: 'webhook',
      name: 'admin-only target',
      config: { url: `${sink.url}/x` },
    });
    await ui.createMember('mia');
    const page = await ui.signedIn('mia');
    await page.goto(`${ui.baseUrl}/sources`);
    await expect.poll(() => page.locator('tr[data-row]').count()).toBeGreaterThan(0);
    expect(await page.getByText('admin-only source').count()).toBe(0);
    await page.goto(`${ui.baseUrl}/targets`);
    await expect.poll(() => page.getByText('No targets yet.').count()).toBe(1);
    await page.goto(`${ui.baseUrl}/sources/${source.body.id}`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('no source with id');
    await page.goto(`${ui.baseUrl}/targets/${target.body.id}`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('no target with id');
    await expectAccessible(page);
    await page.context().close();
  });
});
