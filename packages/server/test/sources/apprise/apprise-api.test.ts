import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlStatus } from '../../helpers/cli.ts';
import { testDialects } from '../../helpers/databases.ts';
import { eventCount, lastEvent, startSourceApp } from '../../helpers/source-app.ts';
import type { TestApp } from '../../helpers/test-app.ts';

const key = 'family-notify-0123';

describe.each(testDialects)('the Apprise-API-compatible endpoint on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'apprise',
      name: 'apprise',
      config: { key },
    }));
  });
  afterAll(() => t.close());

  const last = () => lastEvent(t, sourceId);
  const count = () => eventCount(t, sourceId);

  it('takes the JSON and form recipes from the Apprise API docs', async () => {
    // curl -X POST -d '{"tag":"devops", "body":"test message"}' -H "Content-Type: application/json" http://localhost:8000/notify/abc123
    const json = await fetch(`${baseUrl}/apprise/notify/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tag: 'devops', title: 'Deploy', body: 'test message', type: 'failure' }),
    });
    expect(json.status).toBe(200);
    expect(await last()).toMatchObject({
      title: 'Deploy',
      body: 'test message',
      severity: 'error',
      tags: JSON.stringify(['devops']),
    });
    // curl -X POST -F "tag=devops" -F "body=test message" http://localhost:8000/notify/abc123
    const form = await fetch(`${baseUrl}/apprise/notify/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ tag: 'devops', body: 'form message', type: 'warning' }),
    });
    expect(form.status).toBe(200);
    expect(await last()).toMatchObject({ title: 'Apprise', body: 'form message', severity: 'warning' });
  });

  it("takes the docs' curl -F recipe as multipart, its files as attachments and attach URLs too", async () => {
    // curl -X POST -F "body=test message" -F attach1=@Screenshot-1.png http://localhost:8000/notify/abc123
    const directory = mkdtempSync(join(tmpdir(), 'nb-apprise-api-'));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    writeFileSync(join(directory, 'Screenshot-1.png'), png);
    const status = await curlStatus([
      '-X',
      'POST',
      '-F',
      'body=test message',
      '-F',
      'type=warning',
      '-F',
      `attach1=@${join(directory, 'Screenshot-1.png')}`,
      `${baseUrl}/apprise/notify/${key}`,
    ]);
    expect(status).toBe('200');
    const event = (await last())!;
    expect(event).toMatchObject({ body: 'test message', severity: 'warning' });
    expect(JSON.parse(event.attachments)).toEqual([
      { name: 'Screenshot-1.png', contentType: 'image/png', data: png.toString('base64'), size: png.length },
    ]);

    const json = await fetch(`${baseUrl}/apprise/notify/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'with a link', attach: ['https://files.example/a.pdf', 'not a url'] }),
    });
    expect(json.status).toBe(200);
    const linked = (await last())!;
    expect(JSON.parse(linked.attachments)).toEqual([{ url: 'https://files.example/a.pdf' }]);
    expect(JSON.parse(linked.warnings ?? '[]')).toEqual([
      '1 attachments without an http(s) URL or base64 data were left out',
    ]);
  });

  it('refuses an unknown key, a body-less request and the /hooks address without the key', async () => {
    const before = await count();
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/apprise/notify/not-the-key-0000', { body: 'x' })).status).toBe(404);
    expect((await post(`/apprise/notify/${key}`, { title: 'no body' })).status).toBe(400);
    expect((await post(`/hooks/${sourceId}`, { body: 'x' })).status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('is reached by the real Apprise CLI (apprise://)', async () => {
    const apprise = '/usr/bin/apprise';
    if (!existsSync(apprise))
      throw new Error(`${apprise} is missing: apt-get install apprise (.ci/run does)`);
    const port = new URL(baseUrl).port;
    const child = spawn(
      apprise,
      [
        '-t',
        'Relayed',
        '-b',
        'Through the Apprise API',
        '-n',
        'success',
        `apprise://127.0.0.1:${port}/apprise/${key}`,
      ],
      { stdio: 'ignore' },
    );
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(await last()).toMatchObject({
      title: 'Relayed',
      body: 'Through the Apprise API',
      severity: 'info',
    });
  });
});
