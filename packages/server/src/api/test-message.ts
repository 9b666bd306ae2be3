import { Type } from 'typebox';
import type { SendOutcome } from '../channels/channel.ts';
import { channelKind } from '../channels/registry.ts';
import type { ReceiversTable, TargetsTable } from '../db/schema.ts';
import { invokeChannel } from '../delivery/invoke-channel.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import type { RenderedMessage } from '../render/message.ts';
import { openFields } from '../security/secret-box.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { ApiOptions } from './api-options.ts';

export const TestMessageResult = Type.Object({
  status: Type.Enum(['sent', 'retry', 'failed']),
  providerMessageId: Type.Optional(Type.String()),
  error: Type.Optional(
    Type.Object({
      kind: Type.Enum(['rejected', 'transport', 'internal']),
      message: Type.String(),
      httpStatus: Type.Optional(Type.Integer()),
      code: Type.Optional(Type.String()),
    }),
  ),
  retryAfterMs: Type.Optional(Type.Integer()),
});

export const testMessageText = 'notify-bridge test message';

/**
 * Sends one fixed message to a receiver right now through the dispatcher's own invokeChannel (secrets
 * unsealed only here), and reports the channel's outcome. Nothing is stored: no event, delivery or attempt,
 * and a failure does not disable the receiver.
 */
export async function sendTestMessage(
  options: ApiOptions,
  target: Pick<TargetsTable, 'id' | 'kind' | 'config'>,
  receiver: Pick<ReceiversTable, 'id' | 'address' | 'options'>,
  logger: Logger,
): Promise<SendOutcome> {
  const channel = channelKind(target.kind);
  if (!channel)
    throw new BridgeError('NB_ERR_CONFLICT', `channel kind "${target.kind}" is not in this version`);
  const now = options.clock.now();
  const message: RenderedMessage = {
    format: channel.formats[0] ?? 'text',
    title: testMessageText,
    body: `${testMessageText}: if you can read this, the receiver works.`,
    severity: 'info',
    url: null,
    tags: ['test'],
    attachments: [],
    eventId: 'test',
    eventType: 'bridge.test',
    occurredAt: now,
  };
  const config = openFields(options.secretBox, parseJson(target.config), channel.secretFields, {
    table: 'targets',
    rowId: target.id,
  });
  const deliveryId = newId();
  return invokeChannel(
    options.dispatcher.channelServices,
    {
      channel,
      targetId: target.id,
      config,
      address: parseJson(receiver.address),
      options: parseJson(receiver.options),
      deliveryId,
      attempt: 1,
      // A test message is sent once, never retried.
      lastAttempt: true,
      logger: logger.child({ deliveryId, receiverId: receiver.id, test: true }),
    },
    message,
  );
}

/** The outcome as the API returns it (`detail` stays out: it is the channel's, free-form). */
export function testMessageView(outcome: SendOutcome) {
  if (outcome.status === 'sent') {
    return {
      status: outcome.status,
      ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}),
    };
  }
  return {
    status: outcome.status,
    error: outcome.error,
    ...(outcome.status === 'retry' && outcome.retryAfterMs !== undefined
      ? { retryAfterMs: Math.round(outcome.retryAfterMs) }
      : {}),
  };
}
