import { pino } from 'pino';
import { Type } from 'typebox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelKind, InboundContext } from '../../src/channels/channel.ts';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { InboundRunner } from '../../src/inbound/inbound-runner.ts';
import { createGuardedHttpClient } from '../../src/security/http/ssrf-guarded-client.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { eventually } from '../helpers/http-sink.ts';
import { seedTarget } from '../helpers/seed.ts';

/** A channel kind whose listening side the test scripts: it records its runs and can be told to fail. */
function listeningKind(behaviour: { fail: boolean }) {
  const runs: InboundContext<unknown>[] = [];
  /** When each run started, on the runner's clock. */
  const starts: number[] = [];
  const kind: ChannelKind = {
    kind: 'listening',
    description: 'test',
    configSchema: Type.Object({}),
    addressSchema: Type.Object({}),
    secretFields: [],
    formats: ['text'],
    limits: {},
    send: async () => ({ status: 'sent' }),
    inbound: {
      async run(ctx) {
        runs.push(ctx);
        starts.push(ctx.clock.now());
        if (behaviour.fail) throw new Error('the token was revoked');
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
      },
    },
  };
  return { kind, runs, starts };
}

describe.each(testDialects)('the inbound runner on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
  const http = createGuardedHttpClient({ allowPrivate: [] });
  beforeAll(async () => {
    db = await createMigratedDatabase(dialect);
    await seedTarget(db.database, 't1', 'listening');
  });
  afterAll(async () => {
    await http.close();
    await db.drop();
  });

  const scanMs = 100;
  let clock: ManualClock;
  beforeEach(() => {
    clock = manualClock(1_000_000);
  });
  const runner = (kind: ChannelKind, nodeId: string) =>
    new InboundRunner({
      database: db.database,
      clock,
      logger: pino({ level: 'silent' }),
      http,
      secretBox: new SecretBox([Buffer.alloc(32, 7)]),
      channelKind: (name) => (name === kind.kind ? kind : undefined),
      nodeId,
      scanMs,
      publicUrl: undefined,
    });
  /** Lets `rounds` scan intervals pass on `runners` runners: each finishes its scan before time moves on. */
  async function scans(rounds: number, runners: number): Promise<void> {
    const asleep = () => eventually(async () => (clock.timers().length >= runners ? true : undefined));
    for (let round = 0; round < rounds; round++) {
      await asleep();
      clock.advance(scanMs);
    }
    await asleep();
  }

  it('runs a target on one node, stops it when the target is disabled, and starts it again when enabled', async () => {
    const { kind, runs } = listeningKind({ fail: false });
    const a = runner(kind, 'a');
    const b = runner(kind, 'b');
    a.start();
    b.start();
    try {
      // Ten scans of both nodes, the lease renewed by its holder each time: the other never starts it.
      await scans(10, 2);
      expect(runs).toHaveLength(1);
      await db.database.db.updateTable('targets').set({ enabled: 0, updated_at: 1 }).execute();
      await scans(1, 2);
      expect(runs[0]!.signal.aborted).toBe(true);
      await db.database.db.updateTable('targets').set({ enabled: 1, updated_at: 2 }).execute();
      await scans(1, 2);
      expect(runs).toHaveLength(2);
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(runs.every((run) => run.signal.aborted)).toBe(true);
    expect(await db.database.db.selectFrom('leases').selectAll().execute()).toEqual([]);
  });

  it('waits longer and longer before starting a run that keeps failing', async () => {
    const { kind, starts } = listeningKind({ fail: true });
    const a = runner(kind, 'a');
    const startedAt = clock.now();
    a.start();
    await scans(20, 1);
    await a.stop();
    // A run that ends by itself pauses the target one scan, then two, four, eight: without the pause it
    // would start on each of the 21 scans.
    expect(starts.map((at) => at - startedAt)).toEqual([0, 100, 300, 700, 1500]);
  });
});
