import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { parseJson } from '../json.ts';
import type { ApiOptions } from './api-options.ts';
import { errorResponses, IdParams, IsoTime, iso, JsonObject } from './schemas.ts';
import { scopeOf } from './scope.ts';
import { loadTarget } from './targets.ts';

const CandidateView = Type.Object({
  key: Type.String({ description: "The channel's identity of the chat." }),
  address: JsonObject,
  title: Type.String(),
  chatType: Type.String({ description: 'private, group, supergroup or channel for Telegram.' }),
  detail: JsonObject,
  lastSeenAt: IsoTime,
});

/**
 * Chats that wrote to a two-way target (a Telegram bot) and are not receivers yet, newest first: their
 * `address` is ready to post to /targets/:id/receivers, so nobody has to dig out chat ids by hand.
 */
export async function receiverCandidateRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  app.get<{ Params: Static<typeof IdParams> }>(
    '/targets/:id/candidates',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['targets'],
        summary: 'Chats that contacted this target and could become receivers',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(CandidateView) }), ...errorResponses() },
      },
    },
    async (request) => {
      const target = await loadTarget(options, scopeOf(request), request.params.id);
      const rows = await options.database.db
        .selectFrom('receiver_candidates')
        .selectAll()
        .where('target_id', '=', target.id)
        // A chat made a receiver through the API (the UI's one click) is no candidate any more, though
        // only the bot itself withdraws the row.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('receivers')
                .select('receivers.id')
                .whereRef('receivers.target_id', '=', 'receiver_candidates.target_id')
                .whereRef('receivers.address', '=', 'receiver_candidates.address'),
            ),
          ),
        )
        .orderBy('last_seen_at', 'desc')
        .limit(200)
        .execute();
      return {
        items: rows.map((row) => ({
          key: row.key,
          address: parseJson<Record<string, unknown>>(row.address),
          title: row.title,
          chatType: row.chat_type,
          detail: parseJson<Record<string, unknown>>(row.detail),
          lastSeenAt: iso(row.last_seen_at),
        })),
      };
    },
  );
}
