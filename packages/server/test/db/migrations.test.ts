import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, pendingMigrations } from '../../src/db/migrate.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { compareVersions } from '../../src/db/open-database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/databases.ts';

/** An event's columns but its id, source and owner. */
const eventFields = {
  type: 't',
  title: '',
  body: '',
  severity: 'info',
  url: null,
  tags: '[]',
  data: '{}',
  attachments: '[]',
  dedup_key: 'k',
  occurred_at: 1,
  received_at: 1,
};

const adminAndMember = [
  ['admin', 'admin'],
  ['alice', 'member'],
] as const;

/** Migrates up to and including `name`, to seed rows as they were before the migration under test. */
async function migrateTo(database: ReturnType<TestDatabase['open']>, name: string): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  expect((await migrator.migrateTo(name)).error).toBeUndefined();
}

describe.each(testDialects)('migrations on %s', (dialect) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(dialect);
  });
  afterAll(() => test.drop());

  it('migrates a fresh database, and a second run is a no-op', async () => {
    const database = test.open();
    try {
      const all = Object.keys(await migrationProvider.getMigrations()).sort();
      expect(all[0]).toBe('0001-initial');
      expect(await pendingMigrations(database)).toEqual(all);
      const first = await migrateToLatest(database);
      expect(first).toEqual({ applied: all });
      const second = await migrateToLatest(database);
      expect(second).toEqual({ applied: [] });
      expect(await pendingMigrations(database)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('enforces one event per (source, dedup key)', async () => {
    const database = test.open();
    try {
      const { db } = database;
      await db
        .insertInto('users')
        .values({ id: 'u1', name: 'admin', role: 'admin', created_at: 1 })
        .execute();
      await db
        .insertInto('sources')
        .values({
          id: 's1',
          owner_id: 'u1',
          kind: 'webhook',
          name: 's',
          config: '{}',
          enabled: 1,
          ingress_key: null,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      const event = { ...eventFields, source_id: 's1', owner_id: 'u1' };
      await db
        .insertInto('events')
        .values({ ...event, id: 'e1' })
        .execute();
      await expect(
        db
          .insertInto('events')
          .values({ ...event, id: 'e2' })
          .execute(),
      ).rejects.toThrow(/unique/i);
      const { count } = await db
        .selectFrom('events')
        .select(sql<number>`count(*)`.as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(count)).toBe(1);
    } finally {
      await database.close();
    }
  });
});

describe.each(testDialects)('0005-event-owner on %s', (dialect) => {
  it('gives the events stored before it their source’s owner', async () => {
    const test = await createTestDatabase(dialect);
    const database = test.open();
    try {
      await migrateTo(database, '0004-partial-delivery-indexes');
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0005.
      const db = database.db as any;
      for (const [user, role] of adminAndMember) {
        await db.insertInto('users').values({ id: user, name: user, role, created_at: 1 }).execute();
        await db
          .insertInto('sources')
          .values({
            id: `${user}-src`,
            owner_id: user,
            kind: 'webhook',
            name: 's',
            config: '{}',
            enabled: 1,
            created_at: 1,
            updated_at: 1,
          })
          .execute();
        await db
          .insertInto('events')
          .values({ ...eventFields, id: `${user}-e`, source_id: `${user}-src` })
          .execute();
      }
      expect((await migrateToLatest(database)).error).toBeUndefined();
      const rows = await database.db.selectFrom('events').select(['id', 'owner_id']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'admin-e', owner_id: 'admin' },
        { id: 'alice-e', owner_id: 'alice' },
      ]);
    } finally {
      await database.close();
      await test.drop();
    }
  });
});

describe.each(testDialects)('0008-rule-reach on %s', (dialect) => {
  it('keeps the rules admins had reaching everyone’s events, and members’ at their own', async () => {
    const test = await createTestDatabase(dialect);
    const database = test.open();
    try {
      await migrateTo(database, '0007-quiet-hours');
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0008.
      const db = database.db as any;
      for (const [user, role] of adminAndMember) {
        await db.insertInto('users').values({ id: user, name: user, role, created_at: 1 }).execute();
        await db
          .insertInto('rules')
          .values({
            id: `${user}-rule`,
            owner_id: user,
            name: 'r',
            enabled: 1,
            priority: 0,
            source_ids: null,
            event_types: '[]',
            conditions: '[]',
            template_id: null,
            stop: 0,
            max_attempts: null,
            created_at: 1,
            updated_at: 1,
          })
          .execute();
      }
      expect((await migrateToLatest(database)).error).toBeUndefined();
      const rows = await database.db.selectFrom('rules').select(['id', 'reach']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'admin-rule', reach: 'all' },
        { id: 'alice-rule', reach: 'own' },
      ]);
    } finally {
      await database.close();
      await test.drop();
    }
  });
});

