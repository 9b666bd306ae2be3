import {
  type ChannelKind,
  type ChannelState,
  ConnectionFailed,
  type ReceiverOptions,
  type SendOutcome,
  type TopicPublisher,
} from '../channels/channel.ts';
import type { Clock } from '../domain/clock.ts';
import { untilAborted } from '../domain/until-aborted.ts';
import type { RenderedMessage } from '../render/message.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { ChannelConnections } from './channel-connections.ts';

/** What every send needs from the process, the same for the dispatcher and the test send. */
export interface ChannelServices {
  /**
   * Where a target's channel state lives: the channel_state table for stored targets (channelState), a
   * map for a one-off send that has no target row (the CLI's send --to).
   */
  stateOf(targetId: string): ChannelState;
  http: HttpClient;
  clock: Clock;
  sendTimeoutMs: number;
  /** The open connections of channels that keep one per target. */
  connections: ChannelConnections;
  /** Publishing to the topics of a target's owner; absent where there are none (the CLI's send --to). */
  topicsOf?(targetId: string): TopicPublisher;
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
    const connection = channel.connector
      ? await untilAborted(openConnection(services, call), controller.signal)
      : undefined;
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
        state: services.stateOf(call.targetId),
        ...(connection === undefined ? {} : { connection }),
        ...(services.topicsOf ? { topics: services.topicsOf(call.targetId) } : {}),
      },
      message,
    );
  } catch (error) {
    if (controller.signal.aborted && !call.shuttingDown?.aborted) {
      return { status: 'retry', error: { kind: 'transport', message: 'the send timed out' } };
    }
    if (error instanceof ConnectionFailed) return error.outcome;
    if (error instanceof ConnectError) {
      return {
        status: 'retry',
        error: { kind: 'transport', message: `could not connect: ${error.message}` },
      };
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

/** A connector's open failed in a way it did not classify: worth another try. */
class ConnectError extends Error {}

/** The target's connection; an open failure the connector did not classify becomes a ConnectError. */
async function openConnection(services: ChannelServices, call: ChannelCall): Promise<unknown> {
  try {
    return await services.connections.get(call.channel, call.targetId, call.config);
  } catch (error) {
    throw error instanceof ConnectionFailed ? error : new ConnectError((error as Error).message);
  }
}
