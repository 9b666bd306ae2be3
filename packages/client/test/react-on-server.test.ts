import { createApiClient, type StreamEntry, type StreamState, unwrap } from '@notify-bridge/client';
import { useStream } from '@notify-bridge/client/react';
import { Window } from 'happy-dom';
import { createElement } from 'react';
import type { Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSink } from '../../server/test/helpers/http-sink.ts';
import { createPipeline, hookSecret, type Pipeline } from '../../server/test/helpers/pipeline-setup.ts';
import { startTestApp, type TestApp, testAdminToken } from '../../server/test/helpers/test-app.ts';

/**
 * A React page served by the server, as the web UI will be: the hook renders into a happy-dom window on
 * the server's origin and follows the real GET /api/v1/stream with that window's fetch, which keeps a
 * browser's same-origin rules. The server runs in Node's own environment beside it (happy-dom's
 * environment would swap Node's URL for its own under the server), so the window is made by hand.
 */
// Not an act() environment: the updates come from the network, as on a real page, and the test polls.

interface FeedProps {
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  states: StreamState<StreamEntry<'events'>>[];
}

function Feed({ baseUrl, token, fetch, states }: FeedProps) {
  const state = useStream('events', { baseUrl, token, fetch });
  states.push(state);
  return createElement(
    'ul',
    null,
    state.entries.map((entry) => createElement('li', { key: entry.id }, String(entry.data.title))),
  );
}

describe('useStream on a page of the real server', () => {
  let t: TestApp;
  let sink: HttpSink;
  let pipe: Pipeline;
  let baseUrl: string;
  let root: Root | undefined;
  let window: Window;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    sink = await new HttpSink().start();
    pipe = await createPipeline(t, `${sink.url}/hook`);
    window = new Window({ url: `${baseUrl}/` });
  });
  afterAll(async () => {
    root?.unmount();
    await window.happyDOM.close();
    await sink.close();
    await t.close();
  });

  it('shows each event as the server commits it, and closes its stream when unmounted', async () => {
    // React DOM finds the DOM through these globals, read when it is loaded.
    Object.assign(globalThis, { window, document: window.document });
    const { createRoot } = await import('react-dom/client');
    const states: StreamState<StreamEntry<'events'>>[] = [];
    const container = window.document.createElement('div');
    root = createRoot(container as never);
    const pageFetch = window.fetch.bind(window) as unknown as typeof fetch;
    root.render(createElement(Feed, { baseUrl, token: testAdminToken, fetch: pageFetch, states }));
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(1);
    // The page's typed client goes through the same window fetch, same-origin.
    const api = createApiClient({
      baseUrl,
      token: testAdminToken,
      fetch: pageFetch,
      Request: window.Request as unknown as typeof Request,
    });
    expect(unwrap(await api.GET('/api/v1/me')).role).toBe('admin');
    for (const title of ['washing machine done', 'door open']) {
      const posted = await fetch(`${baseUrl}/hooks/${pipe.sourceId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      });
      expect(posted.status).toBe(202);
    }
    await expect.poll(() => container.textContent).toBe('washing machine donedoor open');
    expect(states.at(-1)!.status).toBe('open');
    root.unmount();
    root = undefined;
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(0);
  });
});
