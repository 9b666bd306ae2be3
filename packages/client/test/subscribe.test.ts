import { ApiError, type StreamEntry, StreamProtocolError, streamUrl, subscribe } from '@notify-bridge/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type Answer, entryFrame, recordingSleep, ScriptedSseServer } from './helpers/scripted-sse-server.ts';

/**
 * subscribe() against a scripted real HTTP server: what it sends, how it resumes, when it reconnects
 * and how long it waits (through an injected sleep that takes no real time), and what ends it.
 */
let server: ScriptedSseServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: (n: number) => Answer): Promise<string> {
  server = new ScriptedSseServer((_request, n) => script(n));
  return server.start();
}

/** Stops the subscription once `count` entries came. */
function collect(controller: AbortController, count: number) {
  const entries: StreamEntry[] = [];
  return {
    entries,
    onEntry: (entry: StreamEntry) => {
      entries.push(entry);
      if (entries.length === count) controller.abort();
    },
  };
}

describe('subscribe', () => {
  it('reads the entries of the stream in order, with the bearer token, and resolves when aborted', async () => {
    const baseUrl = await serve(() => ({
      chunks: [
        ': keepalive\n\n',
        entryFrame(1),
        entryFrame(2, 'health', 'receiver.disabled', { reason: 'gone' }),
      ],
      hold: true,
    }));
    const controller = new AbortController();
    const { entries, onEntry } = collect(controller, 2);
    let heartbeats = 0;
    let opened = 0;
    await subscribe(
      ['events', 'health'],
      { onEntry, onOpen: () => opened++, onHeartbeat: () => heartbeats++ },
      { baseUrl: `${baseUrl}/`, token: 'nbt_abc', signal: controller.signal },
    );
    expect(entries.map((e) => [e.id, e.stream, e.type])).toEqual([
      [1, 'events', 'event.committed'],
      [2, 'health', 'receiver.disabled'],
    ]);
    expect(entries[1]!.data).toEqual({ reason: 'gone' });
    expect([opened, heartbeats]).toEqual([1, 1]);
    const [request] = server!.requests;
    expect(request!.url).toBe('/api/v1/stream?streams=events,health');
    expect(request!.headers.authorization).toBe('Bearer nbt_abc');
    expect(request!.headers.accept).toBe('text/event-stream');
    expect(request!.headers['last-event-id']).toBeUndefined();
    // Aborting closed the connection the server was holding.
    await server!.closed[0];
  });

  it('resumes after the last id it saw, each time the stream ends, from the id it was given at first', async () => {
    const baseUrl = await serve((n) => ({ chunks: [entryFrame(10 + 2 * n), entryFrame(11 + 2 * n)] }));
    const controller = new AbortController();
    const { entries, onEntry } = collect(controller, 6);
    const { sleep, delays } = recordingSleep();
    await subscribe(
      'events',
      { onEntry },
      { baseUrl, lastEventId: 9, signal: controller.signal, sleep, random: () => 0.5 },
    );
    expect(entries.map((e) => e.id)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(server!.requests.map((r) => r.headers['last-event-id'])).toEqual(['9', '11', '13']);
    // Each connection opened, so each wait is the first step again (750 ms: the middle of 0.5 s to 1 s).
    expect(delays).toEqual([750, 750]);
  });

  it('backs off exponentially while connections fail, up to 30 s, and starts over after one succeeds', async () => {
    const baseUrl = await serve((n) =>
      n === 7 ? { chunks: [entryFrame(1)] } : n === 9 ? { hold: true } : { status: 503 },
    );
    const controller = new AbortController();
    const reasons: unknown[] = [];
    const { sleep, delays } = recordingSleep();
    await subscribe(
      'deliveries',
      {
        onEntry: () => {},
        onReconnect: ({ reason }) => reasons.push(reason),
        onOpen: () => server!.requests.length === 10 && controller.abort(),
      },
      { baseUrl, signal: controller.signal, sleep, random: () => 0.5 },
    );
    // 0.75 s, 1.5 s, 3 s, 6 s, 12 s, 22.5 s (the 30 s cap), 22.5 s; then a connection that ends (the
    // first step again), a 503 (the second step), and a connection.
    expect(delays).toEqual([750, 1500, 3000, 6000, 12000, 22500, 22500, 750, 1500]);
    expect(reasons[0]).toBeInstanceOf(ApiError);
    expect((reasons[0] as ApiError).status).toBe(503);
    expect(reasons[7]).toBe('ended');
  });

  it('reconnects after a network failure, and jitters its waits with the random source', async () => {
    const baseUrl = await serve(() => ({}));
    await server!.close();
    server = undefined;
    const controller = new AbortController();
    const randoms = [0, 0.999, 0.25];
    const { sleep, delays } = recordingSleep((d) => d.length === 3 && controller.abort());
    const reasons: unknown[] = [];
    await subscribe(
      'events',
      { onEntry: () => {}, onReconnect: ({ reason }) => reasons.push(reason) },
      { baseUrl, signal: controller.signal, sleep, random: () => randoms.shift()! },
    );
    expect(delays).toEqual([500, 1999, 2500]);
    expect(reasons[0]).toBeInstanceOf(TypeError);
  });

  it('on a 401 asks onTokenExpired for a new token and reconnects with it', async () => {
    const baseUrl = await serve((n) =>
      n === 0
        ? {
            status: 401,
            headers: { 'content-type': 'application/json' },
            chunks: [
              JSON.stringify({ error: { code: 'NB_ERR_UNAUTHORIZED', message: 'no', requestId: 'r1' } }),
            ],
          }
        : { chunks: [entryFrame(1, 'topic', 'message')], hold: true },
    );
    const controller = new AbortController();
    const { entries, onEntry } = collect(controller, 1);
    const reasons: unknown[] = [];
    let asked = 0;
    await subscribe(
      { topic: 'door bell' },
      { onEntry, onReconnect: ({ reason }) => reasons.push(reason) },
      {
        baseUrl,
        token: 'nbst_old',
        onTokenExpired: async () => `nbst_new${++asked}`,
        signal: controller.signal,
        sleep: recordingSleep().sleep,
      },
    );
    expect(entries).toHaveLength(1);
    expect(asked).toBe(1);
    expect(server!.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/api/v1/topics/door%20bell/stream', 'Bearer nbst_old'],
      ['/api/v1/topics/door%20bell/stream', 'Bearer nbst_new1'],
    ]);
    expect(reasons[0]).toMatchObject({ status: 401, code: 'NB_ERR_UNAUTHORIZED', requestId: 'r1' });
  });

  it('ends with the ApiError on a 401 without onTokenExpired, and on a 404, without reconnecting', async () => {
    const error = (code: string) => ({
      headers: { 'content-type': 'application/json' },
      chunks: [JSON.stringify({ error: { code, message: 'nope', requestId: 'r2' } })],
    });
    const baseUrl = await serve((n) =>
      n === 0
        ? { status: 401, ...error('NB_ERR_UNAUTHORIZED') }
        : { status: 404, ...error('NB_ERR_NOT_FOUND') },
    );
    const { sleep, delays } = recordingSleep();
    const refused = subscribe('events', { onEntry: () => {} }, { baseUrl, sleep });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 401,
      code: 'NB_ERR_UNAUTHORIZED',
      message: 'NB_ERR_UNAUTHORIZED: nope',
    });
    await expect(
      subscribe(
        { topic: 'internal' },
        { onEntry: () => {} },
        { baseUrl, sleep, onTokenExpired: () => undefined },
      ),
    ).rejects.toMatchObject({ status: 404, code: 'NB_ERR_NOT_FOUND', requestId: 'r2' });
    expect(delays).toEqual([]);
    expect(server!.requests).toHaveLength(2);
  });

  it('waits at least what Retry-After says on a 429 (too many connections)', async () => {
    const baseUrl = await serve((n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '7' } } : { hold: true },
    );
    const controller = new AbortController();
    const { sleep, delays } = recordingSleep();
    await subscribe(
      'events',
      { onEntry: () => {}, onOpen: () => controller.abort() },
      { baseUrl, signal: controller.signal, sleep, random: () => 0 },
    );
    expect(delays).toEqual([7000]);
  });

  it('when dropped as a slow consumer, reconnects after the backoff from the id the server names', async () => {
    const baseUrl = await serve((n) =>
      n === 0
        ? {
            chunks: [
              entryFrame(1),
              'event: dropped\ndata: {"reason":"slow-consumer","lastId":1}\n\n',
              entryFrame(2),
            ],
            hold: true,
          }
        : { chunks: [entryFrame(2)], hold: true },
    );
    const controller = new AbortController();
    const { entries, onEntry } = collect(controller, 2);
    const dropped: unknown[] = [];
    const { sleep, delays } = recordingSleep();
    await subscribe(
      'events',
      { onEntry, onDropped: (d) => dropped.push(d) },
      { baseUrl, signal: controller.signal, sleep, random: () => 0 },
    );
    // The entry after the drop notice on the first connection is not read: the second connection sends it.
    expect(entries.map((e) => e.id)).toEqual([1, 2]);
    expect(dropped).toEqual([{ reason: 'slow-consumer', lastId: 1 }]);
    expect(delays).toEqual([500]);
    expect(server!.requests[1]!.headers['last-event-id']).toBe('1');
    await server!.closed[0];
  });

  it('reports a gap and goes on; a retry field sets the first backoff step', async () => {
    const baseUrl = await serve((n) =>
      n === 0
        ? { chunks: ['retry: 4000\n', 'event: gap\ndata: {"after":3,"oldest":90}\n\n', entryFrame(90)] }
        : { hold: true },
    );
    const controller = new AbortController();
    const gaps: unknown[] = [];
    const { sleep, delays } = recordingSleep();
    await subscribe(
      'events',
      {
        onEntry: () => {},
        onGap: (gap) => gaps.push(gap),
        onOpen: () => server!.requests.length === 2 && controller.abort(),
      },
      { baseUrl, lastEventId: '3', signal: controller.signal, sleep, random: () => 0 },
    );
    expect(gaps).toEqual([{ after: 3, oldest: 90 }]);
    expect(delays).toEqual([2000]);
    expect(server!.requests[1]!.headers['last-event-id']).toBe('90');
  });

  it('reconnects when the connection goes silent for the idle timeout, heartbeats counting as life', async () => {
    const baseUrl = await serve((n) => (n === 0 ? { chunks: [entryFrame(5)], hold: true } : { hold: true }));
    const controller = new AbortController();
    let seen = false;
    const waiting: (() => void)[] = [];
    const reasons: unknown[] = [];
    await subscribe(
      'events',
      {
        onEntry: () => {
          seen = true;
          for (const wake of waiting.splice(0)) wake();
        },
        onReconnect: ({ reason }) => reasons.push(reason),
        onOpen: () => server!.requests.length === 2 && controller.abort(),
      },
      {
        baseUrl,
        idleTimeoutMs: 45_000,
        signal: controller.signal,
        random: () => 0,
        // The idle wait "passes" once the entry came: the first read beats it, the next one does not.
        sleep: (ms) =>
          ms !== 45_000 || seen ? Promise.resolve() : new Promise((wake) => waiting.push(wake)),
      },
    );
    expect(reasons).toEqual(['idle']);
    expect(server!.requests[1]!.headers['last-event-id']).toBe('5');
    // The silent connection was given up, not left open.
    await server!.closed[0];
  });

  it('ends with a StreamProtocolError on an answer that is not an event stream, or data that is not JSON', async () => {
    const baseUrl = await serve((n) =>
      n === 0
        ? { headers: { 'content-type': 'text/html' }, chunks: ['<html>'] }
        : { chunks: ['data: {not json\n\n'] },
    );
    await expect(subscribe('events', { onEntry: () => {} }, { baseUrl })).rejects.toBeInstanceOf(
      StreamProtocolError,
    );
    await expect(subscribe('events', { onEntry: () => {} }, { baseUrl })).rejects.toThrow(/not JSON/);
  });

  it('ends with what a handler threw, and closes the connection', async () => {
    const baseUrl = await serve(() => ({ chunks: [entryFrame(1)], hold: true }));
    const bug = new Error('handler bug');
    await expect(
      subscribe(
        'events',
        {
          onEntry: () => {
            throw bug;
          },
        },
        { baseUrl },
      ),
    ).rejects.toBe(bug);
    await server!.closed[0];
  });

  it('stops while waiting to reconnect when aborted, and does not start when aborted before', async () => {
    const baseUrl = await serve(() => ({ status: 500 }));
    const controller = new AbortController();
    let resolveSleep = () => {};
    const sleeping = new Promise<void>((resolve) => {
      resolveSleep = resolve;
    });
    const done = subscribe(
      'events',
      { onEntry: () => {} },
      {
        baseUrl,
        signal: controller.signal,
        sleep: (_ms, signal) => {
          resolveSleep();
          return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
        },
      },
    );
    await sleeping;
    controller.abort();
    await done;
    expect(server!.requests).toHaveLength(1);
    await subscribe('events', { onEntry: () => {} }, { baseUrl, signal: AbortSignal.abort() });
    expect(server!.requests).toHaveLength(1);
  });
});

describe('streamUrl', () => {
  it('asks for the named own streams, or a topic by its escaped name, under the base URL and its path', () => {
    expect(streamUrl('https://bridge.example/', ['events', 'deliveries', 'health'])).toBe(
      'https://bridge.example/api/v1/stream?streams=events,deliveries,health',
    );
    expect(streamUrl('https://example.org/notify', { topic: 'a/b?c' })).toBe(
      'https://example.org/notify/api/v1/topics/a%2Fb%3Fc/stream',
    );
  });
});
