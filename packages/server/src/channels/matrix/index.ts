import type { ChannelKind, SendOutcome } from '../channel.ts';
import { outcomeOfHttpError } from '../http-outcome.ts';
import { type MatrixContext, sendRoomMessage } from './client-api.ts';
import {
  type MatrixAddress,
  MatrixAddressSchema,
  type MatrixTargetConfig,
  MatrixTargetConfigSchema,
} from './config-schema.ts';
import { forgetAlias, roomIdOf } from './room-id.ts';
import { type TextEvent, textEvent } from './room-message.ts';
import { fileBytesMax, filesMax, sendWithFiles } from './send-files.ts';

export {
  type MatrixAddress,
  MatrixAddressSchema,
  type MatrixTargetConfig,
  MatrixTargetConfigSchema,
} from './config-schema.ts';

/**
 * Posts into a Matrix room through the client-server API (spec.matrix.org/latest/client-server-api), with
 * the delivery id as the transaction id: a retry after a lost answer posts nothing twice. HTML templates
 * go as `formatted_body` in Matrix's HTML subset; attachments are uploaded and sent as events of their own.
 * Written on the guarded HTTP client rather than matrix-js-sdk: three endpoints do not pay for a sync
 * engine, and the SDK's own fetch would bypass the SSRF guard. End-to-end encrypted rooms are out of scope.
 */
export const matrixChannel: ChannelKind<MatrixTargetConfig, MatrixAddress> = {
  kind: 'matrix',
  description: 'Post into a Matrix room as a user or bot account: HTML messages, images and files.',
  configSchema: MatrixTargetConfigSchema,
  addressSchema: MatrixAddressSchema,
  secretFields: ['accessToken'],
  formats: ['html', 'text'],
  limits: { textMax: 16_000, attachmentsMax: filesMax, bytesMax: fileBytesMax },

  async send(ctx, message): Promise<SendOutcome> {
    try {
      const room = await roomIdOf(ctx);
      if ('outcome' in room) return room.outcome;
      // m.notice is what a silent message is in Matrix: the default push rules do not notify for it.
      const silent = ctx.address.notice === true || ctx.options.silent === true;
      const text = textEvent(message, silent ? 'm.notice' : 'm.text');
      const outcome =
        message.attachments.length === 0
          ? await sendText(ctx, room.value, text)
          : await sendWithFiles(ctx, room.value, text, message.attachments);
      if (outcome.status === 'failed' && outcome.disableReceiver) await forgetAlias(ctx);
      return outcome;
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};

async function sendText(ctx: MatrixContext, roomId: string, text: TextEvent): Promise<SendOutcome> {
  const sent = await sendRoomMessage(ctx, roomId, ctx.deliveryId, text.content);
  if ('outcome' in sent) return sent.outcome;
  return {
    status: 'sent',
    providerMessageId: sent.value,
    httpStatus: sent.httpStatus,
    ...(text.formattingDropped ? { detail: { formattingDropped: true } } : {}),
  };
}
