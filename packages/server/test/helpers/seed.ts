import type { Database } from '../../src/db/open-database.ts';

/** Minimal rows for tests below the API: a user, a source, a webhook target at `url` and receivers. */
export async function seedWebhookTarget(
  database: Database,
  url: string,
  receivers = 1,
  concurrency = 4,
): Promise<string[]> {
  const { db } = database;
  await db.insertInto('users').values({ id: 'u', name: 'admin', role: 'admin', created_at: 0 }).execute();
  await db
    .insertInto('sources')
    .values({
      id: 'src',
      owner_id: 'u',
      kind: 'webhook',
      name: 'source',
      config: '{}',
      enabled: 1,
      created_at: 0,
      updated_at: 0,
    })
    .execute();
  await db
    .insertInto('targets')
    .values({
      id: 'tgt',
      owner_id: 'u',
      kind: 'webhook',
      name: 'sink',
      config: JSON.stringify({ url }),
      concurrency,
      enabled: 1,
      created_at: 0,
      updated_at: 0,
    })
    .execute();
  const ids = Array.from({ length: receivers }, (_, i) => `r${i}`);
  await seedReceivers(database, ids);
  return ids;
}

/** More enabled receivers of seedWebhookTarget's target `tgt`. */
export async function seedReceivers(database: Database, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await database.db
      .insertInto('receivers')
      .values({
        id,
        target_id: 'tgt',
        name: id,
        address: '{}',
        options: '{}',
        enabled: 1,
        disabled_reason: null,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
  }
}

/**
 * Stores `count` events, each with one pending delivery to `receiverId` (or to each of `receiverIds`),
 * due at `dueAt`.
 */
export async function seedDeliveries(
  database: Database,
  count: number,
  options: {
    receiverId?: string;
    receiverIds?: string[];
    dueAt?: number;
    templateId?: string | null;
    maxAttempts?: number;
  } = {},
): Promise<string[]> {
  const { db } = database;
  const ids: string[] = [];
  if (options.templateId) {
    await db
      .insertInto('rules')
      .values({
        id: 'rule',
        owner_id: 'u',
        name: 'rule',
        enabled: 1,
        priority: 0,
        source_ids: null,
        event_types: '["**"]',
        conditions: '[]',
        template_id: options.templateId,
        stop: 0,
        max_attempts: null,
        created_at: 0,
        updated_at: 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  for (let i = 0; i < count; i++) {
    const suffix = `${Date.now().toString(36)}${i.toString().padStart(6, '0')}${Math.random().toString(36).slice(2, 6)}`;
    const eventId = `e${suffix}`;
    await db
      .insertInto('events')
      .values({
        id: eventId,
        source_id: 'src',
        owner_id: 'u',
        type: 'test.event',
        title: `event ${i}`,
        body: 'body',
        severity: 'info',
        url: null,
        tags: '[]',
        data: '{}',
        attachments: '[]',
        dedup_key: eventId,
        occurred_at: 0,
        received_at: 0,
      })
      .execute();
    for (const [n, receiverId] of (options.receiverIds ?? [options.receiverId ?? 'r0']).entries()) {
      const id = `d${suffix}${n === 0 ? '' : `-${n}`}`;
      await db
        .insertInto('deliveries')
        .values({
          id,
          event_id: eventId,
          rule_id: options.templateId ? 'rule' : null,
          receiver_id: receiverId,
          target_id: 'tgt',
          status: 'pending',
          due_at: options.dueAt ?? 0,
          lease_until: null,
          lease_owner: null,
          attempts: 0,
          max_attempts: options.maxAttempts ?? 3,
          dispatch_id: null,
          last_error: null,
          provider_message_id: null,
          created_at: 0,
          updated_at: 0,
          finished_at: null,
        })
        .execute();
      ids.push(id);
    }
  }
  return ids;
}

/** A user `u` and one enabled target of `kind` with an empty config, for tests below the API. */
export async function seedTarget(database: Database, id: string, kind: string): Promise<void> {
  await database.db
    .insertInto('users')
    .values({ id: 'u', name: 'admin', role: 'admin', created_at: 0 })
    .execute();
  await database.db
    .insertInto('targets')
    .values({
      id,
      owner_id: 'u',
      kind,
      name: id,
      config: '{}',
      concurrency: 4,
      enabled: 1,
      created_at: 0,
      updated_at: 0,
    })
    .execute();
}
