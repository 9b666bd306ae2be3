import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { eventually, HttpSink } from '../../server/test/helpers/http-sink.ts';
import { expectAccessible, screenshots, startUiApp, type UiApp } from './helpers/ui-app.ts';

interface Delivery {
  id: string;
  status: string;
  eventId: string;
}

describe.each(testDialects)('events and deliveries in the web UI on %s', (dialect) => {
  let ui: UiApp;
  let sourceId: string;
  let diskEvent: string;

  async function ingest(fields: {
    type: string;
    title: string;
    body: string;
    severity?: string;
    data?: unknown;
  }) {
    const [accepted] = await ui.t.app.ingestor.ingest(sourceId, [
      { severity: 'info', data: null, ...fields } as never,
    ]);
    return accepted!.eventId;
  }

  async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
    const answer = await ui.t.api<T>(method, `/api/v1${url}`, body);
    expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  }

  /** The dead deliveries there are now, once there are `count`: sends to a closed port die at once. */
  async function deadDeliveries(count: number): Promise<Delivery[]> {
    return eventually(
      async () => {
        const { items } = await api<{ items: Delivery[] }>('GET', '/deliveries?status=dead');
        return items.length >= count ? items : undefined;
      },
      20_000,
      `${count} dead deliveries`,
    );
  }

  async function noPageScrollAt360(page: Page) {
    await page.setViewportSize({ width: 360, height: 740 });
    expect(
      await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  beforeAll(async () => {
    // One attempt each, to a closed port: every delivery is dead after its first try.
    ui = await startUiApp(dialect, { NB_MAX_ATTEMPTS: '1' });
    const source = await api<{ id: string }>('POST', '/sources', {
      kind: 'webhook',
      name: 'nas',
      config: { auth: { mode: 'none' } },
    });
    sourceId = source.id;
    const target = await api<{ id: string }>('POST', '/targets', {
      kind: 'webhook',
      name: 'closed port',
      config: { url: 'http://127.0.0.1:9/hook' },
    });
    const receiver = await api<{ id: string }>('POST', `/targets/${target.id}/receivers`, {
      name: 'nobody',
      address: {},
    });
    // Only backups are sent anywhere, so the many routine events make no deliveries.
    await api('POST', '/rules', {
      name: 'backups',
      sourceIds: [sourceId],
      eventTypes: ['backup.*'],
      receiverIds: [receiver.id],
    });
    for (let i = 0; i < 250; i++)
      await ingest({ type: 'routine.tick', title: `tick ${i}`, body: 'all quiet' });
    diskEvent = await ingest({
      type: 'backup.failed',
      title: 'Backup failed',
      body: 'the disk is full on the nas',
      severity: 'error',
      data: { disk: { name: 'sda', freeBytes: 0 }, paths: ['/srv', '/home'], retry: true },
    });
    await ingest({
      type: 'backup.failed',
      title: 'Backup failed again',
      body: 'still no space',
      severity: 'error',
    });
    await ingest({
      type: 'backup.failed',
      title: 'Backup failed thrice',
      body: 'no space',
      severity: 'critical',
    });
    await deadDeliveries(3);
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('lists events virtualised, searches their words, filters them, loads more on scroll and shows new ones live', async () => {
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'Events' }).click();
    await page.waitForURL(`${ui.baseUrl}/events`);
    const rows = page.getByRole('listitem');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    // Only the rows in view are in the DOM, though a page of 100 is loaded.
    expect(await rows.count()).toBeLessThan(40);
    expect(await rows.first().getAttribute('aria-setsize')).toBe('100');
    await expectAccessible(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}events.png` });
    await noPageScrollAt360(page);

    // Scrolling to the end loads the next page.
    const list = page.getByRole('list', { name: 'Events, newest first' });
    const scrollToEnd = () =>
      list.evaluate(
        (element: { parentElement: { scrollTo(to: { top: number }): void } | null; scrollHeight: number }) =>
          element.parentElement!.scrollTo({ top: element.scrollHeight }),
      );
    await scrollToEnd();
    await expect.poll(() => rows.last().getAttribute('aria-setsize')).toBe('200');
    await scrollToEnd();
    // 253 events and the bridge's delivery.dead events: all there, and the page says nothing more follows.
    await expect
      .poll(async () => Number(await rows.last().getAttribute('aria-setsize')))
      .toBeGreaterThan(253);
    const total = await rows.last().getAttribute('aria-setsize');
    expect(await page.getByText(`Events shown: ${total}`, { exact: true }).count()).toBe(1);
    expect(await rows.count()).toBeLessThan(40);

    await page.getByLabel('Search').fill('full');
    await expect.poll(() => page.locator('[data-event]').count()).toBe(1);
    expect(await page.locator(`[data-event="${diskEvent}"]`).count()).toBe(1);
    await page.getByLabel('Search').fill('space');
    await expect.poll(() => page.locator('[data-event]').count()).toBe(2);
    await page.getByLabel('Severity').selectOption('critical');
    await expect.poll(() => page.locator('[data-event]').textContent()).toContain('Backup failed thrice');
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Severity').selectOption('');
    await page.getByLabel('Type').fill('backup.failed');
    await expect.poll(() => page.locator('[data-event]').count()).toBe(3);
    await page.getByLabel('From').fill('2000-01-01T00:00');
    await page.getByLabel('Until').fill('2000-01-02T00:00');
    await expect.poll(() => page.getByText('No event matches').count()).toBe(0);
    await expect.poll(() => page.locator('[data-event]').count()).toBe(0);
    await page.getByLabel('Until').fill('');
    await expect.poll(() => page.locator('[data-event]').count()).toBe(3);
    expect((await page.getByLabel('Source').locator('option').allTextContents()).includes('nas')).toBe(true);
    await page.getByLabel('Type').fill('');

    // A new event appears without a reload.
    await ingest({ type: 'routine.tick', title: 'fresh from the stream', body: 'hello' });
    await expect.poll(() => page.getByText('fresh from the stream').count(), { timeout: 10_000 }).toBe(1);
    await page.context().close();
  });

  it('shows an event with its payload as a tree that opens and closes from the keyboard, and its deliveries', async () => {
    const page = await ui.signedIn();
    await page.goto(`${ui.baseUrl}/events`);
    await page.getByLabel('Search').fill('full');
    await page.locator(`[data-event="${diskEvent}"]`).click();
    await page.waitForURL(`${ui.baseUrl}/events/${diskEvent}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Backup failed');
    const disk = page.getByRole('button', { name: /disk/ });
    await expect.poll(() => disk.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByText('"sda"').count()).toBe(1);
    await disk.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => disk.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByText('"sda"').count()).toBe(0);
    await page.keyboard.press('Space');
    await expect.poll(() => disk.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByText('"sda"').count()).toBe(1);
    // Tab reaches the next branch.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toContain('paths');
    await expectAccessible(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}event.png`, fullPage: true });
    await noPageScrollAt360(page);
    const delivery = page.locator('[data-delivery] a');
    await expect.poll(() => delivery.textContent()).toBe('dead');
    await delivery.click();
    await expect.poll(() => page.url()).toMatch(/\/deliveries\/[0-9A-Z]{26}$/);
    await page.context().close();
  });

  it('replays a dead delivery from the dead-letter view, and two at once', async () => {
    const dead = await deadDeliveries(3);
    const [one, two, three] = dead.map((d) => d.id) as [string, string, string];
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'Deliveries' }).click();
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.waitForURL(`${ui.baseUrl}/deliveries?status=dead`);
    await expect.poll(() => page.locator('tr[data-delivery]').count()).toBe(3);
    await expectAccessible(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}deliveries.png` });
    await noPageScrollAt360(page);

    const attemptsOf = async (id: string) =>
      (await api<{ attempts: unknown[] }>('GET', `/deliveries/${id}`)).attempts.length;
    const replayedAudit = async () =>
      (await api<{ items: { resourceId: string }[] }>('GET', '/audit?action=delivery.replay')).items
        .map((e) => e.resourceId)
        .sort();

    await page.getByLabel(`Select delivery ${one}`).check();
    await page.getByRole('button', { name: 'Replay selected (1)' }).click();
    await expect.poll(() => page.getByText('Sent again: 1').count()).toBe(1);
    // It is tried again (the port is still closed) and dead once more, with its second attempt.
    await expect.poll(() => attemptsOf(one), { timeout: 20_000 }).toBe(2);
    expect(await replayedAudit()).toEqual([one]);

    await expect.poll(() => page.getByLabel(`Select delivery ${two}`).count()).toBe(1);
    await page.getByLabel(`Select delivery ${two}`).check();
    await page.getByLabel(`Select delivery ${three}`).check();
    await page.getByRole('button', { name: 'Replay selected (2)' }).click();
    await expect.poll(() => page.getByText('Sent again: 2').count()).toBe(1);
    await expect
      .poll(async () => [await attemptsOf(two), await attemptsOf(three)], { timeout: 20_000 })
      .toEqual([2, 2]);
    expect(await replayedAudit()).toEqual([one, two, three].sort());

    // A delivery's own page: every attempt with its error and time, and a replay button while it is dead.
    await expect
      .poll(async () => (await api<{ delivery: Delivery }>('GET', `/deliveries/${one}`)).delivery.status)
      .toBe('dead');
    await page.goto(`${ui.baseUrl}/deliveries/${one}`);
    await expect.poll(() => page.locator('tr[data-attempt]').count()).toBe(2);
    expect(await page.locator('tr[data-attempt="1"]').textContent()).toMatch(/ECONNREFUSED|refused|connect/i);
    expect(await page.locator('tr[data-attempt="1"]').textContent()).toMatch(/\d+ ms/);
    await expectAccessible(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}delivery.png`, fullPage: true });
    await noPageScrollAt360(page);
    await page.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => page.locator('tr[data-attempt]').count(), { timeout: 20_000 }).toBe(3);
    await page.context().close();
  });

  it('says on a delivery what the gates decided of a send they let through: without sound, by quiet hours', async () => {
    const sink = await new HttpSink().start();
    try {
      const target = await api<{ id: string }>('POST', '/targets', {
        kind: 'webhook',
        name: 'night sink',
        config: { url: `${sink.url}/night` },
      });
      // A window around now, in UTC, that sends without sound.
      const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
      const receiver = await api<{ id: string }>('POST', `/targets/${target.id}/receivers`, {
        name: 'pager',
        address: {},
        quietHours: {
          start: hhmm(Date.now() - 3_600_000),
          end: hhmm(Date.now() + 3_600_000),
          timeZone: 'UTC',
          policy: 'quiet',
        },
      });
      await api('POST', '/rules', {
        name: 'to the pager',
        sourceIds: [sourceId],
        receiverIds: [receiver.id],
      });
      const eventId = await ingest({ type: 'backup.done', title: 'quiet backup', body: 'fine' });
      await sink.waitForRequests(1);
      const delivery = await eventually(async () => {
        const { items } = await api<{ items: (Delivery & { receiverId: string })[] }>(
          'GET',
          `/deliveries?eventId=${eventId}`,
        );
        return items.find((item) => item.receiverId === receiver.id && item.status === 'sent');
      });
      const page = await ui.signedIn();
      await page.goto(`${ui.baseUrl}/deliveries/${delivery.id}`);
      await expect
        .poll(() => page.locator('[data-gate-note]').textContent())
        .toMatch(/^sent without sound by quiet hours \(\d\d:\d\d-\d\d:\d\d UTC\)$/);
      await expectAccessible(page);
      await page.context().close();
    } finally {
      await sink.close();
    }
  });

  it("shows a member none of the admin's events or deliveries", async () => {
    await ui.createMember('mia');
    const page = await ui.signedIn('mia');
    await page.goto(`${ui.baseUrl}/events`);
    await expect.poll(() => page.getByText('No events yet').count()).toBe(1);
    await page.getByLabel('Search').fill('full');
    await expect.poll(() => page.getByText('No event matches').count()).toBe(1);
    expect(await page.locator('[data-event]').count()).toBe(0);
    await expectAccessible(page);
    await page.goto(`${ui.baseUrl}/events/${diskEvent}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('no event');
    await page.goto(`${ui.baseUrl}/deliveries?status=dead`);
    await expect.poll(() => page.getByText('No dead letters').count()).toBe(1);
    await page.goto(`${ui.baseUrl}/deliveries`);
    await expect.poll(() => page.getByText('No deliveries yet.').count()).toBe(1);
    await expectAccessible(page);
    const [adminDelivery] = await deadDeliveries(1);
    await page.goto(`${ui.baseUrl}/deliveries/${adminDelivery!.id}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('no delivery');
    await page.context().close();
  });
});
