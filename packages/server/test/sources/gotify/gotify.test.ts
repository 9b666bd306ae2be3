import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock.ts';
import { curlStatus } from '../../helpers/cli.ts';
import { testDialects } from '../../helpers/databases.ts';
import { startSourceApp } from '../../helpers/source-app.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

const token = 'AbCdEf123456.xyz';

describe.each(testDialects)('the Gotify-compatible endpoint on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'gotify',
      name: 'gotify',
      config: { token },
    }));
  });
  afterAll(() => t.close());

  const events = () =>
    t.app.database.db
      .selectFrom('events')
      .select(['title', 'body', 'severity', 'url'])
      .where('source_id', '=', sourceId)
      .orderBy('id')
      .execute();

  it("takes the curl recipe from Gotify's docs (form body, ?token=) and answers like Gotify", async () => {
    // curl "https://push.example.de/message?token=<apptoken>" -F "title=my title" -F "message=my message" -F "priority=5"
    const response = await fetch(`${baseUrl}/gotify/message?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ title: 'my title', message: 'my message', priority: '5' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: expect.any(Number),
      appid: 1,
      message: 'my message',
      title: 'my title',
      priority: 5,
    });
    expect((await events()).at(-1)).toMatchObject({
      title: 'my title',
      body: 'my message',
      severity: 'info',
    });
  });

  it("takes the README's curl -F recipe (multipart/form-data), as Gotify does", async () => {
    const status = await curlStatus([
      `${baseUrl}/gotify/message?token=${token}`,
      '-F',
      'title=from curl -F',
      '-F',
      'message=multipart message',
      '-F',
      'priority=7',
    ]);
    expect(status).toBe('200');
    expect((await events()).at(-1)).toMatchObject({
      title: 'from curl -F',
      body: 'multipart message',
      severity: 'warning',
    });

    const form = new FormData();
    form.append('message', 'sent by fetch as FormData');
    const response = await fetch(`${baseUrl}/gotify/message`, {
      method: 'POST',
      headers: { 'x-gotify-key': token },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ message: 'sent by fetch as FormData', priority: 0 });
  });

  it('applies the body cap to the whole form, each part under it, storing nothing', async () => {
    const before = (await events()).length;
    const form = new FormData();
    // Two parts of 600 KiB: each under the 1 MiB server cap, the form over it.
    form.append('message', 'm'.repeat(600 * 1024));
    form.append('title', 't'.repeat(600 * 1024));
    const response = await fetch(`${baseUrl}/gotify/message?token=${token}`, { method: 'POST', body: form });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errorCode: 413 });
    const broken = await fetch(`${baseUrl}/gotify/message?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="message"\r\n\r\nnever closed',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      errorDescription: 'The multipart/form-data body ends before its closing boundary.',
    });
    expect((await events()).length).toBe(before);
  });

  it('takes JSON with X-Gotify-Key, priority and a click URL in extras', async () => {
    const response = await fetch(`${baseUrl}/gotify/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gotify-key': token },
      body: JSON.stringify({
        title: 'Backup',
        message: 'failed twice',
        priority: 9,
        extras: { 'client::notification': { click: { url: 'https://nas.example/backup' } } },
      }),
    });
    expect(response.status).toBe(200);
    expect((await events()).at(-1)).toMatchObject({
      title: 'Backup',
      body: 'failed twice',
      severity: 'critical',
      url: 'https://nas.example/backup',
    });
  });

  it('refuses an unknown token the way Gotify does, storing nothing', async () => {
    const before = (await events()).length;
    const response = await fetch(`${baseUrl}/gotify/message?token=not-the-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'Unauthorized', errorCode: 401 });
    const missing = await fetch(`${baseUrl}/gotify/message?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'no message' }),
    });
    expect(missing.status).toBe(400);
    expect((await events()).length).toBe(before);
  });

  it('is reached by the real Apprise CLI (gotify://)', async () => {
    const apprise = '/usr/bin/apprise';
    if (!existsSync(apprise))
      throw new Error(`${apprise} is missing: apt-get install apprise (.ci/run does)`);
    const port = new URL(baseUrl).port;
    const child = spawn(
      apprise,
      [
        '-t',
        'From Apprise',
        '-b',
        'Hello through the Gotify API',
        `gotify://127.0.0.1:${port}/gotify/${token}`,
      ],
      { stdio: 'ignore' },
    );
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect((await events()).at(-1)).toMatchObject({
      title: 'From Apprise',
      body: 'Hello through the Gotify API',
      severity: 'info',
    });
  });
});

describe.each(testDialects)("the Gotify answer's date on %s", (dialect) => {
  it('is when the bridge took the message, on its clock', async () => {
    const now = Date.UTC(2026, 11, 3, 9, 0, 0, 123);
    const t = await startTestApp(dialect, {}, { clock: manualClock(now) });
    try {
      const created = await t.api('POST', '/api/v1/sources', {
        kind: 'gotify',
        name: 'g',
        config: { token },
      });
      expect(created.status).toBe(201);
      const response = await t.app.http.inject({
        method: 'POST',
        url: `/gotify/message?token=${token}`,
        payload: { message: 'dated' },
      });
      expect(response.json()).toMatchObject({ message: 'dated', date: '2026-12-03T09:00:00.123Z' });
    } finally {
      await t.close();
    }
  });
});
