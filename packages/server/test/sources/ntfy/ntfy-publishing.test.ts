import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { manualClock } from '../../../src/domain/clock.ts';
import { appriseCli, run } from '../../helpers/cli.ts';
import { testDialects } from '../../helpers/databases.ts';
import { lastEvent } from '../../helpers/source-app.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { leaksIn, startTracedApp } from '../../helpers/traced-app.ts';

const token = 'tk_publishing0123456789';
const topic = 'backups_7Qx';
const now = Date.UTC(2026, 11, 3, 9, 30, 15, 250);
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(5000, 3)]);

describe.each(testDialects)('ntfy publishing as real ntfy clients do it, on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let ntfyUrl: string;
  let sourceId: string;
  const bearer = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    t = await startTestApp(dialect, { NB_COMPAT_PORTS: 'ntfy=0' }, { clock: manualClock(now) });
    baseUrl = await t.app.listen();
    ntfyUrl = t.app.compatAddress('ntfy')!;
    const created = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'ntfy',
      name: 'ntfy',
      config: { topic, token },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    sourceId = created.body.id;
  });
  afterAll(() => t.close());

  const last = async () => {
    const row = (await lastEvent(t, sourceId))!;
    return {
      ...row,
      tags: JSON.parse(row.tags) as string[],
      attachments: JSON.parse(row.attachments) as Record<string, unknown>[],
      data: JSON.parse(row.data) as Record<string, unknown>,
    };
  };

  it('takes X-Priority, X-Tags and X-Click beside a JSON body, the JSON winning where it sets a field', async () => {
    const response = await fetch(`${baseUrl}/`, {
      method: 'POST',
      headers: {
        ...bearer,
        'content-type': 'application/json',
        'X-Priority': '5',
        'X-Tags': 'floppy_disk,nas',
        'X-Click': 'https://nas.example/backups',
        'X-Title': 'overridden by the JSON',
      },
      body: JSON.stringify({ topic, title: 'Backup failed', message: 'disk full' }),
    });
    expect(response.status).toBe(200);
    expect(await last()).toMatchObject({
      title: 'Backup failed',
      body: 'disk full',
      severity: 'critical',
      tags: ['floppy_disk', 'nas'],
      url: 'https://nas.example/backups',
    });
    const json = await fetch(`${baseUrl}/`, {
      method: 'PUT',
      headers: { ...bearer, 'X-Priority': '5', 'X-Tags': 'from,header' },
      body: JSON.stringify({ topic, message: 'json wins', priority: 2, tags: ['from-json'] }),
    });
    expect(json.status).toBe(200);
    expect(await last()).toMatchObject({ body: 'json wins', severity: 'info', tags: ['from-json'] });
  });

  it("takes ntfy's short aliases as headers and query parameters (t, p, ta, m)", async () => {
    const response = await fetch(`${baseUrl}/ntfy/${topic}?ta=q1,q2`, {
      method: 'POST',
      headers: { ...bearer, t: 'Short title', p: 'high' },
      body: '',
    });
    expect(response.status).toBe(200);
    expect(await last()).toMatchObject({ title: 'Short title', severity: 'warning', tags: ['q1', 'q2'] });
    const message = await fetch(`${baseUrl}/ntfy/${topic}?m=from%20the%20query`, {
      method: 'PUT',
      headers: bearer,
    });
    expect(message.status).toBe(200);
    expect(await last()).toMatchObject({ body: 'from the query' });
  });

  it("answers a publish with ntfy's message fields", async () => {
    const response = await fetch(`${baseUrl}/ntfy/${topic}`, {
      method: 'POST',
      headers: {
        ...bearer,
        Title: 'Deploy',
        Priority: '4',
        Tags: 'rocket',
        Click: 'https://ci.example/run/9',
        Markdown: 'yes',
      },
      body: 'shipped **v2**',
    });
    expect(response.status).toBe(200);
    const time = Math.floor(now / 1000);
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      time,
      expires: time + 12 * 3600,
      event: 'message',
      topic,
      title: 'Deploy',
      message: 'shipped **v2**',
      priority: 4,
      tags: ['rocket'],
      click: 'https://ci.example/run/9',
      content_type: 'text/markdown',
    });
    // As ntfy, fields the sender did not set are left out, priority too.
    const plain = await fetch(`${baseUrl}/ntfy/${topic}`, { method: 'POST', headers: bearer, body: 'hi' });
    expect(Object.keys((await plain.json()) as object).sort()).toEqual(
      ['event', 'expires', 'id', 'message', 'time', 'topic'].sort(),
    );
  });

  it('serves ntfy at the root of its own port: PUT /<topic> with a Filename makes the body a file', async () => {
    const response = await fetch(`${ntfyUrl}/${topic}`, {
      method: 'PUT',
      headers: { ...bearer, Filename: 'graph.png', Message: 'nightly graph' },
      body: png,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      topic,
      message: 'nightly graph',
      attachment: { name: 'graph.png', type: 'image/png', size: png.length },
    });
    expect(await last()).toMatchObject({
      body: 'nightly graph',
      attachments: [
        { name: 'graph.png', contentType: 'image/png', data: png.toString('base64'), size: png.length },
      ],
    });
    // The bytes are stored once, with the attachment; data says what was attached.
    expect(JSON.stringify((await last()).data)).not.toContain(png.toString('base64').slice(0, 100));
  });

  it('takes a file without a Filename as ntfy does: binary or over 4,096 bytes is a file, named by its type', async () => {
    const binary = await fetch(`${baseUrl}/ntfy/${topic}`, { method: 'POST', headers: bearer, body: png });
    expect(binary.status).toBe(200);
    expect(await last()).toMatchObject({
      body: 'You received a file: attachment.png',
      attachments: [{ name: 'attachment.png', contentType: 'image/png', size: png.length }],
    });
    const long = 'x'.repeat(5000);
    await fetch(`${ntfyUrl}/${topic}`, { method: 'POST', headers: bearer, body: long });
    expect(await last()).toMatchObject({
      attachments: [{ name: 'attachment.txt', contentType: 'text/plain; charset=utf-8', size: 5000 }],
    });
    // With an Attach URL the body is the message, whatever its length.
    await fetch(`${ntfyUrl}/${topic}`, {
      method: 'POST',
      headers: { ...bearer, Attach: 'https://files.example/report.pdf' },
      body: 'see the report',
    });
    expect(await last()).toMatchObject({
      body: 'see the report',
      attachments: [{ url: 'https://files.example/report.pdf' }],
    });
  });

  it('takes curl -T with a Filename header, the recipe from the ntfy docs', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'nb-ntfy-'));
    writeFileSync(join(directory, 'flower.png'), png);
    const { code, stdout } = await run('curl', [
      '-s',
      '-T',
      join(directory, 'flower.png'),
      '-H',
      'Filename: flower.png',
      '-H',
      `Authorization: Bearer ${token}`,
      `${ntfyUrl}/${topic}`,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ attachment: { name: 'flower.png', type: 'image/png' } });
    expect(await last()).toMatchObject({
      attachments: [{ name: 'flower.png', data: png.toString('base64') }],
    });
  });

  it('serves nothing but ntfy on its own port', async () => {
    const api = await fetch(`${ntfyUrl}/api/v1/sources`, { headers: bearer });
    expect(api.status).toBe(404);
    const hooks = await fetch(`${ntfyUrl}/hooks/${sourceId}`, { method: 'POST', headers: bearer, body: 'x' });
    expect(hooks.status).toBe(404);
    const unknown = await fetch(`${ntfyUrl}/no_such_topic`, { method: 'POST', headers: bearer, body: 'x' });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ http: 403, error: 'forbidden' });
    // And the main port has no /<topic> route of ntfy's: the bridge's own paths stay its own.
    const root = await fetch(`${baseUrl}/${topic}`, { method: 'PUT', headers: bearer, body: 'x' });
    expect(root.status).toBe(404);
  });

  it('is reached by the real Apprise CLI with ntfy:// priority, tags and click (headers beside JSON)', async () => {
    const port = new URL(baseUrl).port;
    const url = `ntfy://phil:${token}@127.0.0.1:${port}/${topic}?priority=high&tags=apprise,cli&click=https://example.com/x`;
    const { code } = await run(appriseCli(), ['-t', 'From Apprise', '-b', 'with headers', url]);
    expect(code).toBe(0);
    expect(await last()).toMatchObject({
      title: 'From Apprise',
      body: 'with headers',
      severity: 'warning',
      tags: ['apprise', 'cli'],
      url: 'https://example.com/x',
    });
  });

  it("is reached by the real Apprise CLI with an attachment, on ntfy's own port", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'nb-ntfy-'));
    writeFileSync(join(directory, 'chart.png'), png);
    const port = new URL(ntfyUrl).port;
    const { code } = await run(appriseCli(), [
      '-t',
      'Chart',
      '-b',
      'attached',
      '--attach',
      join(directory, 'chart.png'),
      `ntfy://phil:${token}@127.0.0.1:${port}/${topic}`,
    ]);
    expect(code).toBe(0);
    expect(await last()).toMatchObject({
      title: 'Chart',
      body: 'attached',
      attachments: [{ name: 'chart.png', contentType: 'image/png', data: png.toString('base64') }],
    });
  });
});

