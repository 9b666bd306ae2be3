import { recordAudit } from '../auth/audit-log.ts';
import type { InboundServices } from '../channels/channel.ts';
import type { Database } from '../db/open-database.ts';
import { activeSilences, createSilence, endSilences } from '../delivery/silence-store.ts';
import type { Clock } from '../domain/clock.ts';
import { parseJson } from '../json.ts';

/** The queries behind a two-way channel's commands, confined to one target's receivers. */

/** Silences made and ended through a bot's commands: no user signed in, the bot relayed a chat member. */
const botActor = { userId: null, via: 'bot', address: null } as const;

export function inboundServices(
  database: Database,
  targetId: string,
  clock: Clock,
  /** Deliveries a silence deferred are due now: the dispatcher should look. */
  onSilencesEnded: () => void = () => {},
): InboundServices {
  const { db } = database;
  // Every query takes receiver ids from the channel; only ids of this target's receivers are used.
  const own = async (receiverIds: readonly string[]): Promise<string[]> => {
    if (receiverIds.length === 0) return [];
    const rows = await db
      .selectFrom('receivers')
      .select('id')
      .where('target_id', '=', targetId)
      .where('id', 'in', [...receiverIds])
      .execute();
    return rows.map((row) => row.id);
  };
  const ownerOfTarget = async () =>
    (await db.selectFrom('targets').select('owner_id').where('id', '=', targetId).executeTakeFirstOrThrow())
      .owner_id;

  return {
    async receivers() {
      const rows = await db.selectFrom('receivers').selectAll().where('target_id', '=', targetId).execute();
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        address: parseJson(row.address),
        options: parseJson(row.options),
        enabled: row.enabled === 1,
      }));
    },

    async deliverySummary(receiverIds, since) {
      const ids = await own(receiverIds);
      const summary = { sent: 0, failedAttempts: 0, pending: 0, dead: 0, dropped: 0, lastFailures: [] };
      if (ids.length === 0) return summary;
      const counts = await db
        .selectFrom('deliveries')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('receiver_id', 'in', ids)
        .where((eb) => eb.or([eb('created_at', '>=', since), eb('status', 'in', ['pending', 'sending'])]))
        .groupBy('status')
        .execute();
      for (const { status, n } of counts) {
        const count = Number(n);
        if (status === 'sent') summary.sent += count;
        else if (status === 'dead') summary.dead += count;
        else if (status === 'pending' || status === 'sending') summary.pending += count;
        else summary.dropped += count;
      }
      const attempts = await db
        .selectFrom('attempts')
        .innerJoin('deliveries', 'deliveries.id', 'attempts.delivery_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('deliveries.receiver_id', 'in', ids)
        .where('attempts.outcome', '!=', 'sent')
        .where('attempts.finished_at', '>=', since)
        .executeTakeFirst();
      summary.failedAttempts = Number(attempts?.n ?? 0);
      const failures = await db
        .selectFrom('deliveries')
        .innerJoin('events', 'events.id', 'deliveries.event_id')
        .select(['deliveries.updated_at as at', 'events.title', 'deliveries.last_error'])
        .where('deliveries.receiver_id', 'in', ids)
        .where('deliveries.status', '=', 'dead')
        .where('deliveries.created_at', '>=', since)
        .orderBy('deliveries.updated_at', 'desc')
        .limit(5)
        .execute();
      return {
        ...summary,
        lastFailures: failures.map((f) => ({ at: f.at, title: f.title, error: f.last_error ?? '' })),
      };
    },

    async recentDeliveries(receiverIds, limit) {
      const ids = await own(receiverIds);
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('deliveries')
        .innerJoin('events', 'events.id', 'deliveries.event_id')
        .select([
          'deliveries.created_at as at',
          'deliveries.status',
          'events.title',
          'events.type',
          'events.url',
        ])
        .where('deliveries.receiver_id', 'in', ids)
        .orderBy('deliveries.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ at: r.at, title: r.title, status: r.status, eventType: r.type, url: r.url }));
    },

    async rulesFor(receiverIds) {
      const ids = await own(receiverIds);
      if (ids.length === 0) return [];
      const rules = await db
        .selectFrom('rules')
        .selectAll()
        .where('id', 'in', db.selectFrom('rule_receivers').select('rule_id').where('receiver_id', 'in', ids))
        .orderBy('priority', 'desc')
        .orderBy('name')
        .execute();
      const sourceIds = new Set(
        rules.flatMap((r) => (r.source_ids ? parseJson<string[]>(r.source_ids) : [])),
      );
      const names = new Map(
        sourceIds.size === 0
          ? []
          : (
              await db
                .selectFrom('sources')
                .select(['id', 'name'])
                .where('id', 'in', [...sourceIds])
                .execute()
            ).map((s) => [s.id, s.name]),
      );
      return rules.map((rule) => ({
        name: rule.name,
        enabled: rule.enabled === 1,
        eventTypes: parseJson<string[]>(rule.event_types),
        sources: rule.source_ids ? parseJson<string[]>(rule.source_ids).map((id) => names.get(id) ?? id) : [],
      }));
    },

    async activeSilences(receiverIds) {
      const byReceiver = await activeSilences(database, await own(receiverIds), clock.now());
      return [...byReceiver.values()]
        .flat()
        .map((s) => ({ mode: s.mode, endsAt: s.endsAt, comment: s.comment }))
        .sort((a, b) => a.endsAt - b.endsAt);
    },

    async silence(receiverIds, silence) {
      const ownerId = await ownerOfTarget();
      for (const receiverId of await own(receiverIds)) {
        const now = clock.now();
        await db.transaction().execute(async (trx) => {
          const created = await createSilence(
            { ...database, db: trx },
            { ownerId, receiverId, ...silence },
            now,
          );
          if (!created.ok) throw new Error(created.message);
          // Nobody signed in: the chat's member, whom createdBy names, muted it through the bot.
          await recordAudit(trx, now, botActor, {
            action: 'silence.create',
            resourceType: 'silence',
            resourceId: created.silence.id,
            after: { ...created.silence },
          });
        });
      }
    },

    async endSilences(receiverIds) {
      let ended = 0;
      for (const receiverId of await own(receiverIds)) {
        const silences = await endSilences(database, receiverId, clock.now());
        // endSilences commits the ends with the deliveries they release; the entries follow.
        for (const silence of silences) {
          await recordAudit(db, clock.now(), botActor, {
            action: 'silence.end',
            resourceType: 'silence',
            resourceId: silence.id,
            after: { ...silence },
          });
        }
        ended += silences.length;
      }
      if (ended > 0) onSilencesEnded();
      return ended;
    },

    async offerCandidate(candidate) {
      const earlier = await db
        .selectFrom('receiver_candidates')
        .select('detail')
        .where('target_id', '=', targetId)
        .where('key', '=', candidate.key)
        .executeTakeFirst();
      const row = {
        address: JSON.stringify(candidate.address),
        title: candidate.title,
        chat_type: candidate.chatType,
        detail: JSON.stringify(mergeDetail(earlier ? parseJson(earlier.detail) : {}, candidate.detail)),
        last_seen_at: clock.now(),
      };
      await db
        .insertInto('receiver_candidates')
        .values({ target_id: targetId, key: candidate.key, ...row })
        .onConflict((oc) => oc.columns(['target_id', 'key']).doUpdateSet(row))
        .execute();
    },

    async withdrawCandidate(key) {
      await db
        .deleteFrom('receiver_candidates')
        .where('target_id', '=', targetId)
        .where('key', '=', key)
        .execute();
    },
  };
}

/** Later facts win, but lists accumulate: a chat's topics are learnt one message at a time. */
function mergeDetail(
  earlier: Record<string, unknown>,
  later: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...earlier, ...later };
  for (const [key, value] of Object.entries(later)) {
    const before = earlier[key];
    if (Array.isArray(value) && Array.isArray(before)) {
      const seen = new Map([...before, ...value].map((item) => [JSON.stringify(item), item]));
      merged[key] = [...seen.values()];
    }
  }
  return merged;
}
