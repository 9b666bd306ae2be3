import type { ChannelKind, ReceiverOptions, SendOutcome } from '../channels/channel.ts';
import type { Database } from '../db/open-database.ts';
import type { Clock } from '../domain/clock.ts';
import type { RenderedMessage } from '../render/message.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import type { Logger } from '../telemetry/logger.ts';
import { channelState } from './channel-state.ts';

/** What every send needs from the process, the same for the dispatcher and the test send. */
export interface ChannelServices {
  database: Database;
  http: HttpClient;
  clock: Clock;
  sendTimeoutMs: number;
}

export interface ChannelCall {
  channel: ChannelKind;
  targetId: string;
  /** The target's config with its secrets unsealed; never logged. */
  config: unknown;
  address: unknown;
  options: ReceiverOptions;
  deliveryId: string;
  attempt: number;
  lastAttempt: boolean;
  logger: Logger;
  /**
   * Where the send's controller is kept while it runs, so a shutdown can abort it; when `shuttingDown`
   * has aborted, an aborted send is the shutdown's doing, not a timeout.
   */
  inFlight?: Set<AbortController>;
  shuttingDown?: AbortSignal;
}

/**
 * The one way a message reaches a channel: a time budget on the injectable clock, the channel's state, and
 * a throwing channel turned into an outcome, so what a test send reports is what a delivery would record.
 */
export async function invokeChannel(
  services: ChannelServices,
  call: ChannelCall,
  message: RenderedMessage,
): Promise<SendOutcome> {
  const { channel, logger } = call;
  // A plain controller and timer per send: AbortSignal.any/timeout cost several percent of the CPU here.
  const controller = new AbortController();
  const timer = services.clock.setTimeout(
    () => controller.abort(new DOMException('the send timed out', 'TimeoutError')),
    services.sendTimeoutMs,
  );
  call.inFlight?.add(controller);
  logger.debug({ targetId: call.targetId, channel: channel.kind }, 'delivery attempt started');
  try {
    return await channel.send(
      {
        config: call.config,
        address: call.address,
        options: call.options,
        deliveryId: call.deliveryId,
        attempt: call.attempt,
        lastAttempt: call.lastAttempt,
        http: services.http,
        logger,
        clock: services.clock,
        signal: controller.signal,
        state: channelState(services.database, call.targetId, services.clock),
      },
      message,
    );
  } catch (error) {
    if (controller.signal.aborted && !call.shuttingDown?.aborted) {
      return { status: 'retry', error: { kind: 'transport', message: 'the send timed out' } };
    }
    logger.error({ err: error }, 'channel threw instead of returning an outcome');
    return {
      status: 'failed',
      error: { kind: 'internal', message: `channel ${channel.kind} failed: ${(error as Error).message}` },
    };
  } finally {
    services.clock.clearTimeout(timer);
    call.inFlight?.delete(controller);
  }
}