describe.each(testDialects)('0009-body-dedup-window-attempt-numbers on %s', (dialect) => {
  it('renumbers the attempts a replay numbered from 1 again, then keeps the numbers of a delivery apart', async () => {
    const test = await createTestDatabase(dialect);
    const database = test.open();
    try {
      await migrateTo(database, '0008-rule-reach');
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0009.
      const db = database.db as any;
      const at = { created_at: 1, updated_at: 1 };
      await db.insertInto('users').values({ id: 'u1', name: 'u', role: 'admin', created_at: 1 }).execute();
      await db
        .insertInto('sources')
        .values({ id: 's1', owner_id: 'u1', kind: 'webhook', name: 's', config: '{}', enabled: 1, ...at })
        .execute();
      await db
        .insertInto('targets')
        .values({
          id: 't1',
          owner_id: 'u1',
          kind: 'webhook',
          name: 't',
          config: '{}',
          concurrency: 1,
          enabled: 1,
          ...at,
        })
        .execute();
      await db
        .insertInto('receivers')
        .values({ id: 'r1', target_id: 't1', name: 'r', address: '{}', options: '{}', enabled: 1, ...at })
        .execute();
      await db
        .insertInto('events')
        .values({ ...eventFields, id: 'e1', source_id: 's1', owner_id: 'u1' })
        .execute();
      for (const id of ['d1', 'd2']) {
        await db
          .insertInto('deliveries')
          .values({
            id,
            event_id: 'e1',
            receiver_id: 'r1',
            target_id: 't1',
            status: 'sent',
            due_at: 1,
            attempts: 1,
            max_attempts: 5,
            ...at,
          })
          .execute();
      }
      const attempt = (id: string, delivery_id: string, attempt_no: number) => ({
        id,
        delivery_id,
        attempt_no,
        dispatch_id: 'x',
        started_at: 1,
        finished_at: 1,
        outcome: 'sent',
      });
      // d1 died after one attempt, was replayed and sent: both attempts numbered 1 before 0009.
      await db
        .insertInto('attempts')
        .values([attempt('a1', 'd1', 1), attempt('a2', 'd2', 1), attempt('a3', 'd1', 1)])
        .execute();
      expect((await migrateToLatest(database)).error).toBeUndefined();
      const rows = await database.db
        .selectFrom('attempts')
        .select(['id', 'delivery_id', 'attempt_no'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'a1', delivery_id: 'd1', attempt_no: 1 },
        { id: 'a2', delivery_id: 'd2', attempt_no: 1 },
        { id: 'a3', delivery_id: 'd1', attempt_no: 2 },
      ]);
      await expect(
        db
          .insertInto('attempts')
          .values(attempt('a4', 'd1', 2))
          .execute(),
      ).rejects.toThrow(/unique/i);
      const source = await database.db
        .selectFrom('sources')
        .select('body_dedup_window_ms')
        .executeTakeFirstOrThrow();
      expect(source.body_dedup_window_ms).toBeNull();
    } finally {
      await database.close();
      await test.drop();
    }
  });
});

describe('SQLite version gate', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('3.51.3', '3.51.3')).toBe(0);
    expect(compareVersions('3.51.2', '3.51.3')).toBe(-1);
    expect(compareVersions('3.9.0', '3.51.3')).toBe(-1);
    expect(compareVersions('3.53.4', '3.51.3')).toBe(1);
    expect(compareVersions('4', '3.51.3')).toBe(1);
  });
});

describe.each(testDialects)('0018-event-search on %s', (dialect) => {
  it('makes the events stored before it searchable, and each new one as it is inserted', async () => {
    const test = await createTestDatabase(dialect);
    const database = test.open();
    try {
      await migrateTo(database, '0017-sign-in-identities');
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0018.
      const db = database.db as any;
      await db.insertInto('users').values({ id: 'u', name: 'u', role: 'admin', created_at: 1 }).execute();
      await db
        .insertInto('sources')
        .values({
          id: 's',
          owner_id: 'u',
          kind: 'webhook',
          name: 's',
          config: '{}',
          enabled: 1,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      const event = (id: string, body: string) => ({
        ...eventFields,
        id,
        source_id: 's',
        owner_id: 'u',
        dedup_key: id,
        body,
      });
      await db.insertInto('events').values(event('old', 'stored before the index')).execute();
      expect((await migrateToLatest(database)).error).toBeUndefined();
      await db.insertInto('events').values(event('new', 'stored after the index')).execute();
      const matching = async (word: string) =>
        (dialect === 'postgres'
          ? await sql<{
              id: string;
            }>`select id from events where search @@ plainto_tsquery('simple', ${word}) order by id`.execute(
              db,
            )
          : await sql<{
              id: string;
            }>`select events.id from events join events_fts on events_fts.rowid = events.rowid where events_fts match ${`"${word}"`} order by events.id`.execute(
              db,
            )
        ).rows.map((row) => row.id);
      expect(await matching('before')).toEqual(['old']);
      expect(await matching('after')).toEqual(['new']);
      expect(await matching('index')).toEqual(['new', 'old']);
    } finally {
      await database.close();
      await test.drop();
    }
  });
});
