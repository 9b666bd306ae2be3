import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.ts';
import { eventCount, lastEvent, startSourceApp } from '../../helpers/source-app.ts';
import type { TestApp } from '../../helpers/test-app.ts';

describe.each(testDialects)('the Discord-compatible endpoint on %s', (dialect) => {
  const webhookId = '1234567890';
  const token = 'discord-webhook-token-0123456789';
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'discord',
      name: 'discord',
      config: { webhookId, token },
    }));
  });
  afterAll(() => t.close());

  const url = `/discord/${webhookId}/${token}`;
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const last = () => lastEvent(t, sourceId);
  const count = () => eventCount(t, sourceId);

  it('answers 204 to content and flattens embeds', async () => {
    const plain = await post(url, { content: 'Server restarted', username: 'uptime-bot' });
    expect(plain.status).toBe(204);
    expect(await last()).toMatchObject({ title: 'Server restarted', body: 'Server restarted' });
    const embed = await post(url, {
      embeds: [
        {
          title: 'Build failed',
          description: 'main is red',
          url: 'https://ci.example/9',
          fields: [{ name: 'Job', value: 'test' }],
          footer: { text: 'CI' },
        },
      ],
    });
    expect(embed.status).toBe(204);
    expect(await last()).toMatchObject({
      title: 'Build failed',
      body: '**Build failed**\nmain is red\n**Job**: test\nCI',
      url: 'https://ci.example/9',
    });
  });

  it('takes multipart with payload_json and files[n], as senders with files post it', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'Nightly chart', username: 'grafana' }));
    form.append('files[0]', new Blob([png], { type: 'image/png' }), 'chart.png');
    form.append('files[1]', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'data.csv');
    const response = await fetch(`${baseUrl}${url}`, { method: 'POST', body: form });
    expect(response.status).toBe(204);
    const event = (await last())!;
    expect(event).toMatchObject({ title: 'Nightly chart', body: 'Nightly chart' });
    expect(JSON.parse(event.attachments)).toEqual([
      { name: 'chart.png', contentType: 'image/png', data: png.toString('base64'), size: png.length },
      {
        name: 'data.csv',
        contentType: 'text/csv',
        data: Buffer.from('a,b\n1,2\n').toString('base64'),
        size: 8,
      },
    ]);
  });

  it('answers 200 with the message when ?wait=true', async () => {
    const response = await post(`${url}?wait=true`, { content: 'wait for me' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: expect.any(String) });
  });

  it("answers in Discord's words when something is wrong, storing nothing", async () => {
    const before = await count();
    const unknown = await post(`/discord/${webhookId}/not-the-token-0000000000`, { content: 'x' });
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { message: 'Unknown Webhook', code: 10015 },
    ]);
    const empty = await post(url, { embeds: [] });
    expect([empty.status, await empty.json()]).toEqual([
      400,
      { message: 'Cannot send an empty message', code: 50006 },
    ]);
    const viaHooks = await post(`/hooks/${sourceId}`, { content: 'x' });
    expect(viaHooks.status).toBe(401);
    expect(await count()).toBe(before);
  });
});
