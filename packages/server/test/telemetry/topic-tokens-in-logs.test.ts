import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SseReader } from '../helpers/sse-reader.ts';
import { b64url, leaksIn, startTracedApp } from '../helpers/traced-app.ts';

describe('subscriber tokens in the log', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('never shows a token, however a subscriber sends it, accepted or refused', async () => {
    const { t, baseUrl, log } = await startTracedApp({ NB_COMPAT_PORTS: 'ntfy=0' });
    cleanups.push(() => t.close());
    const ntfyUrl = t.app.compatAddress('ntfy')!.replace('0.0.0.0', '127.0.0.1');
    const topic = await t.api<{ id: string }>('POST', '/api/v1/topics', { name: 'logged' });
    const other = await t.api<{ id: string }>('POST', '/api/v1/topics', { name: 'elsewhere' });
    const minted = await t.api<{ token: string }>('POST', `/api/v1/topics/${topic.body.id}/tokens`, {});
    const wrong = await t.api<{ token: string }>('POST', `/api/v1/topics/${other.body.id}/tokens`, {});
    const token = minted.body.token;
    const tokens = [token, wrong.body.token];

    for (const candidate of tokens) {
      const viaQuery = await SseReader.open(`${baseUrl}/api/v1/topics/logged/stream?token=${candidate}`);
      viaQuery.close();
      const viaHeader = await SseReader.open(`${baseUrl}/api/v1/topics/logged/stream`, {
        authorization: `Bearer ${candidate}`,
      });
      viaHeader.close();
      const basic = `Basic ${Buffer.from(`me:${candidate}`).toString('base64')}`;
      await (await fetch(`${ntfyUrl}/logged/json?poll=1`, { headers: { authorization: basic } })).text();
      await (await fetch(`${ntfyUrl}/logged/json?poll=1&auth=${b64url(basic)}`)).text();
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(`${ntfyUrl.replace('http', 'ws')}/logged/ws?poll=1&auth=${b64url(basic)}`);
        ws.on('close', () => resolve());
        ws.on('error', () => resolve());
      });
    }
    expect(log.lines.length).toBeGreaterThan(10);
    expect(log.raw).toContain('subscriber token refused');
    expect(leaksIn(log.raw, { token, wrong: wrong.body.token })).toEqual([]);
  });
});
