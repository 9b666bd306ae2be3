import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { testAdminToken } from '../helpers/test-app.ts';

const hookToken = 'crash-test-hook-token-0123456789';

describe.each(testDialects)('a server killed mid-delivery on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  /**
   * Ten events accepted, the first server SIGKILLed while its first sends hang, then a second server on
   * the same database: every event is sent. `asAnotherNode` removes the first one's identity file, so the
   * second is a stranger that must wait for the leases to run out; otherwise it is the first one restarted.
   */
  async function killAndRestart(options: { leaseMs: number; sendTimeoutMs: number; asAnotherNode: boolean }) {
    const database: TestDatabase = await createTestDatabase(dialect);
    const dataDir = mkdtempSync(join(tmpdir(), 'nb-crash-'));
    cleanups.push(async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const env: Record<string, string> = {
      NB_DATA_DIR: dataDir,
      NB_ADMIN_TOKEN: testAdminToken,
      NB_ALLOW_PRIVATE: '127.0.0.0/8',
      NB_LEASE_MS: String(options.leaseMs),
      NB_SEND_TIMEOUT_MS: String(options.sendTimeoutMs),
      NB_POLL_INTERVAL_MS: '100',
      ...(database.settings.url
        ? { DATABASE_URL: database.settings.url, DATABASE_SCHEMA: database.settings.postgresSchema! }
        : {}),
    };
    if (!database.settings.url) env.NB_DATA_DIR = join(database.settings.sqlitePath, '..');

    // The sink holds the first requests open, so the first server dies with deliveries in flight.
    const sink = await new HttpSink().start();
    cleanups.push(() => sink.close());
    sink.respondWith({ status: 202, delayMs: 60_000 }, { status: 202, delayMs: 60_000 });

    const first: ServerProcess = await startServerProcess(env);
    cleanups.push(() => first.kill('SIGKILL'));
    const api = async <T>(
      server: ServerProcess,
      method: string,
      path: string,
      body?: unknown,
    ): Promise<T> => {
      const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as T;
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const source = await api<{ id: string }>(first, 'POST', '/sources', {
      kind: 'webhook',
      name: 'crash',
      config: { auth: { mode: 'bearer' }, secret: hookToken },
    });
    const target = await api<{ id: string }>(first, 'POST', '/targets', {
      kind: 'webhook',
      name: 'sink',
      config: { url: sink.url },
    });
    const receiver = await api<{ id: string }>(first, 'POST', `/targets/${target.id}/receivers`, {
      name: 'sink',
      address: {},
    });
    await api(first, 'POST', '/rules', { name: 'all', eventTypes: ['**'], receiverIds: [receiver.id] });

    const accepted: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${first.baseUrl}/hooks/${source.id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hookToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `event ${i}` }),
      });
      expect(response.status).toBe(202);
      accepted.push(((await response.json()) as { id: string }).id);
    }
    await sink.waitForRequests(1);
    await first.kill('SIGKILL');
    const held = sink.requests.length;
    if (options.asAnotherNode) rmSync(join(env.NB_DATA_DIR!, 'node-id.json'));

    const second = await startServerProcess(env);
    const restartedAt = Date.now();
    cleanups.push(() => second.kill('SIGTERM'));
    let last: unknown;
    const deliveries = await eventually(
      async () => {
        const list = await api<{ items: { eventId: string; status: string; attempts: number }[] }>(
          second,
          'GET',
          '/deliveries?limit=100',
        );
        last = list.items.map((d) => [d.status, d.attempts]);
        return list.items.length === 10 && list.items.every((d) => d.status === 'sent')
          ? list.items
          : undefined;
      },
      30_000,
      'all deliveries sent by the second server',
    ).catch((error: Error) => {
      // Enough to tell a stuck lease from a lost event when this fails on a loaded machine.
      throw new Error(
        `${error.message}; last seen: ${JSON.stringify(last)}; sink got ${sink.requests.length}; second server said:\n${second.output().slice(-3000)}`,
      );
    });
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set(accepted));
    const titles = new Set(sink.requests.map((r) => JSON.parse(r.body).data.event.title as string));
    expect(titles.size).toBe(10);
    return { firstResentAfterMs: sink.requests[held]!.receivedAt - restartedAt };
  }

  it('loses nothing: another process finishes the work after the lease expires', async () => {
    await killAndRestart({ leaseMs: 2000, sendTimeoutMs: 1500, asAnotherNode: true });
  }, 60_000);

  it('loses nothing, and a restarted node sends what it held at once instead of after its lease', async () => {
    // With the default one-minute lease, waiting for it would outlast the 30 s this test waits.
    const { firstResentAfterMs } = await killAndRestart({
      leaseMs: 60_000,
      sendTimeoutMs: 15_000,
      asAnotherNode: false,
    });
    expect(firstResentAfterMs).toBeLessThan(60_000);
  }, 60_000);
});
