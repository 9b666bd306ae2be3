import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChannelInbound, ChannelKind, InboundContext } from '../channels/channel.ts';
import type { Database } from '../db/open-database.ts';
import { BridgeError } from '../errors.ts';
import type { Logger } from '../telemetry/logger.ts';
import { type InboundRunner, updatesPath } from './inbound-runner.ts';

interface UpdatesRouteOptions {
  database: Database;
  runner: InboundRunner;
  channelKind(kind: string): ChannelKind | undefined;
}

type Webhook = NonNullable<ChannelInbound<unknown>['webhook']>;

/**
 * `POST /channels/:targetId/updates`: what a two-way channel's far side pushes (Telegram's webhook mode).
 * The channel authenticates the request from its headers before the body is read; any node may answer.
 */
export async function updatesRoute(app: FastifyInstance, options: UpdatesRouteOptions): Promise<void> {
  const admitted = new WeakMap<FastifyRequest, { webhook: Webhook; ctx: InboundContext<unknown> }>();
  app.post<{ Params: { targetId: string } }>(
    updatesPath(':targetId'),
    {
      schema: {
        tags: ['ingress'],
        summary: "Updates pushed by a two-way channel's far side (a Telegram bot in webhook mode)",
        description:
          'The bridge registers this URL itself (`NB_PUBLIC_URL`); the channel checks its secret header ' +
          "(Telegram's `X-Telegram-Bot-Api-Secret-Token`) before the body is read.",
        security: [],
      },
      onRequest: async (request) => {
        const target = await options.database.db
          .selectFrom('targets')
          .select(['id', 'kind', 'config'])
          .where('id', '=', request.params.targetId)
          .where('enabled', '=', 1)
          .executeTakeFirst();
        const channel = target && options.channelKind(target.kind);
        const webhook = channel?.inbound?.webhook as Webhook | undefined;
        if (!target || !channel || !webhook) {
          throw new BridgeError('NB_ERR_NOT_FOUND', 'no enabled target takes updates at this URL');
        }
        const ctx = options.runner.context(
          channel,
          target,
          new AbortController().signal,
          request.log as Logger,
        );
        if (!webhook.authenticate(request.headers, ctx.config)) {
          throw new BridgeError('NB_ERR_UNAUTHORIZED', "the request does not carry this target's secret");
        }
        admitted.set(request, { webhook, ctx });
      },
    },
    async (request) => {
      const { webhook, ctx } = admitted.get(request)!;
      await webhook.handle(ctx, request.body);
      return { ok: true };
    },
  );
}
