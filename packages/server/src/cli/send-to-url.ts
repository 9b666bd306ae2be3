import type { ChannelState, SendOutcome } from '../channels/channel.ts';
import { targetOfUrl } from '../channels/target-from-url.ts';
import { ChannelConnections } from '../delivery/channel-connections.ts';
import { type ChannelServices, invokeChannel } from '../delivery/invoke-channel.ts';
import type { Clock } from '../domain/clock.ts';
import type { Severity } from '../domain/event.ts';
import { newId } from '../ids.ts';
import type { RenderedMessage } from '../render/message.ts';
import { schemaProblems } from '../schema-check.ts';
import { createGuardedHttpClient } from '../security/http/ssrf-guarded-client.ts';
import { socketDestinations } from '../security/socket-destinations.ts';
import type { Logger } from '../telemetry/logger.ts';
import { CliError } from './cli-error.ts';

export interface SendToUrlOptions {
  url: string;
  title: string;
  body: string;
  severity: Severity;
  allowPrivate: readonly string[];
  sendTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** What happened at each receiver the URL names, in order. */
export type SendToUrlResult = { receiver: number; outcome: SendOutcome }[];

/**
 * One message to the receivers an Apprise-style URL names, with nothing stored: the same checks as a target
 * made through the API, then each receiver through invokeChannel with the SSRF guard the server uses, its
 * own connections (closed after) and channel state kept in memory for this one send.
 */
export async function sendToUrl(options: SendToUrlOptions): Promise<SendToUrlResult> {
  const target = targetOfUrl(options.url);
  if (typeof target === 'string') throw new CliError(`send: --to ${target}`, 2);
  const { channel } = target;
  const problem =
    firstProblem(channel.configSchema, target.config, 'config') ??
    channel.validateConfig?.(target.config as never) ??
    target.addresses.map((a, i) => firstProblem(channel.addressSchema, a, `receiver ${i + 1}`)).find(Boolean);
  if (problem) throw new CliError(`send: --to (${channel.kind}): ${problem}`, 2);

  const { clock, logger } = options;
  const http = createGuardedHttpClient({ allowPrivate: options.allowPrivate, clock });
  const connections = new ChannelConnections({
    sockets: socketDestinations({ allowPrivate: options.allowPrivate }),
    clock,
    logger,
  });
  const state = new Map<string, string>();
  const services: ChannelServices = {
    stateOf: () => memoryState(state),
    http,
    clock,
    sendTimeoutMs: options.sendTimeoutMs,
    connections,
  };
  const eventId = newId();
  const message: RenderedMessage = {
    // Every channel shows plain text; the body is sent as typed, never read as markup.
    format: 'text',
    title: options.title,
    body: options.body,
    severity: options.severity,
    url: null,
    tags: [],
    attachments: [],
    eventId,
    eventType: 'cli.send',
    occurredAt: clock.now(),
  };
  const results: SendToUrlResult = [];
  try {
    for (const [index, address] of target.addresses.entries()) {
      const deliveryId = newId();
      const outcome = await invokeChannel(
        services,
        {
          channel,
          targetId: `cli-${eventId}`,
          config: target.config,
          address,
          options: {},
          deliveryId,
          attempt: 1,
          lastAttempt: true,
          logger: logger.child({ deliveryId, receiver: index + 1 }),
        },
        message,
      );
      results.push({ receiver: index + 1, outcome });
    }
  } finally {
    await connections.closeAll();
    await http.close();
  }
  return results;
}

/** The first schema problem, as "where what" without the value (it may be a secret). */
function firstProblem(schema: Parameters<typeof schemaProblems>[0], value: unknown, what: string) {
  const [first] = schemaProblems(schema, value);
  return first ? `${what}${first.path ? ` ${first.path}` : ''} ${first.message}` : undefined;
}

function memoryState(values: Map<string, string>): ChannelState {
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}
