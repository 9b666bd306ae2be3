import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  activeSilences,
  createSilence,
  endSilence,
  endSilences,
  getSilence,
  listSilences,
  type NewSilence,
  type SilenceRecord,
} from '../../src/delivery/silence-store.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { seedDeliveries, seedWebhookTarget } from '../helpers/seed.ts';

const now = Date.UTC(2026, 11, 1, 9);
const hour = 3_600_000;

describe.each(testDialects)('the silence store on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;

  beforeEach(async () => {
    test = await createMigratedDatabase(dialect);
    await seedWebhookTarget(test.database, 'http://127.0.0.1:9', 3);
  });
  afterEach(() => test.drop());

  async function create(overrides: Partial<NewSilence> = {}, at = now): Promise<SilenceRecord> {
    const created = await createSilence(
      test.database,
      {
        ownerId: 'u',
        receiverId: 'r0',
        mode: 'drop',
        endsAt: at + hour,
        createdBy: 'api:u',
        ...overrides,
      },
      at,
    );
    if (!created.ok) throw new Error(`${created.path}: ${created.message}`);
    return created.silence;
  }

  it('stores a silence and reads it back parsed', async () => {
    const silence = await create({
      eventTypes: ['alert.*', 'push', 'push'],
      mode: 'defer',
      comment: 'deploy',
    });
    expect(silence).toMatchObject({
      ownerId: 'u',
      receiverId: 'r0',
      eventTypes: ['alert.*', 'push'],
      mode: 'defer',
      endsAt: now + hour,
      comment: 'deploy',
      createdBy: 'api:u',
      createdAt: now,
    });
    expect(await getSilence(test.database, silence.id)).toEqual(silence);
    expect(await getSilence(test.database, silence.id, { targetOwnerId: 'someone else' })).toBeUndefined();
    expect(await getSilence(test.database, silence.id, { targetOwnerId: 'u' })).toEqual(silence);
    expect((await create()).eventTypes).toBeNull();
  });

  it('refuses what the domain refuses, naming the field, and stores nothing', async () => {
    const base = { ownerId: 'u', receiverId: 'r0', mode: 'drop' as const, createdBy: 'api:u' };
    expect(await createSilence(test.database, { ...base, endsAt: now }, now)).toMatchObject({
      ok: false,
      path: '/endsAt',
    });
    expect(
      await createSilence(test.database, { ...base, endsAt: now + hour, eventTypes: ['a*'] }, now),
    ).toMatchObject({ ok: false, path: '/eventTypes/0' });
    expect(await listSilences(test.database, { now })).toEqual([]);
  });

  it('loads the active silences of many receivers in one call, by receiver', async () => {
    const a = await create({ receiverId: 'r0' });
    const b = await create({ receiverId: 'r0', mode: 'defer' });
    const c = await create({ receiverId: 'r1', endsAt: now + 1 });
    await create({ receiverId: 'r1', endsAt: now }, now - 1); // ends exactly now: over
    await create({ receiverId: 'r2' }); // not asked for
    const active = await activeSilences(test.database, ['r0', 'r1', 'r0', 'nobody'], now);
    expect([...active.keys()].sort()).toEqual(['r0', 'r1']);
    expect(
      active
        .get('r0')!
        .map((s) => s.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(active.get('r1')).toEqual([c]);
    expect((await activeSilences(test.database, [], now)).size).toBe(0);
  });

  it('lists newest first with filters', async () => {
    const old = await create({ receiverId: 'r0', endsAt: now + 10 }, now);
    const later = now + hour;
    const current = await create({ receiverId: 'r0' }, later);
    const other = await create({ receiverId: 'r1' }, later);
    const ids = (filter: Partial<Parameters<typeof listSilences>[1]>) =>
      listSilences(test.database, { now: later, ...filter }).then((rows) => rows.map((s) => s.id));
    expect(await ids({})).toEqual([other.id, current.id, old.id]);
    expect(await ids({ receiverId: 'r0' })).toEqual([current.id, old.id]);
    expect(await ids({ active: true })).toEqual([other.id, current.id]);
    expect(await ids({ active: false })).toEqual([old.id]);
    expect(await ids({ limit: 1 })).toEqual([other.id]);
    expect(await ids({ beforeId: other.id })).toEqual([current.id, old.id]);
    expect(await ids({ targetOwnerId: 'u' })).toHaveLength(3);
    expect(await ids({ targetOwnerId: 'nobody' })).toEqual([]);
  });

  it('ends every active silence of a receiver, keeping them as history', async () => {
    const a = await create({ receiverId: 'r0' });
    const b = await create({ receiverId: 'r0', mode: 'defer', endsAt: now + 2 * hour });
    const over = await create({ receiverId: 'r0', endsAt: now + 10 });
    const other = await create({ receiverId: 'r1' });
    const at = now + 20;
    const ended = await endSilences(test.database, 'r0', at);
    expect(ended.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(ended.every((s) => s.endsAt === at)).toBe(true);
    expect((await getSilence(test.database, a.id))!.endsAt).toBe(at);
    expect((await getSilence(test.database, over.id))!.endsAt).toBe(now + 10);
    expect((await getSilence(test.database, other.id))!.endsAt).toBe(now + hour);
    expect((await activeSilences(test.database, ['r0'], at)).size).toBe(0);
    expect(await endSilences(test.database, 'r0', at)).toEqual([]);
    expect(await listSilences(test.database, { now: at, receiverId: 'r0' })).toHaveLength(3);
  });

  it('ends only the silences one creator made when asked', async () => {
    const mine = await create({ createdBy: 'telegram:-100:42' });
    const theirs = await create({ createdBy: 'api:u' });
    const ended = await endSilences(test.database, 'r0', now, { createdBy: 'telegram:-100:42' });
    expect(ended.map((s) => s.id)).toEqual([mine.id]);
    expect((await getSilence(test.database, theirs.id))!.endsAt).toBe(now + hour);
  });

  it('ends one silence by id, and leaves one already over as it was', async () => {
    const silence = await create();
    expect(await endSilence(test.database, silence.id, now + 5)).toMatchObject({ endsAt: now + 5 });
    expect(await endSilence(test.database, silence.id, now + 50)).toMatchObject({ endsAt: now + 5 });
    expect(await endSilence(test.database, 'missing', now)).toBeUndefined();
  });

  it('brings the deliveries a defer silence held forward when it ends, and no others', async () => {
    const defer = await create({ receiverId: 'r0', mode: 'defer', endsAt: now + 2 * hour });
    const [held] = await seedDeliveries(test.database, 1, { receiverId: 'r0', dueAt: defer.endsAt });
    const [retrying] = await seedDeliveries(test.database, 1, { receiverId: 'r0', dueAt: now + hour });
    const [elsewhere] = await seedDeliveries(test.database, 1, { receiverId: 'r1', dueAt: defer.endsAt });
    const at = now + 60_000;
    await endSilences(test.database, 'r0', at);
    const dueAt = async (id: string) =>
      (
        await test.database.db
          .selectFrom('deliveries')
          .select('due_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).due_at;
    expect(await dueAt(held!)).toBe(at);
    expect(await dueAt(retrying!)).toBe(now + hour);
    expect(await dueAt(elsewhere!)).toBe(defer.endsAt);
  });
});
