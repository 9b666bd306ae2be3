import type { FastifyInstance } from 'fastify';
import { type NtfySubscribeOptions, ntfySubscribeRoutes } from './ntfy/ntfy-subscribe-routes.ts';

/**
 * The subscribe side of a compatibility API, by the source kind whose port (NB_COMPAT_PORTS) serves it: on
 * the ntfy port, ntfy's apps subscribe to topics as they publish to the ntfy source. One line per protocol.
 */
export const compatSubscribers: ReadonlyMap<
  string,
  (app: FastifyInstance, options: NtfySubscribeOptions) => Promise<void>
> = new Map([['ntfy', ntfySubscribeRoutes]]);
