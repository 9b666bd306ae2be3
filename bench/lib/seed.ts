import type { Kysely } from 'kysely';
import type { Schema } from '../../packages/server/src/db/schema.ts';
import { newId } from '../../packages/server/src/ids.ts';

/** Stores `count` events of `sourceId`, each with one pending delivery per receiver, in chunked transactions. */
export async function seedPendingDeliveries(
  db: Kysely<Schema>,
  ids: { sourceId: string; targetId: string; receiverId: string; ruleId: string },
  count: number,
): Promise<void> {
  const now = Date.now();
  const ownerId = await ownerOf(db, ids.sourceId);
  for (let done = 0; done < count; done += 500) {
    const n = Math.min(500, count - done);
    const events = Array.from({ length: n }, (_, i) => {
      const id = newId();
      return {
        id,
        source_id: ids.sourceId,
        owner_id: ownerId,
        type: 'bench.event',
        title: `bench ${done + i}`,
        body: 'hello',
        severity: 'info',
        url: null,
        tags: '[]',
        data: '{}',
        attachments: '[]',
        dedup_key: `id:${id}`,
        occurred_at: now,
        received_at: now,
      };
    });
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('events').values(events).execute();
      await trx
        .insertInto('deliveries')
        .values(
          events.map((event) => ({
            id: newId(),
            event_id: event.id,
            rule_id: ids.ruleId,
            receiver_id: ids.receiverId,
            target_id: ids.targetId,
            status: 'pending' as const,
            due_at: now,
            lease_until: null,
            lease_owner: null,
            attempts: 0,
            max_attempts: 8,
            dispatch_id: null,
            last_error: null,
            provider_message_id: null,
            created_at: now,
            updated_at: now,
            finished_at: null,
          })),
        )
        .execute();
    });
  }
}

/** Adds `count` receivers to a target and links them all to a rule. */
export async function seedReceivers(
  db: Kysely<Schema>,
  targetId: string,
  ruleId: string,
  count: number,
): Promise<void> {
  const now = Date.now();
  for (let done = 0; done < count; done += 1000) {
    const ids = Array.from({ length: Math.min(1000, count - done) }, () => newId());
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('receivers')
        .values(
          ids.map((id, i) => ({
            id,
            target_id: targetId,
            name: `r${done + i}`,
            address: '{}',
            options: '{}',
            enabled: 1,
            disabled_reason: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await trx
        .insertInto('rule_receivers')
        .values(ids.map((id) => ({ rule_id: ruleId, receiver_id: id })))
        .execute();
    });
  }
}

/** Stores `count` events quickly (cold-start measurement): multi-row inserts in large transactions. */
export async function seedEvents(db: Kysely<Schema>, sourceId: string, count: number): Promise<void> {
  const now = Date.now();
  const ownerId = await ownerOf(db, sourceId);
  for (let done = 0; done < count; done += 20_000) {
    await db.transaction().execute(async (trx) => {
      for (let chunk = 0; chunk < 20_000 && done + chunk < count; chunk += 2000) {
        const n = Math.min(2000, count - done - chunk);
        await trx
          .insertInto('events')
          .values(
            Array.from({ length: n }, () => {
              const id = newId();
              return {
                id,
                source_id: sourceId,
                owner_id: ownerId,
                type: 'bench.old',
                title: 'old event',
                body: '',
                severity: 'info',
                url: null,
                tags: '[]',
                data: '{}',
                attachments: '[]',
                dedup_key: `id:${id}`,
                occurred_at: now,
                received_at: now,
              };
            }),
          )
          .execute();
      }
    });
  }
}

/** Events belong to their source's owner, as the ingestor stores them. */
async function ownerOf(db: Kysely<Schema>, sourceId: string): Promise<string> {
  const source = await db
    .selectFrom('sources')
    .select('owner_id')
    .where('id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return source.owner_id;
}
