import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKind, InboundContext } from '../../src/channels/channel.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { InboundRunner } from '../../src/inbound/inbound-runner.ts';
import { createGuardedHttpClient } from '../../src/security/http/ssrf-guarded-client.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { eventually } from '../helpers/http-sink.ts';
import { seedTarget } from '../helpers/seed.ts';

/** A channel kind whose listening side the test scripts: it records its runs and can be told to fail. */
function listeningKind(behaviour: { fail: boolean }) {
  const runs: InboundContext<unknown>[] = [];
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
        if (behaviour.fail) throw new Error('the token was revoked');
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
      },
    },
  };
  return { kind, runs };
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

  // A lease lasts three scans: with 20 ms scans, a 60 ms stall of a busy test machine hands the target to
  // the other node, so the test of exclusivity scans every 100 ms.
  const runner = (kind: ChannelKind, nodeId: string, scanMs = 20) =>
    new InboundRunner({
      database: db.database,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      http,
      secretBox: new SecretBox([Buffer.alloc(32, 7)]),
      channelKind: (name) => (name === kind.kind ? kind : undefined),
      nodeId,
      scanMs,
      publicUrl: undefined,
    });

  it('runs a target on one node, stops it when the target is disabled, and starts it again when enabled', async () => {
    const { kind, runs } = listeningKind({ fail: false });
    const a = runner(kind, 'a', 100);
    const b = runner(kind, 'b', 100);
    a.start();
    b.start();
    try {
      await eventually(async () => (runs.length > 0 ? true : undefined));
      await sleep(300);
      expect(runs).toHaveLength(1);
      await db.database.db.updateTable('targets').set({ enabled: 0, updated_at: 1 }).execute();
      await eventually(async () => (runs[0]!.signal.aborted ? true : undefined));
      await db.database.db.updateTable('targets').set({ enabled: 1, updated_at: 2 }).execute();
      await eventually(async () => (runs.length === 2 ? true : undefined));
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(runs.every((run) => run.signal.aborted)).toBe(true);
    expect(await db.database.db.selectFrom('leases').selectAll().execute()).toEqual([]);
  });

  it('waits longer and longer before starting a run that keeps failing', async () => {
    const { kind, runs } = listeningKind({ fail: true });
    const a = runner(kind, 'a');
    a.start();
    await sleep(700);
    await a.stop();
    // Without a pause it would start every 20 ms scan (about 35 times); with doubling pauses 20, 40, 80,
    // 160, 320 ms it starts about six times.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(8);
  });
});
