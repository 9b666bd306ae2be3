import type { ChannelState } from '../channels/channel.ts';
import type { Database } from '../db/open-database.ts';
import type { Clock } from '../domain/clock.ts';

/** A target's ChannelState in the channel_state table; values live as long as the target. */
export function channelState(database: Database, targetId: string, clock: Clock): ChannelState {
  const { db } = database;
  return {
    async get(key) {
      const row = await db
        .selectFrom('channel_state')
        .select('value')
        .where('target_id', '=', targetId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row?.value;
    },
    async set(key, value) {
      const updated_at = clock.now();
      await db
        .insertInto('channel_state')
        .values({ target_id: targetId, key, value, updated_at })
        .onConflict((oc) => oc.columns(['target_id', 'key']).doUpdateSet({ value, updated_at }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('channel_state').where('target_id', '=', targetId).where('key', '=', key).execute();
    },
  };
}
