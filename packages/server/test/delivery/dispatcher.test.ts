import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelKind } from '../../src/channels/registry.ts';
import { verifyStandardWebhook } from '../../src/channels/webhook/index.ts';
import type { Config } from '../../src/config.ts';
import { Dispatcher, type DispatcherOptions } from '../../src/delivery/dispatcher.ts';
import { manualClock, systemClock } from '../../src/domain/clock.ts';
import type { DeadDelivery } from '../../src/domain/dead-delivery.ts';
import { createRenderer, type Renderer } from '../../src/render/renderer.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { SecretBox, sealFields } from '../../src/security/secret-box.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { seedDeliveries, seedReceivers, seedWebhookTarget } from '../helpers/seed.ts';

const settings: Config['dispatch'] = {
  concurrency: 16,
  leaseMs: 2000,
  sendTimeoutMs: 1000,
  pollIntervalMs: 50,
  maxAttempts: 3,
  retryBaseMs: 20,
  retryMaxMs: 50,
  shutdownTimeoutMs: 200,
};

describe.each(testDialects)('the dispatcher on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let sink: HttpSink;
  let http: GuardedHttpClient;
  let renderer: Renderer;
  const dispatchers: Dispatcher[] = [];
  const dead: DeadDelivery[] = [];

  function dispatcher(
    overrides: Partial<Config['dispatch']> = {},
    nodeId = randomBytes(4).toString('hex'),
    options: Partial<DispatcherOptions> = {},
  ): Dispatcher {
    const created = new Dispatcher({
      database: test.database,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      settings: { ...settings, ...overrides },
      channelKind,
      renderer,
      http,
      secretBox: new SecretBox([randomBytes(32)]),
      nodeId,
      onDead: async (_trx, deaths) => {
        dead.push(...deaths);
        return undefined;
      },
      ...options,
    });
    dispatchers.push(created);
    return created;
  }

  const statusOf = async (id: string) =>
    await test.database.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeEach(async () => {
    test = await createMigratedDatabase(dialect);
    sink = await new HttpSink().start();
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
    renderer = createRenderer({ timeoutMs: 500 });
    dead.length = 0;
    await seedWebhookTarget(test.database, sink.url);
  });
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.stop(100);
    await renderer.close();
    await http.close();
    await sink.close();
    await test.drop();
  });

  it('never lets two dispatchers send the same delivery', async () => {
    const ids = await seedDeliveries(test.database, 120);
    // On a manual clock no lease or send timeout can run out while the machine is slow: a timed-out
    // send is retried by design, which would make a second request for the same delivery.
    const clock = manualClock(Date.now());
    dispatcher({}, undefined, { clock }).start();
    dispatcher({}, undefined, { clock }).start();
    await sink.waitForRequests(120);
    await eventually(async () => {
      const rows = await test.database.db
        .selectFrom('deliveries')
        .select('status')
        .where('status', '!=', 'sent')
        .execute();
      return rows.length === 0 ? true : undefined;
    });
    const seen = sink.requests.map((r) => r.headers['webhook-id']);
    expect(new Set(seen)).toEqual(new Set(ids));
    // Every request is an attempt recorded by the claim it was sent under; a send timed out on a busy
    // machine is retried, which is an attempt too, but a copy sent by a node that lost its lease is not.
    const attempts = await test.database.db.selectFrom('attempts').select('id').execute();
    expect(seen).toHaveLength(attempts.length);
  });

  it('tells the channel which attempt is the last', async () => {
    const [id] = await seedDeliveries(test.database, 1, { maxAttempts: 3 });
    const seen: boolean[] = [];
    dispatcher({}, undefined, {
      channelKind: (kind) => {
        const real = channelKind(kind);
        return (
          real && {
            ...real,
            send: async (ctx) => {
              seen.push(ctx.lastAttempt);
              return { status: 'retry', error: { kind: 'transport', message: 'down' } };
            },
          }
        );
      },
    }).start();
    await eventually(async () => ((await statusOf(id!)).status === 'dead' ? true : undefined));
    expect(seen).toEqual([false, false, true]);
  });

  it('keeps serving its sends while every slot is busy and new work keeps arriving', async () => {
    // Regression: with all slots taken, a wake-up for new work made the loop spin on microtasks (the
    // SQLite driver settles at once) and the answers of the sends in flight were never read.
    sink.respondAlways({ status: 200, delayMs: 30 });
    await seedDeliveries(test.database, 20);
    const d = dispatcher({ concurrency: 2 });
    d.start();
    const nudges = setInterval(() => d.wake(), 1);
    try {
      await sink.waitForRequests(20, 10_000);
      await eventually(async () => {
        const rows = await test.database.db
          .selectFrom('deliveries')
          .select('status')
          .where('status', '!=', 'sent')
          .execute();
        return rows.length === 0 ? true : undefined;
      });
    } finally {
      clearInterval(nudges);
    }
  });

  it('fails a delivery with a broken template for good, with a readable error, and keeps going', async () => {
    await test.database.db
      .insertInto('templates')
      .values({
        id: 'broken',
        owner_id: 'u',
        name: 'broken',
        bodies: JSON.stringify({ text: '{{ event.title | no_such_filter }}' }),
        version: 1,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    const [broken] = await seedDeliveries(test.database, 1, { templateId: 'broken' });
    const [fine] = await seedDeliveries(test.database, 1);
    dispatcher().start();
    await eventually(async () => ((await statusOf(fine!)).status === 'sent' ? true : undefined));
    const row = await eventually(async () => {
      const r = await statusOf(broken!);
      return r.status === 'dead' ? r : undefined;
    });
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/template: .*no_such_filter/);
    expect(dead.map((d) => d.deliveryId)).toEqual([broken]);
  });

  describe('one event to many receivers', () => {
    const receivers = ['r0', 'r1', 'r2', 'r3'];
    let renders = 0;

    beforeEach(async () => {
      await seedReceivers(test.database, receivers.slice(1));
      renders = 0;
      const real = renderer;
      renderer = {
        ...real,
        render: (request) => {
          renders += 1;
          return real.render(request);
        },
      };
    });

    async function sendThrough(text: string): Promise<string[]> {
      await test.database.db
        .insertInto('templates')
        .values({
          id: 'tpl',
          owner_id: 'u',
          name: 'tpl',
          bodies: JSON.stringify({ text }),
          version: 1,
          created_at: 0,
          updated_at: 0,
        })
        .execute();
      await seedDeliveries(test.database, 1, { templateId: 'tpl', receiverIds: receivers });
      dispatcher().start();
      await eventually(async () => (sink.requests.length === receivers.length ? true : undefined));
      return sink.requests.map((request) => JSON.parse(request.body).data.message.body).sort();
    }

    it('renders once when the template does not read the receiver', async () => {
      const bodies = await sendThrough('{{ event.title }} for everyone');
      expect(bodies).toEqual(receivers.map(() => 'event 0 for everyone'));
      expect(renders).toBe(1);
    });

    it('renders for each receiver when the template reads it, even by a computed name', async () => {
      const bodies = await sendThrough("{% assign who = 'receiver' %}hello {{ [who].name }}");
      expect(bodies).toEqual(['hello r0', 'hello r1', 'hello r2', 'hello r3']);
      expect(renders).toBe(receivers.length);
    });
  });

  it('promises the ingestor no more slots than are free, and takes back what it does not use', async () => {
    const d = dispatcher({ concurrency: 2 });
    const five = ['tgt', 'tgt', 'tgt', 'tgt', 'tgt'];
    expect(d.reserve(five, 1000).taken).toEqual([false, false, false, false, false]); // not running
    d.start();
    const first = d.reserve(five, 1000);
    expect(first).toEqual({
      taken: [true, true, false, false, false],
      owner: expect.any(String),
      leaseUntil: 1000 + settings.leaseMs,
    });
    expect(d.reserve(['tgt'], 1000).taken).toEqual([false]);
    d.cancel(['tgt', 'tgt']);
    expect(d.reserve(['tgt'], 1000).taken).toEqual([true]);
    d.cancel(['tgt']);
    expect(d.stats()).toMatchObject({ reserved: 0, inFlight: 0 });
  });

  it('promises the ingestor no more deliveries to one target than it can start within a lease', async () => {
    // A target not seen yet counts as one slot whose sends take a tenth of the send timeout: with a lease
    // of twice the send timeout, twenty deliveries per target.
    const d = dispatcher({ concurrency: 64 });
    d.start();
    const targets = [...Array(25).fill('a'), 'b'];
    const { taken } = d.reserve(targets, 1000);
    expect(taken).toEqual([...Array(20).fill(true), ...Array(5).fill(false), true]);
    d.cancel(targets.filter((_, i) => taken[i]));
    expect(d.stats()).toMatchObject({ reserved: 0 });
  });

  it('drops deliveries to a disabled receiver without sending', async () => {
    const [id] = await seedDeliveries(test.database, 1);
    await test.database.db.updateTable('receivers').set({ enabled: 0 }).execute();
    dispatcher().start();
    const row = await eventually(async () => {
      const r = await statusOf(id!);
      return r.status === 'dropped' ? r : undefined;
    });
    expect(row.last_error).toContain('disabled');
    expect(sink.requests).toHaveLength(0);
  });

  it("unseals a target's secrets once per loaded batch, and signs every delivery with them", async () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    let opened = 0;
    const box = new (class extends SecretBox {
      override open(...args: Parameters<SecretBox['open']>): string {
        opened++;
        return super.open(...args);
      }
    })([randomBytes(32)]);
    const config = sealFields(box, { url: sink.url, secret }, ['secret'], { table: 'targets', rowId: 'tgt' });
    await test.database.db
      .updateTable('targets')
      .set({ config: JSON.stringify(config) })
      .where('id', '=', 'tgt')
      .execute();
    await seedDeliveries(test.database, 40);
    dispatcher({}, undefined, { secretBox: box }).start();
    await sink.waitForRequests(40);
    for (const request of sink.requests) {
      const headers = {
        id: String(request.headers['webhook-id']),
        timestamp: String(request.headers['webhook-timestamp']),
        signature: String(request.headers['webhook-signature']),
      };
      expect(verifyStandardWebhook(secret, headers, request.body, Math.floor(Date.now() / 1000))).toBe(true);
    }
    // 40 deliveries arrive in a few claimed batches of up to 16 (the concurrency).
    expect(opened).toBeGreaterThan(0);
    expect(opened).toBeLessThanOrEqual(10);
  });

  it("finds the credentials for an event's attachments once per loaded batch, not once per receiver", async () => {
    await seedReceivers(test.database, ['r1', 'r2', 'r3']);
    const lookups: string[] = [];
    const [first] = await seedDeliveries(test.database, 1, { receiverIds: ['r0', 'r1', 'r2', 'r3'] });
    const { event_id: eventId } = await statusOf(first!);
    const attachments = [{ url: 'https://photos.lan/a.jpg' }, { url: 'https://photos.lan/b.jpg' }];
    await test.database.db
      .updateTable('events')
      .set({ attachments: JSON.stringify(attachments) })
      .where('id', '=', eventId)
      .execute();
    dispatcher({}, undefined, {
      attachmentHeaders: (_source, url) => {
        lookups.push(url);
        return { 'x-api-key': 'photo-key' };
      },
    }).start();
    await sink.waitForRequests(4);
    // All four deliveries of the event came in one claim: each attachment was looked up once.
    expect(lookups.sort()).toEqual(['https://photos.lan/a.jpg', 'https://photos.lan/b.jpg']);
  });

  it('disables a receiver that answers 410 Gone', async () => {
    sink.respondWith({ status: 410 });
    const [id] = await seedDeliveries(test.database, 1);
    dispatcher().start();
    await eventually(async () => ((await statusOf(id!)).status === 'dead' ? true : undefined));
    const receiver = await test.database.db
      .selectFrom('receivers')
      .selectAll()
      .where('id', '=', 'r0')
      .executeTakeFirstOrThrow();
    expect(receiver.enabled).toBe(0);
    expect(receiver.disabled_reason).toContain('410');
  });

  it('takes over a delivery whose lease ran out', async () => {
    const [id] = await seedDeliveries(test.database, 1);
    const now = Date.now();
    // A node claimed it and died: still `sending`, lease expired a moment ago.
    await test.database.db
      .updateTable('deliveries')
      .set({ status: 'sending', lease_owner: 'dead-node', lease_until: now - 1, attempts: 1 })
      .execute();
    dispatcher().start();
    const row = await eventually(async () => {
      const r = await statusOf(id!);
      return r.status === 'sent' ? r : undefined;
    });
    expect(row.attempts).toBe(2);
    expect(sink.requests).toHaveLength(1);
  });

  it('on shutdown, releases sends that outlive the deadline back to pending', async () => {
    sink.respondAlways({ status: 200, delayMs: 5000 });
    const [id] = await seedDeliveries(test.database, 1);
    const clock = manualClock(Date.now());
    const d = dispatcher({ sendTimeoutMs: 10_000, leaseMs: 20_000 }, undefined, { clock });
    d.start();
    await sink.waitForRequests(1);
    const stopped = d.stop(100);
    // The shutdown deadline is set once the claim loop has ended; then it alone runs out.
    await eventually(async () => clock.timers().includes(clock.now() + 100) || undefined);
    clock.advance(100);
    await stopped;
    const row = await statusOf(id!);
    expect(row.status).toBe('pending');
    expect(row.lease_owner).toBeNull();
    expect(row.attempts).toBe(0);
    const attempts = await test.database.db
      .selectFrom('attempts')
      .select('id')
      .where('delivery_id', '=', id!)
      .execute();
    expect(attempts).toEqual([]);
  });
});
