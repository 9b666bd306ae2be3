import { randomBytes } from 'node:crypto';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelKind } from '../../src/channels/registry.ts';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/open-database.ts';
import { Dispatcher } from '../../src/delivery/dispatcher.ts';
import { createSilence, endSilences, type NewSilence } from '../../src/delivery/silence-store.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { createRenderer, type Renderer } from '../../src/render/renderer.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { seedDeliveries, seedWebhookTarget } from '../helpers/seed.ts';

const settings: Config['dispatch'] = {
  concurrency: 64,
  leaseMs: 2000,
  sendTimeoutMs: 1000,
  pollIntervalMs: 50,
  maxAttempts: 3,
  retryBaseMs: 20,
  retryMaxMs: 50,
  shutdownTimeoutMs: 200,
};

/** Counts the claims (UPDATE ... RETURNING) and the reads of the silences table the dispatcher makes. */
class QueryCounter implements KyselyPlugin {
  claims = 0;
  silenceReads = 0;

  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    const { node } = args;
    if (node.kind === 'UpdateQueryNode' && node.returning) this.claims++;
    if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"silences"'))
      this.silenceReads++;
    return node;
  }

  async transformResult<R>(args: { result: R }): Promise<R> {
    return args.result;
  }
}

describe.each(testDialects)('the silence gate of the dispatcher on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let sink: HttpSink;
  let http: GuardedHttpClient;
  let renderer: Renderer;
  let counter: QueryCounter;
  let counted: Database;
  let dispatcher: Dispatcher;

  beforeEach(async () => {
    test = await createMigratedDatabase(dialect);
    sink = await new HttpSink().start();
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
    renderer = createRenderer({ timeoutMs: 500 });
    await seedWebhookTarget(test.database, sink.url, 3);
    counter = new QueryCounter();
    counted = { ...test.database, db: test.database.db.withPlugin(counter) };
    dispatcher = new Dispatcher({
      database: counted,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      settings,
      channelKind,
      renderer,
      http,
      secretBox: new SecretBox([randomBytes(32)]),
      nodeId: 'node',
    });
  });
  afterEach(async () => {
    await dispatcher.stop(100);
    await renderer.close();
    await http.close();
    await sink.close();
    await test.drop();
  });

  async function silence(input: Partial<NewSilence> & { receiverId: string }) {
    const now = Date.now();
    const created = await createSilence(
      test.database,
      { ownerId: 'u', mode: 'drop', endsAt: now + 3_600_000, createdBy: 'api:u', ...input },
      now,
    );
    if (!created.ok) throw new Error(created.message);
    return created.silence;
  }

  const rowsOf = (receiverId: string) =>
    test.database.db.selectFrom('deliveries').selectAll().where('receiver_id', '=', receiverId).execute();

  it('drops, defers and sends in the same batches, reading silences once per claimed batch', async () => {
    await silence({ receiverId: 'r0', mode: 'drop', comment: 'quiet' });
    const deferral = await silence({ receiverId: 'r1', mode: 'defer' });
    // Silences of other event types do not apply to the seeded `test.event`.
    await silence({ receiverId: 'r2', mode: 'drop', eventTypes: ['alert.**'] });
    await seedDeliveries(test.database, 40, { receiverId: 'r0' });
    await seedDeliveries(test.database, 40, { receiverId: 'r1' });
    await seedDeliveries(test.database, 40, { receiverId: 'r2' });
    dispatcher.start();
    await sink.waitForRequests(40);
    await eventually(async () => {
      const all = [...(await rowsOf('r0')), ...(await rowsOf('r1')), ...(await rowsOf('r2'))];
      return all.every((row) => row.status !== 'sending' && row.lease_owner === null) ? true : undefined;
    });
    const dropped = await rowsOf('r0');
    expect(
      dropped.every(
        (row) => row.status === 'dropped' && /^silenced until .* by api:u: quiet$/.test(row.last_error ?? ''),
      ),
    ).toBe(true);
    const deferred = await rowsOf('r1');
    expect(
      deferred.every(
        (row) =>
          row.status === 'pending' &&
          row.due_at === deferral.endsAt &&
          row.attempts === 0 &&
          row.last_error?.startsWith('deferred until') === true,
      ),
    ).toBe(true);
    expect((await rowsOf('r2')).every((row) => row.status === 'sent')).toBe(true);
    const attempts = await test.database.db.selectFrom('attempts').select('delivery_id').execute();
    expect(attempts).toHaveLength(40);
    // One read of the silences per claimed batch (not per delivery); 120 deliveries take a few batches.
    expect(counter.silenceReads).toBeGreaterThan(0);
    expect(counter.silenceReads).toBeLessThanOrEqual(counter.claims);
    expect(counter.silenceReads).toBeLessThan(20);
    expect(sink.requests).toHaveLength(40);

    await endSilences(test.database, 'r1', Date.now());
    dispatcher.wake();
    await sink.waitForRequests(80);
    await eventually(async () =>
      (await rowsOf('r1')).every((row) => row.status === 'sent' && row.attempts === 1) ? true : undefined,
    );
    expect(sink.requests).toHaveLength(80);
  });
});
