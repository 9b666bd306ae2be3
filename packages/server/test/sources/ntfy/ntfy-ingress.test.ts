import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.ts';
import { eventCount, lastEvent, startSourceApp } from '../../helpers/source-app.ts';
import type { TestApp } from '../../helpers/test-app.ts';

const token = 'tk_notifybridge0123456789';
const topic = 'phil_alerts';

describe.each(testDialects)('the ntfy-compatible endpoint on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'ntfy',
      name: 'ntfy',
      config: { topic, token },
    }));
  });
  afterAll(() => t.close());

  const last = () => lastEvent(t, sourceId);
  const count = () => eventCount(t, sourceId);
  const bearer = { authorization: `Bearer ${token}` };

  it('publishes a plain body with the title, priority and tags headers (ntfy docs recipe)', async () => {
    // curl -H "Title: Unauthorized access detected" -H "Priority: urgent" -H "Tags: warning,skull" -d "..." ntfy.sh/phil_alerts
    const response = await fetch(`${baseUrl}/ntfy/${topic}`, {
      method: 'POST',
      headers: {
        ...bearer,
        Title: 'Unauthorized access detected',
        Priority: 'urgent',
        Tags: 'warning,skull',
      },
      body: 'Remote access to phils-laptop detected. Act right away.',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      event: 'message',
      topic,
      message: 'Remote access to phils-laptop detected. Act right away.',
    });
    expect(await last()).toMatchObject({
      title: 'Unauthorized access detected',
      severity: 'critical',
      tags: JSON.stringify(['warning', 'skull']),
    });
  });

  it('takes the X- headers and query parameters too, with PUT', async () => {
    const response = await fetch(
      `${baseUrl}/ntfy/${topic}?title=From%20query&p=2&click=https://example.com/x`,
      {
        method: 'PUT',
        headers: { ...bearer, 'X-Tags': 'cd' },
        body: 'Backup successful',
      },
    );
    expect(response.status).toBe(200);
    expect(await last()).toMatchObject({
      title: 'From query',
      body: 'Backup successful',
      severity: 'info',
      url: 'https://example.com/x',
    });
  });

  it('takes JSON publishing to the root, with the token in ?auth=', async () => {
    const auth = Buffer.from(`Bearer ${token}`).toString('base64url');
    const response = await fetch(`${baseUrl}/?auth=${auth}`, {
      method: 'POST',
      body: JSON.stringify({
        topic,
        message: 'Disk space is low at 5.1 GB',
        title: 'Low disk space alert',
        tags: ['warning', 'cd'],
        priority: 4,
        click: 'https://homecamera.lan/xasds1h2xsSsa/',
      }),
    });
    expect(response.status).toBe(200);
    expect(await last()).toMatchObject({
      title: 'Low disk space alert',
      body: 'Disk space is low at 5.1 GB',
      severity: 'warning',
      url: 'https://homecamera.lan/xasds1h2xsSsa/',
    });
  });

  it("refuses a wrong token and an unknown topic with ntfy's 403, storing nothing", async () => {
    const before = await count();
    for (const [url, headers] of [
      [`${baseUrl}/ntfy/${topic}`, { authorization: 'Bearer tk_wrong-token-000' }],
      [`${baseUrl}/ntfy/${topic}`, {}],
      [`${baseUrl}/ntfy/no_such_topic`, bearer],
    ] as const) {
      const response = await fetch(url, { method: 'POST', headers, body: 'x' });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ http: 403, error: 'forbidden' });
    }
    expect(await count()).toBe(before);
  });

  it('is reached by the real Apprise CLI (ntfy://, JSON to the root, basic auth)', async () => {
    const apprise = '/usr/bin/apprise';
    if (!existsSync(apprise))
      throw new Error(`${apprise} is missing: apt-get install apprise (.ci/run does)`);
    const port = new URL(baseUrl).port;
    const child = spawn(
      apprise,
      ['-t', 'Via Apprise', '-b', 'Published like ntfy', `ntfy://phil:${token}@127.0.0.1:${port}/${topic}`],
      { stdio: 'ignore' },
    );
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(await last()).toMatchObject({ title: 'Via Apprise', body: 'Published like ntfy' });
  });
});
