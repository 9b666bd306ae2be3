import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { manualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { postHook } from '../helpers/pipeline-setup.ts';
import { SseReader } from '../helpers/sse-reader.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTopicPipeline, type TopicPipeline } from './topic-pipeline.ts';

interface NtfyLine {
  id: string;
  time: number;
  event: string;
  topic: string;
  message?: string;
  title?: string;
  priority?: number;
  tags?: string[];
  click?: string;
  attachment?: { name: string; url: string; type?: string };
}

/** A streaming GET read line by line, as curl or an ntfy client reads /json or /raw. */
class LineReader {
  readonly lines: string[] = [];
  status = 0;
  contentType = '';
  #ended = false;
  #waiters: (() => void)[] = [];
  readonly #abort = new AbortController();

  static async open(url: string, headers: Record<string, string> = {}): Promise<LineReader> {
    const reader = new LineReader();
    const response = await fetch(url, { headers, signal: reader.#abort.signal });
    reader.status = response.status;
    reader.contentType = response.headers.get('content-type') ?? '';
    void reader.#pump(response);
    return reader;
  }

  json(): NtfyLine[] {
    return this.lines.filter((line) => line !== '').map((line) => JSON.parse(line) as NtfyLine);
  }

  async until(test: (lines: string[]) => boolean, what: string): Promise<void> {
    while (!test(this.lines)) {
      if (this.#ended) throw new Error(`the stream ended before ${what}: ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  get ended(): boolean {
    return this.#ended;
  }

  close(): void {
    this.#abort.abort();
  }

  async #pump(response: Response): Promise<void> {
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += Buffer.from(chunk).toString('utf8');
        let end = buffer.indexOf('\n');
        while (end !== -1) {
          this.lines.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 1);
          end = buffer.indexOf('\n');
        }
        for (const wake of this.#waiters.splice(0)) wake();
      }
    } catch {
      // closed
    }
    if (buffer !== '') this.lines.push(buffer);
    this.#ended = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

describe.each(testDialects)('ntfy-compatible subscribing on %s', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(
    topic: { name: string; access?: 'public' | 'token' } = { name: 'phone' },
    clock = manualClock(Date.parse('2026-12-03T12:00:00Z')),
  ): Promise<{ t: TestApp; baseUrl: string; ntfyUrl: string; pipe: TopicPipeline; token: string }> {
    const t = await startTestApp(dialect, { NB_COMPAT_PORTS: 'ntfy=0' }, { clock });
    cleanups.push(() => t.close());
    const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const ntfyUrl = t.app.compatAddress('ntfy')!.replace('0.0.0.0', '127.0.0.1');
    const pipe = await createTopicPipeline(t, topic);
    const minted = await t.api<{ token: string }>('POST', `/api/v1/topics/${pipe.topicId}/tokens`, {});
    return { t, baseUrl, ntfyUrl, pipe, token: minted.body.token };
  }

  async function lines(url: string, headers: Record<string, string> = {}) {
    const reader = await LineReader.open(url, headers);
    cleanups.push(() => reader.close());
    return reader;
  }

  it('streams /<topic>/json as ntfy does: open, then each message as one JSON line', async () => {
    const { baseUrl, ntfyUrl, pipe, token } = await start();
    const reader = await lines(`${ntfyUrl}/phone/json`, { authorization: `Bearer ${token}` });
    expect(reader.status).toBe(200);
    expect(reader.contentType).toContain('application/x-ndjson');
    await reader.until((l) => l.length >= 1, 'the open event');
    expect(reader.json()[0]).toMatchObject({ event: 'open', topic: 'phone' });
    await postHook(baseUrl, pipe.sourceId, {
      title: 'Washing machine',
      body: 'done',
      severity: 'warning',
      url: 'https://home.example/laundry',
      tags: ['laundry'],
      attachments: [{ url: 'https://home.example/photo.jpg', contentType: 'image/jpeg' }],
    });
    await reader.until((l) => l.length >= 2, 'the message');
    const message = reader.json()[1]!;
    expect(message).toEqual({
      id: expect.stringMatching(/^nb\d+$/),
      time: Math.floor(Date.parse('2026-12-03T12:00:00Z') / 1000),
      event: 'message',
      topic: 'phone',
      message: 'done',
      title: 'Washing machine',
      priority: 4,
      tags: ['laundry'],
      click: 'https://home.example/laundry',
      attachment: { name: 'photo.jpg', url: 'https://home.example/photo.jpg', type: 'image/jpeg' },
    });
  });

  it('sends keepalive events on the heartbeat', async () => {
    const clock = manualClock(Date.parse('2026-12-03T12:00:00Z'));
    const { t, ntfyUrl, token } = await start({ name: 'phone' }, clock);
    const reader = await lines(`${ntfyUrl}/phone/json`, { authorization: `Bearer ${token}` });
    await reader.until((l) => l.length >= 1, 'the open event');
    clock.advance(t.config.streams.heartbeatMs);
    await reader.until((l) => l.length >= 2, 'a keepalive');
    expect(reader.json()[1]).toMatchObject({ event: 'keepalive', topic: 'phone' });
  });

  it('streams /<topic>/sse and /<topic>/raw in ntfy’s forms', async () => {
    const { baseUrl, ntfyUrl, pipe } = await start({ name: 'open-topic', access: 'public' });
    const sse = await SseReader.open(`${ntfyUrl}/open-topic/sse`);
    cleanups.push(() => sse.close());
    const raw = await lines(`${ntfyUrl}/open-topic/raw`);
    expect(sse.status).toBe(200);
    expect(raw.contentType).toContain('text/plain');
    await sse.until((r) => r.frames.length >= 1, 'the open event');
    await raw.until((l) => l.length >= 1, 'the open line');
    await postHook(baseUrl, pipe.sourceId, { title: 'Backup', body: 'finished\nin 3 min' });
    await sse.until((r) => r.frames.length >= 2, 'the message');
    await raw.until((l) => l.length >= 2, 'the message line');
    expect(sse.frames[0]).toMatchObject({ event: 'open' });
    expect(JSON.parse(sse.frames[0]!.data!)).toMatchObject({ event: 'open', topic: 'open-topic' });
    // A message is the default event (no `event:` line), so EventSource's onmessage sees it.
    expect(sse.frames[1]!.event).toBeUndefined();
    expect(sse.frames[1]!.id).toMatch(/^nb\d+$/);
    expect(JSON.parse(sse.frames[1]!.data!)).toMatchObject({
      event: 'message',
      message: 'finished\nin 3 min',
      title: 'Backup',
    });
    expect(raw.lines.slice(0, 2)).toEqual(['', 'finished in 3 min']);
  });

  it('answers poll=1 with what is stored, since an id, a time, a duration or all, and ends', async () => {
    const clock = manualClock(Date.parse('2026-12-03T12:00:00Z'));
    const { t, baseUrl, ntfyUrl, pipe, token } = await start({ name: 'phone' }, clock);
    const auth = { authorization: `Bearer ${token}` };
    for (const title of ['one', 'two', 'three']) {
      await postHook(baseUrl, pipe.sourceId, { title, body: title });
      await expect
        .poll(async () => {
          const rows = await t.app.database.db
            .selectFrom('stream_entries')
            .select('id')
            .where('stream', '=', 'topic')
            .execute();
          return rows.length;
        })
        .toBeGreaterThanOrEqual(['one', 'two', 'three'].indexOf(title) + 1);
      clock.advance(10 * 60_000);
    }
    const poll = async (query: string) => {
      const response = await fetch(`${ntfyUrl}/phone/json?poll=1${query}`, { headers: auth });
      expect(response.status, query).toBe(200);
      const text = await response.text();
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as NtfyLine);
    };
    const all = await poll('');
    expect(all.map((m) => m.message)).toEqual(['one', 'two', 'three']);
    expect(all.every((m) => m.event === 'message')).toBe(true);
    expect((await poll('&since=all')).length).toBe(3);
    expect((await poll(`&since=${all[0]!.id}`)).map((m) => m.message)).toEqual(['two', 'three']);
    // Now is 12:30; "two" was stored at 12:10 and "three" at 12:20.
    expect((await poll('&since=15m')).map((m) => m.message)).toEqual(['three']);
    expect((await poll(`&since=${all[1]!.time}`)).map((m) => m.message)).toEqual(['two', 'three']);
    expect((await poll('&since=latest')).map((m) => m.message)).toEqual(['three']);
    expect(await poll('&since=none')).toEqual([]);
    const bad = await fetch(`${ntfyUrl}/phone/json?poll=1&since=yesterday`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ http: 400, code: 40001 });

    // A stream resumed with since= gets what it missed, then goes on live.
    const resumed = await lines(`${ntfyUrl}/phone/json?since=${all[1]!.id}`, auth);
    await resumed.until((l) => l.length >= 2, 'open and the missed message');
    expect(resumed.json().map((m) => m.message ?? m.event)).toEqual(['open', 'three']);
  });

  it('takes the token as ntfy clients send it: bearer, Basic password or ?auth=, and refuses without', async () => {
    const { ntfyUrl, token } = await start();
    const basic = `Basic ${Buffer.from(`anyone:${token}`).toString('base64')}`;
    const status = async (url: string, headers: Record<string, string> = {}) =>
      (await fetch(url, { headers })).status;
    expect(await status(`${ntfyUrl}/phone/auth`, { authorization: `Bearer ${token}` })).toBe(200);
    expect(await status(`${ntfyUrl}/phone/json?poll=1`, { authorization: basic })).toBe(200);
    const auth = Buffer.from(basic).toString('base64url');
    expect(await status(`${ntfyUrl}/phone/json?poll=1&auth=${auth}`)).toBe(200);
    const unauthorized = await fetch(`${ntfyUrl}/phone/json?poll=1`);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ code: 40101, http: 401, error: expect.any(String) });
    expect(await status(`${ntfyUrl}/phone/json?poll=1`, { authorization: 'Bearer nbst_x.y' })).toBe(401);
    const unknown = await fetch(`${ntfyUrl}/nothing/json?poll=1`);
    expect(unknown.status).toBe(404);
  });

  it('streams over a WebSocket: open, messages, and refuses a bad token before the upgrade', async () => {
    const { baseUrl, ntfyUrl, pipe, token } = await start();
    const wsUrl = ntfyUrl.replace('http://', 'ws://');
    const received: NtfyLine[] = [];
    const ws = new WebSocket(`${wsUrl}/phone/ws`, { headers: { authorization: `Bearer ${token}` } });
    cleanups.push(() => ws.terminate());
    let wake: () => void = () => {};
    ws.on('message', (data) => {
      received.push(JSON.parse(data.toString()) as NtfyLine);
      wake();
    });
    const until = async (count: number) => {
      while (received.length < count) await new Promise<void>((resolve) => (wake = resolve));
    };
    await until(1);
    expect(received[0]).toMatchObject({ event: 'open', topic: 'phone' });
    await postHook(baseUrl, pipe.sourceId, { title: 'ws', body: 'over the socket' });
    await until(2);
    expect(received[1]).toMatchObject({ event: 'message', message: 'over the socket' });

    const refused = await new Promise<number>((resolve) => {
      const bad = new WebSocket(`${wsUrl}/phone/ws?auth=${Buffer.from('Bearer nope').toString('base64url')}`);
      bad.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      bad.on('open', () => resolve(101));
      bad.on('error', () => {});
    });
    expect(refused).toBe(401);

    // poll=1 over a WebSocket sends what is stored and closes.
    const polled: NtfyLine[] = [];
    const closed = await new Promise<number>((resolve) => {
      const poll = new WebSocket(`${wsUrl}/phone/ws?poll=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      poll.on('message', (data) => polled.push(JSON.parse(data.toString()) as NtfyLine));
      poll.on('close', (code) => resolve(code));
    });
    expect(closed).toBe(1000);
    expect(polled.map((m) => m.message ?? m.event)).toEqual(['open', 'over the socket']);
  });
});
