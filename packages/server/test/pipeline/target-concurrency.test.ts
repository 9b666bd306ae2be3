import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { hookSecret, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describe.each(testDialects)('a target allowed many parallel sends on %s', (dialect) => {
  let t: TestApp;
  let sink: HttpSink;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { NB_DISPATCH_CONCURRENCY: '40', NB_SHUTDOWN_TIMEOUT_MS: '0' });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    sink = await new HttpSink().start();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it("gets them all at once: the connection pool is as large as the node's concurrency", async () => {
    // The sink answers nothing for a minute: every request it sees was sent while the others were open.
    sink.respondAlways({ status: 202, delayMs: 60_000 });
    const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'busy',
      config: { auth: { mode: 'bearer' }, secret: hookSecret },
    });
    const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'webhook',
      name: 'wide',
      config: { url: `${sink.url}/hook` },
      concurrency: 32,
    });
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: 'sink',
      address: {},
    });
    await t.api('POST', '/api/v1/rules', {
      name: 'all',
      sourceIds: [source.body.id],
      receiverIds: [receiver.body.id],
    });

    await Promise.all(
      Array.from({ length: 32 }, (_, i) => postHook(baseUrl, source.body.id, { title: `event ${i}` })),
    );
    await sink.waitForRequests(32, 10_000);
    expect(sink.requests).toHaveLength(32);
  });
});
