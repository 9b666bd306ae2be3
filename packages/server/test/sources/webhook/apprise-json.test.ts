import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appriseCli, run } from '../../helpers/cli.ts';
import { testDialects } from '../../helpers/databases.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

describe.each(testDialects)('the generic webhook source and Apprise json:// on %s', (dialect) => {
  const secret = 'json-hook-secret-0123456';
  let t: TestApp;
  let port: string;
  let sourceId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    port = new URL(await t.app.listen()).port;
    const created = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'apprise json',
      config: { auth: { mode: 'basic', username: 'apprise' }, secret },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    sourceId = created.body.id;
  });
  afterAll(() => t.close());

  async function runApprise(args: string[]): Promise<void> {
    const url = `json://apprise:${secret}@127.0.0.1:${port}/hooks/${sourceId}`;
    expect((await run(appriseCli(), [...args, url])).code).toBe(0);
  }
  const lastEvent = async () => {
    const rows = await t.app.database.db
      .selectFrom('events')
      .select(['title', 'body', 'severity', 'attachments', 'data'])
      .where('source_id', '=', sourceId)
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    const row = rows[0]!;
    return { ...row, attachments: JSON.parse(row.attachments), data: JSON.parse(row.data) };
  };

  it("maps Apprise's JSON payload (title, message, type) with basic auth", async () => {
    await runApprise(['-t', 'Nightly job', '-b', 'finished without errors']);
    expect(await lastEvent()).toMatchObject({
      title: 'Nightly job',
      body: 'finished without errors',
      severity: 'info',
      attachments: [],
    });
  });

  it.each([
    ['warning', 'warning'],
    ['failure', 'error'],
    ['success', 'info'],
  ])('stores `apprise -n %s` as severity %s', async (type, severity) => {
    await runApprise(['-n', type, '-t', `typed ${type}`, '-b', 'body']);
    expect(await lastEvent()).toMatchObject({ title: `typed ${type}`, severity });
  });

  it('stores `apprise --attach` files as inline attachments, the bytes once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'nb-apprise-'));
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(300, 7)]);
    writeFileSync(join(directory, 'graph.png'), png);
    writeFileSync(join(directory, 'report.txt'), 'all good\n');
    await runApprise([
      '-t',
      'With files',
      '-b',
      'see attached',
      '--attach',
      join(directory, 'graph.png'),
      '--attach',
      join(directory, 'report.txt'),
    ]);
    const event = await lastEvent();
    expect(event.attachments).toEqual([
      { name: 'graph.png', data: png.toString('base64'), size: png.length, contentType: 'image/png' },
      {
        name: 'report.txt',
        data: Buffer.from('all good\n').toString('base64'),
        size: 9,
        contentType: 'text/plain',
      },
    ]);
    expect(JSON.stringify(event.data)).not.toContain(png.toString('base64'));
  });

  it('refuses bad base64 with a 400 naming the attachment, storing nothing', async () => {
    const before = await t.app.database.db
      .selectFrom('events')
      .select('id')
      .where('source_id', '=', sourceId)
      .execute();
    const response = await fetch(`http://127.0.0.1:${port}/hooks/${sourceId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`apprise:${secret}`).toString('base64')}`,
      },
      body: JSON.stringify({
        version: '1.0',
        title: 't',
        message: 'm',
        type: 'info',
        attachments: [{ filename: 'x.png', base64: 'not*base64', mimetype: 'image/png' }],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'NB_ERR_VALIDATION',
        message: expect.stringContaining('attachment 1 ("x.png") is not valid base64'),
      },
    });
    const after = await t.app.database.db
      .selectFrom('events')
      .select('id')
      .where('source_id', '=', sourceId)
      .execute();
    expect(after.length).toBe(before.length);
  });
});
