import type { StreamState } from '@notify-bridge/client';
import { streamStore, topicStore } from '@notify-bridge/client/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { entryFrame, ScriptedSseServer } from './helpers/scripted-sse-server.ts';

/** The Svelte stores by the store contract itself (subscribe, set, unsubscribe), on a real HTTP stream. */
let server: ScriptedSseServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function waitFor<T>(
  states: StreamState<T>[],
  check: (state: StreamState<T>) => boolean,
): Promise<StreamState<T>> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = states.find(check);
      if (found) resolve(found);
      else if (Date.now() - started > 5_000) reject(new Error(`no such state in ${JSON.stringify(states)}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

describe('streamStore', () => {
  it('connects on the first subscriber, disconnects on the last, and goes on after the last entry', async () => {
    server = new ScriptedSseServer((_request, n) => ({
      chunks: [entryFrame(2 * n + 1), entryFrame(2 * n + 2)],
      hold: true,
    }));
    const baseUrl = await server.start();
    const store = streamStore(['events', 'deliveries'], { baseUrl, token: 'nbt_s' });
    expect(server.requests).toHaveLength(0);

    const states: StreamState<{ id: number }>[] = [];
    const stop = store.subscribe((state) => states.push(state));
    expect(states[0]).toMatchObject({ status: 'connecting', entries: [] });
    await waitFor(states, (s) => s.entries.length === 2);
    stop();
    await server.closed[0];

    const again: StreamState<{ id: number }>[] = [];
    const stopAgain = store.subscribe((state) => again.push(state));
    expect(again[0]).toMatchObject({ status: 'connecting', entries: states.at(-1)!.entries });
    await waitFor(again, (s) => s.entries.length === 4);
    stopAgain();
    expect(again.at(-1)!.entries.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(server.requests.map((r) => [r.url, r.headers['last-event-id']])).toEqual([
      ['/api/v1/stream?streams=events,deliveries', undefined],
      ['/api/v1/stream?streams=events,deliveries', '2'],
    ]);
  });

  it('shares one connection among its subscribers, and topicStore follows a topic', async () => {
    server = new ScriptedSseServer(() => ({
      chunks: [entryFrame(7, 'topic', 'message', { title: 'Door' })],
      hold: true,
    }));
    const baseUrl = await server.start();
    const store = topicStore('door', { baseUrl, token: 'nbst_t' });
    const first: StreamState<unknown>[] = [];
    const second: StreamState<unknown>[] = [];
    const stops = [store.subscribe((s) => first.push(s)), store.subscribe((s) => second.push(s))];
    const seen = await waitFor(second, (s) => s.last !== undefined);
    expect(seen.last).toMatchObject({ id: 7, stream: 'topic', data: { title: 'Door' } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer nbst_t');
    for (const stop of stops) stop();
    await server.closed[0];
  });
});
