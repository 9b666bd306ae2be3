import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { HttpSink } from '../../server/test/helpers/http-sink.ts';
import { createPipeline, type Pipeline, postHook } from '../../server/test/helpers/pipeline-setup.ts';
import { expectAccessible, screenshots, startUiApp, type UiApp } from './helpers/ui-app.ts';

/** A call to the API as the page's signed-in user (its session cookie and the CSRF header). */
async function asUser<T = Record<string, unknown>>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const response = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', 'x-notify-bridge': '1' },
        ...(b === undefined ? {} : { body: JSON.stringify(b) }),
      });
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    },
    [method, path, body] as const,
  ) as Promise<{ status: number; body: T }>;
}

/**
 * What another tab of the app says after a change through the cache (lib/cache.svelte.ts): these roots are
 * stale. A change made by the API from outside reaches an open page only this way or through the stream.
 */
async function changedElsewhere(page: Page, ...roots: string[]): Promise<void> {
  await page.evaluate((list) => {
    const channel = new BroadcastChannel('notify-bridge.cache');
    channel.postMessage({ roots: list });
    channel.close();
  }, roots);
}

async function fitsPhone(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(
    0,
  );
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.each(testDialects)('the dashboard, getting started and silences on %s', (dialect) => {
  let ui: UiApp;
  let sink: HttpSink;
  let failing: HttpSink;
  let pipe: Pipeline;

  beforeAll(async () => {
    ui = await startUiApp(dialect);
    sink = await new HttpSink().start();
    failing = await new HttpSink().start();
    failing.respondAlways({ status: 400, body: 'no thanks' });
    pipe = await createPipeline(ui.t, `${sink.url}/hook`);
  });
  afterAll(async () => {
    await ui?.close();
    await sink?.close();
    await failing?.close();
  });

  it('walks a new member through the checklist, each step ticking itself off, until it goes away', async () => {
    await ui.createMember('mia');
    const page = await ui.signedIn('mia');
    const checklist = page.locator('[data-getting-started]');
    const done = (step: string) => page.locator(`[data-step="${step}"]`).getAttribute('data-done');
    await expect.poll(() => checklist.count()).toBe(1);
    for (const step of ['source', 'target', 'rule', 'event']) expect(await done(step)).toBe('false');
    await expectAccessible(page);

    // 1. A source from the inline form, its kind's fields from the kinds API (webhook first; auth "none").
    expect(await page.getByLabel('Kind').inputValue()).toBe('webhook');
    await page.getByLabel('Source name').fill('mia hook');
    await page.getByRole('button', { name: 'Create source' }).click();
    await expect.poll(() => done('source')).toBe('true');
    const ingestUrl = (await page.locator('[data-ingest-url]').textContent())!;
    expect(ingestUrl).toMatch(new RegExp(`^${ui.baseUrl}/hooks/[0-9A-Z]{26}$`));
    expect(await page.locator('[data-curl]').textContent()).toContain(`curl -X POST '${ingestUrl}'`);
    await expectAccessible(page);
    if (dialect === 'sqlite')
      await page.screenshot({ path: `${screenshots}getting-started.png`, fullPage: true });

    // 2. A target and receiver through the API (the targets pages do the same through the cache).
    const target = await asUser<{ id: string }>(page, 'POST', '/api/v1/targets', {
      kind: 'webhook',
      name: 'mia sink',
      config: { url: `${sink.url}/mia` },
    });
    expect(target.status).toBe(201);
    await changedElsewhere(page, 'targets');
    await expect.poll(() => page.getByText('Add a receiver to mia sink').count()).toBe(1);
    expect(await done('target')).toBe('false');
    const receiver = await asUser<{ id: string }>(
      page,
      'POST',
      `/api/v1/targets/${target.body.id}/receivers`,
      {
        name: 'phone',
        address: {},
      },
    );
    expect(receiver.status).toBe(201);
    await changedElsewhere(page, 'receivers');
    await expect.poll(() => done('target')).toBe('true');
    const before = sink.requests.length;
    await page.getByRole('button', { name: 'Send a test' }).click();
    await expect.poll(() => sink.requests.length).toBe(before + 1);
    expect(sink.requests.at(-1)!.url).toBe('/mia');
    await expect.poll(() => page.getByText('Test message sent to phone').count()).toBe(1);

    // 3. A rule.
    const sourceId = ingestUrl.split('/').at(-1)!;
    const rule = await asUser(page, 'POST', '/api/v1/rules', {
      name: 'all of mia',
      sourceIds: [sourceId],
      receiverIds: [receiver.body.id],
    });
    expect(rule.status).toBe(201);
    await changedElsewhere(page, 'rules');
    await expect.poll(() => done('rule')).toBe('true');

    // 4. An event, as the curl recipe sends it: the stream ticks the last step and the list goes away.
    const posted = await fetch(ingestUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hello from curl' }),
    });
    expect(posted.status).toBe(202);
    await expect.poll(() => checklist.count()).toBe(0);
    await expect.poll(() => page.locator('[data-figure="events"]').textContent()).toBe('1');
    await page.context().close();
  });

  it('draws the last hour and keeps the figures live; a failing target shows with its error', async () => {
    const page = await ui.signedIn();
    await expect.poll(() => page.locator('[data-chart] canvas').count()).toBeGreaterThan(0);
    const events = page.locator('[data-figure="events"]');
    await expect.poll(async () => Number(await events.textContent())).toBeGreaterThanOrEqual(0);
    const start = Number(await events.textContent());
    // The chart's series, as drawn: events, deliveries, failed (MinuteChart's data-drawn).
    const drawn = async () =>
      ((await page.locator('[data-chart]').getAttribute('data-drawn')) ?? '').split(',').map(Number);
    await expect.poll(async () => (await drawn())[0]).toBe(start);
    expect((await postHook(ui.baseUrl, pipe.sourceId, { title: 'disk 91 % full' })).status).toBe(202);
    await expect.poll(async () => Number(await events.textContent())).toBe(start + 1);
    await expect.poll(async () => (await drawn())[0]).toBe(start + 1);
    await expect.poll(() => page.locator('[data-state="sent"] dd').textContent()).not.toBe('0');

    // A target that answers 400: the delivery dies at once, and the target is listed with its error.
    const target = await ui.t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'webhook',
      name: 'broken hook',
      config: { url: `${failing.url}/hook` },
    });
    const receiver = await ui.t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: 'nobody',
      address: {},
    });
    const rule = await ui.t.api('POST', '/api/v1/rules', {
      name: 'to the broken hook',
      sourceIds: [pipe.sourceId],
      receiverIds: [receiver.body.id],
    });
    expect(rule.status).toBe(201);
    expect((await postHook(ui.baseUrl, pipe.sourceId, { title: 'backup failed' })).status).toBe(202);
    const failingRow = page.locator(`[data-failing-target="${target.body.id}"]`);
    await expect.poll(() => failingRow.count()).toBe(1);
    await expect.poll(() => failingRow.textContent()).toContain('failed: 1');
    expect(await failingRow.textContent()).toContain('broken hook');
    await expect.poll(() => page.locator('[data-trouble="target"]').count()).toBe(1);
    await expect.poll(async () => Number(await events.textContent())).toBeGreaterThanOrEqual(start + 2);
    expect(await page.locator('[data-getting-started]').count()).toBe(0);
    await expectAccessible(page);
    await fitsPhone(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}dashboard.png`, fullPage: true });
    await page.context().close();
  });

  it('creates a silence, fills one in from an event, ends it; a member sees neither', async () => {
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'Silences' }).click();
    await page.waitForURL(`${ui.baseUrl}/silences`);
    await expect.poll(() => page.getByText('No silences.').count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel('Receiver').selectOption({ label: `sink ${sink.url}/hook / sink` });
    await page.getByLabel('Duration (30m, 2h, 1d)').fill('2h');
    await page.getByLabel('Comment').fill('maintenance');
    await page.getByRole('button', { name: 'Create silence' }).click();
    const items = page.locator('li[data-silence]');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('by ada, in the web UI');
    expect(await items.first().textContent()).toContain('all events');

    // "Mute things like this" from an event: its type and the receiver it went to.
    const posted = await postHook(ui.baseUrl, pipe.sourceId, {
      title: 'nightly backup',
      type: 'backup.done',
    });
    const eventId = posted.body.id as string;
    const event = await ui.t.api<{
      event: { type: string };
      deliveries: { id: string; receiverId: string }[];
    }>('GET', `/api/v1/events/${eventId}`);
    // It went to two receivers (the sink and the broken hook): a delivery names the one to mute.
    expect(event.body.deliveries).toHaveLength(2);
    const other = event.body.deliveries.find((delivery) => delivery.receiverId !== pipe.receiverId)!;
    await page.goto(`${ui.baseUrl}/silences?from=delivery:${other.id}`);
    await expect.poll(() => page.getByLabel(/^Event types/).inputValue()).toBe(event.body.event.type);
    expect(await page.getByLabel('Receiver').inputValue()).toBe(other.receiverId);
    // An event names its first delivery's receiver.
    await page.goto(`${ui.baseUrl}/silences?from=event:${eventId}`);
    await expect.poll(() => page.getByLabel(/^Event types/).inputValue()).toBe(event.body.event.type);
    await expect
      .poll(() => page.getByLabel('Receiver').inputValue())
      .toBe(event.body.deliveries[0]!.receiverId);
    expect(await page.locator('[data-prefilled]').textContent()).toContain('nightly backup');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.first().textContent()).toContain(event.body.event.type);
    await expectAccessible(page);
    await fitsPhone(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}silences.png`, fullPage: true });

    await items.first().getByRole('button', { name: 'End now' }).click();
    await expect.poll(() => items.first().getAttribute('data-active')).toBe('false');
    expect(await items.first().textContent()).toContain('ended');
    const listed = await ui.t.api<{ items: { active: boolean }[] }>('GET', '/api/v1/silences');
    expect(listed.body.items.map((item) => item.active)).toEqual([false, true]);

    // Mia (the first test's member) sees none of the admin's silences, nor the admin's figures.
    const mia = await ui.signedIn('mia');
    await mia.goto(`${ui.baseUrl}/silences`);
    await expect.poll(() => mia.getByText('No silences.').count()).toBe(1);
    const stats = await asUser<{ scope: string; failuresByTarget: { items: unknown[] } }>(
      mia,
      'GET',
      '/api/v1/stats',
    );
    expect(stats.body.scope).toBe('own');
    expect(stats.body.failuresByTarget.items).toEqual([]);
    await mia.goto(`${ui.baseUrl}/`);
    await expect.poll(() => mia.locator('[data-figure="events"]').textContent()).toBe('1');
    expect(await mia.locator('[data-failing-target]').count()).toBe(0);
    await mia.context().close();
    await page.context().close();
  });
});