describe("ntfy's own port and the log", () => {
  it('keeps topics out of the request lines of the own port, and the main port paths as they are', async () => {
    const secretTopic = `topic${randomBytes(8).toString('hex')}`;
    const { t, log } = await startTracedApp({ NB_COMPAT_PORTS: 'ntfy=0' });
    try {
      const created = await t.api('POST', '/api/v1/sources', {
        kind: 'ntfy',
        name: 'open',
        config: { topic: secretTopic, public: true },
      });
      expect(created.status).toBe(201);
      const response = await fetch(`${t.app.compatAddress('ntfy')}/${secretTopic}`, {
        method: 'POST',
        body: 'hello',
      });
      expect(response.status).toBe(200);
      expect(leaksIn(log.raw, { topic: secretTopic })).toEqual([]);
      const urls = log.lines.flatMap((line) => {
        const url = (line.req as { url?: string } | undefined)?.url;
        return url ? [url] : [];
      });
      expect(urls).toContain('/[redacted]');
      expect(urls).toContain('/api/v1/sources');
    } finally {
      await t.close();
    }
  });
});

describe('NB_COMPAT_PORTS at start', () => {
  it('refuses a kind without an API for a port of its own, and the main port, before opening anything', async () => {
    // A scratch directory, so a regression that opened the database would not write one into the repository.
    const env = { NB_DATA_DIR: mkdtempSync(join(tmpdir(), 'nb-compat-')) };
    await expect(createApp(loadConfig({ ...env, NB_COMPAT_PORTS: 'gotify=2586' }))).rejects.toThrow(
      'NB_COMPAT_PORTS: "gotify" has no API to serve on a port of its own; kinds that have one: ntfy',
    );
    await expect(
      createApp(loadConfig({ ...env, PORT: '2586', NB_COMPAT_PORTS: 'ntfy=2586' })),
    ).rejects.toThrow("NB_COMPAT_PORTS: ntfy's port 2586 is PORT, the main port; choose another");
  });
});
