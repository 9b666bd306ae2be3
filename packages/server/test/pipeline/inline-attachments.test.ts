import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../fakes/telegram-bot-api/server.ts';
import { appriseCli, run } from '../helpers/cli.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const secret = 'inline-attachments-secret-01';
const ntfyToken = 'tk_inline0123456789';
const topic = 'photos_x1';
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(2000, 9)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function apprise(args: string[]): Promise<void> {
  expect((await run(appriseCli(), args)).code).toBe(0);
}

/** Files a sender attached with the real Apprise CLI, uploaded by a channel with their bytes and type. */
describe.each(testDialects)('inline attachments from the Apprise CLI to Telegram on %s', (dialect) => {
  let t: TestApp;
  let api: FakeBotApi;
  let port: string;
  let ntfyPort: string;
  const sourceIds: Record<string, string> = {};
  let file: string;

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp(dialect, {
      NB_RETRY_BASE_MS: '50',
      NB_POLL_INTERVAL_MS: '50',
      NB_COMPAT_PORTS: 'ntfy=0',
    });
    port = new URL(await t.app.listen()).port;
    ntfyPort = new URL(t.app.compatAddress('ntfy')!).port;
    for (const [name, body] of Object.entries({
      json: {
        kind: 'webhook',
        name: 'json',
        config: { auth: { mode: 'basic', username: 'apprise' }, secret },
      },
      ntfy: { kind: 'ntfy', name: 'ntfy', config: { topic, token: ntfyToken } },
    })) {
      const created = await t.api<{ id: string }>('POST', '/api/v1/sources', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      sourceIds[name] = created.body.id;
    }
    const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'telegram',
      name: 'bot',
      config: { token: api.token, apiRoot: api.url, updates: 'off' },
    });
    const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: 'chat',
      address: { chatId: 77 },
    });
    const rule = await t.api('POST', '/api/v1/rules', {
      name: 'photos',
      sourceIds: Object.values(sourceIds),
      eventTypes: ['**'],
      receiverIds: [receiver.body.id],
    });
    expect(rule.status).toBe(201);
    file = join(mkdtempSync(join(tmpdir(), 'nb-inline-')), 'graph.png');
    writeFileSync(file, png);
  });
  afterAll(async () => {
    await t.close();
    await api.close();
  });

  const uploadsOf = async (caption: string) =>
    eventually(async () => {
      const call = api.calls.find(
        (c) => c.files.length > 0 && String(c.params.caption ?? '').includes(caption),
      );
      return call?.files;
    });

  it('json:// --attach: the photo is uploaded with its bytes, name and type', async () => {
    await apprise([
      '-t',
      'json photo',
      '-b',
      'from json',
      '--attach',
      file,
      `json://apprise:${secret}@127.0.0.1:${port}/hooks/${sourceIds.json}`,
    ]);
    expect(await uploadsOf('json photo')).toMatchObject([
      { via: 'upload', name: 'graph.png', contentType: 'image/png', size: png.length, sha256: sha256(png) },
    ]);
  });

  it("ntfy:// --attach to ntfy's own port: the same", async () => {
    // Other bytes: Telegram's channel sends bytes it uploaded before by their file_id.
    const other = Buffer.concat([png, Buffer.from('ntfy')]);
    const otherFile = join(mkdtempSync(join(tmpdir(), 'nb-inline-')), 'chart.png');
    writeFileSync(otherFile, other);
    await apprise([
      '-t',
      'ntfy photo',
      '-b',
      'from ntfy',
      '--attach',
      otherFile,
      `ntfy://phil:${ntfyToken}@127.0.0.1:${ntfyPort}/${topic}`,
    ]);
    expect(await uploadsOf('ntfy photo')).toMatchObject([
      {
        via: 'upload',
        name: 'chart.png',
        contentType: 'image/png',
        size: other.length,
        sha256: sha256(other),
      },
    ]);
  });
});
