import pg from 'pg';
import { type Clock, sleep } from '../domain/clock.ts';
import type { Logger } from '../telemetry/logger.ts';

/**
 * LISTEN on one connection of its own, so other nodes' commits wake this node's broadcaster within
 * milliseconds. A NOTIFY is only a wake-up: the entries are read from the table, so one lost while the
 * connection was down costs nothing but time, and a reconnect wakes the broadcaster once to catch up.
 */
export function postgresWakeups(options: {
  url: string;
  channel: string;
  clock: Clock;
  logger: Logger;
}): (onWakeup: () => void) => Promise<() => Promise<void>> {
  return async (onWakeup) => {
    const stopping = new AbortController();
    let client: pg.Client | undefined;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: options.url });
      next.on('notification', () => onWakeup());
      next.on('error', (error) => {
        options.logger.warn({ err: error }, 'the stream wake-up connection failed; reconnecting');
      });
      next.on('end', () => {
        if (stopping.signal.aborted) return;
        void reconnect();
      });
      await next.connect();
      await next.query(`listen "${options.channel}"`);
      client = next;
    };
    const reconnect = async (): Promise<void> => {
      client = undefined;
      while (!stopping.signal.aborted) {
        await sleep(options.clock, 1000, stopping.signal);
        if (stopping.signal.aborted) return;
        try {
          await connect();
          onWakeup();
          return;
        } catch (error) {
          options.logger.warn({ err: error }, 'reconnecting the stream wake-up connection failed');
        }
      }
    };
    await connect();
    return async () => {
      stopping.abort();
      await client?.end().catch(() => {});
    };
  };
}
