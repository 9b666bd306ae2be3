import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelKind } from '../../src/channels/registry.ts';
import type { Config } from '../../src/config.ts';
import { Dispatcher } from '../../src/delivery/dispatcher.ts';
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
  leaseMs: 2500,
  sendTimeoutMs: 2000,
  pollIntervalMs: 50,
  maxAttempts: 3,
  retryBaseMs: 20,
  retryMaxMs: 50,
  shutdownTimeoutMs: 200,
};

describe.each(testDialects)('leases on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let sink: HttpSink;
  let http: GuardedHttpClient;
  let renderer: Renderer;
  const dispatchers: Dispatcher[] = [];

  function dispatcher(overrides: Partial<Config['dispatch']> = {}): Dispatcher {
    const created = new Dispatcher({
      database: test.database,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      settings: { ...settings, ...overrides },
      channelKind,
      renderer,
      http,
      secretBox: new SecretBox([randomBytes(32)]),
      nodeId: randomBytes(4).toString('hex'),
    });
    dispatchers.push(created);
    return created;
  }

  const unsent = async () =>
    (await test.database.db.selectFrom('deliveries').select('id').where('status', '!=', 'sent').execute())
      .length;

  beforeEach(async () => {
    test = await createMigratedDatabase(dialect);
    sink = await new HttpSink().start();
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
    renderer = createRenderer({ timeoutMs: 500 });
  });
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.stop(100);
    await renderer.close();
    await http.close();
    await sink.close();
    await test.drop();
  });

  it('sends each delivery once when a slow target makes claimed rows wait longer than their lease', async () => {
    // Twelve sends of 400 ms one at a time take 4.8 s, nearly twice the 2.5 s lease: rows that waited for
    // the target's one slot used to be claimed again as expired and sent a second time.
    await seedWebhookTarget(test.database, sink.url, 1, 1);
    sink.respondAlways({ status: 200, delayMs: 400 });
    const ids = await seedDeliveries(test.database, 12);
    const d = dispatcher();
    d.start();
    await eventually(async () => ((await unsent()) === 0 && d.stats().inFlight === 0 ? true : undefined));
    const seen = sink.requests.map((request) => request.headers['webhook-id']);
    expect(seen).toHaveLength(12);
    expect(new Set(seen)).toEqual(new Set(ids));
    const attempts = await test.database.db.selectFrom('attempts').select('outcome').execute();
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(Array(12).fill('sent'));
  });

  it("does not let a slow target's backlog hold the node's slots that other targets could use", async () => {
    await seedWebhookTarget(test.database, sink.url, 1, 1);
    const slow = await seedDeliveries(test.database, 30, { dueAt: 0 });
    const fast = await seedFastTarget(test.database, sink.url);
    sink.respondAlways({ status: 200, delayMs: 100 });
    const d = dispatcher({ concurrency: 8, leaseMs: 1500, sendTimeoutMs: 1000 });
    d.start();
    await eventually(async () =>
      sink.requests.some((r) => r.headers['webhook-id'] === fast) ? true : undefined,
    );
    // The fast target's one delivery, due after all thirty of the slow one's, goes out long before them.
    const sentSlow = sink.requests.filter((r) => slow.includes(String(r.headers['webhook-id'])));
    expect(sentSlow.length).toBeLessThan(10);
  });
});

/** A second webhook target with one receiver and one pending delivery due after everything seeded before. */
async function seedFastTarget(
  database: Awaited<ReturnType<typeof createMigratedDatabase>>['database'],
  url: string,
): Promise<string> {
  const { db } = database;
  const common = { created_at: 0, updated_at: 0 };
  await db
    .insertInto('targets')
    .values({
      id: 'fast',
      owner_id: 'u',
      kind: 'webhook',
      name: 'fast',
      config: JSON.stringify({ url }),
      concurrency: 4,
      enabled: 1,
      ...common,
    })
    .execute();
  await db
    .insertInto('receivers')
    .values({
      id: 'fast-r',
      target_id: 'fast',
      name: 'fast',
      address: '{}',
      options: '{}',
      enabled: 1,
      disabled_reason: null,
      ...common,
    })
    .execute();
  const [eventId] = (await db.selectFrom('events').select('id').limit(1).execute()).map((row) => row.id);
  await db
    .insertInto('deliveries')
    .values({
      id: 'fast-d',
      event_id: eventId!,
      rule_id: null,
      receiver_id: 'fast-r',
      target_id: 'fast',
      status: 'pending',
      due_at: 1,
      lease_until: null,
      lease_owner: null,
      attempts: 0,
      max_attempts: 3,
      dispatch_id: null,
      last_error: null,
      provider_message_id: null,
      finished_at: null,
      ...common,
    })
    .execute();
  return 'fast-d';
}
