// @vitest-environment happy-dom
import type { StreamState } from '@notify-bridge/client';
import { useStream, useTopic } from '@notify-bridge/client/react';
import { act, createElement, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { entryFrame, ScriptedSseServer } from '../helpers/scripted-sse-server.ts';

/** The hooks rendered by the real React DOM renderer into happy-dom, following a real HTTP stream. */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let server: ScriptedSseServer | undefined;
let root: Root | undefined;
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  await server?.close();
  server = undefined;
});

/**
 * The page is on the server's origin, as when the server serves the app: happy-dom's fetch enforces the
 * same-origin policy as a browser does, and the server sends no CORS headers.
 */
async function start(script: ConstructorParameters<typeof ScriptedSseServer>[0]): Promise<string> {
  server = new ScriptedSseServer(script);
  const baseUrl = await server.start();
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${baseUrl}/app`);
  return baseUrl;
}

interface ProbeProps {
  hook: () => StreamState<unknown>;
  states: StreamState<unknown>[];
}

/** A component that shows the hook's status and entry count, and records each state it rendered. */
function Probe({ hook, states }: ProbeProps) {
  const state = hook();
  states.push(state);
  return createElement('output', null, `${state.status}:${state.entries.length}`);
}

async function render(hook: () => StreamState<unknown>) {
  const states: StreamState<unknown>[] = [];
  const container = document.createElement('div');
  root = createRoot(container);
  await act(async () =>
    root!.render(createElement(StrictMode, null, createElement(Probe, { hook, states }))),
  );
  return { states, container };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  expect(check()).toBe(true);
}

describe('useStream', () => {
  it('shows the entries of the stream as they come, and closes the connection on unmount', async () => {
    const baseUrl = await start(() => ({ chunks: [entryFrame(1), entryFrame(2)], hold: true }));
    const { states, container } = await render(() => useStream('events', { baseUrl, token: 'nbt_t' }));
    await until(() => container.textContent === 'open:2');
    const last = states.at(-1)!;
    expect(last.entries.map((e) => (e as { id: number }).id)).toEqual([1, 2]);
    expect(last.last).toMatchObject({ id: 2, type: 'event.committed' });
    expect(states[0]!.status).toBe('connecting');
    // StrictMode ran the effect twice; the second subscription is the one shown. (happy-dom's fetch does
    // not close the socket of a request aborted before its answer came, as a browser does, so the first
    // one's connection is not checked here; subscribe's own tests check that on Node's fetch.)
    expect(server!.requests).toHaveLength(2);
    await act(async () => root!.unmount());
    root = undefined;
    await server!.closed[1];
    expect(server!.requests.every((r) => r.headers.authorization === 'Bearer nbt_t')).toBe(true);
  });

  it('keeps only the latest `keep` entries', async () => {
    const baseUrl = await start(() => ({ chunks: [1, 2, 3, 4, 5].map((id) => entryFrame(id)), hold: true }));
    const { states } = await render(() => useStream('events', { baseUrl, keep: 2 }));
    await until(() => states.at(-1)!.last !== undefined && (states.at(-1)!.last as { id: number }).id === 5);
    expect(states.at(-1)!.entries.map((e) => (e as { id: number }).id)).toEqual([4, 5]);
  });

  it('reports a refusal as failed with the ApiError', async () => {
    const baseUrl = await start(() => ({
      status: 404,
      headers: { 'content-type': 'application/json' },
      chunks: ['{"error":{"code":"NB_ERR_NOT_FOUND","message":"no such topic","requestId":"r"}}'],
    }));
    const { states, container } = await render(() => useTopic('hidden', { baseUrl }));
    await until(() => container.textContent === 'failed:0');
    expect(states.at(-1)!.error).toMatchObject({ status: 404, code: 'NB_ERR_NOT_FOUND' });
    expect(server!.requests[0]!.url).toBe('/api/v1/topics/hidden/stream');
  });
});
