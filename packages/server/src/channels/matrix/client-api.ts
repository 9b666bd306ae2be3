import type { SendContext, SendOutcome } from '../channel.ts';
import { joinUrl } from '../config-url.ts';
import { jsonAnswer } from '../json-answer.ts';
import type { MatrixAddress, MatrixTargetConfig } from './config-schema.ts';
import { matrixOutcome } from './matrix-answer.ts';

/** Answers to these calls are a few hundred bytes; a proxy's error page is cut here. */
const maxResponseBytes = 64 * 1024;

export type MatrixContext = SendContext<MatrixTargetConfig, MatrixAddress>;

/** A value the homeserver gave, or what its refusal means for the delivery. */
export type Answered<T> =
  | { value: T; httpStatus: number }
  | { outcome: Exclude<SendOutcome, { status: 'sent' }> };

export const sensitiveOf = (ctx: MatrixContext) => [ctx.config.accessToken];

async function call<T>(
  ctx: MatrixContext,
  path: string,
  init: { method: string; body?: string | Uint8Array; contentType?: string },
  which: 'send' | 'alias' | 'upload',
  read: (answer: Record<string, unknown> | undefined) => T | undefined,
  missing: string,
): Promise<Answered<T>> {
  const response = await ctx.http.request(joinUrl(ctx.config.homeserver, path), {
    method: init.method,
    headers: {
      // The header, never the deprecated access_token query parameter: URLs end up in logs.
      authorization: `Bearer ${ctx.config.accessToken}`,
      ...(init.contentType ? { 'content-type': init.contentType } : {}),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
    redirect: 'error',
    maxResponseBytes,
    signal: ctx.signal,
  });
  if (response.status >= 200 && response.status < 300) {
    const value = read(jsonAnswer(response));
    if (value !== undefined) return { value, httpStatus: response.status };
    // Not the homeserver's answer (a captive portal, a proxy): another try is safe, sends are idempotent.
    return {
      outcome: {
        status: 'retry',
        error: {
          kind: 'rejected',
          httpStatus: response.status,
          message: `HTTP ${response.status}: ${missing}`,
        },
      },
    };
  }
  const outcome = matrixOutcome(response, which, ctx.clock.now(), sensitiveOf(ctx));
  return { outcome: outcome as Exclude<SendOutcome, { status: 'sent' }> };
}

const stringField = (field: string) => (answer: Record<string, unknown> | undefined) =>
  typeof answer?.[field] === 'string' && answer[field] !== '' ? (answer[field] as string) : undefined;

/** GET /_matrix/client/v3/directory/room/{roomAlias}: the room an alias points to. */
export function resolveAlias(ctx: MatrixContext, alias: string): Promise<Answered<string>> {
  return call(
    ctx,
    `_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`,
    { method: 'GET' },
    'alias',
    stringField('room_id'),
    'the answer names no room_id',
  );
}

/**
 * PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}. The homeserver answers a repeated
 * transaction id (from the same access token) with the first event's id and posts nothing new: a retry
 * after a lost answer is harmless (…#transaction-identifiers).
 */
export function sendRoomMessage(
  ctx: MatrixContext,
  roomId: string,
  txnId: string,
  content: object,
): Promise<Answered<string>> {
  return call(
    ctx,
    `_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`,
    { method: 'PUT', body: JSON.stringify(content), contentType: 'application/json' },
    'send',
    stringField('event_id'),
    'the answer names no event_id',
  );
}

/** POST /_matrix/media/v3/upload: the file's mxc:// URI. Not idempotent: the caller keeps the URI. */
export function uploadMedia(
  ctx: MatrixContext,
  file: { bytes: Uint8Array; filename: string; contentType: string },
): Promise<Answered<string>> {
  return call(
    ctx,
    `_matrix/media/v3/upload?filename=${encodeURIComponent(file.filename)}`,
    { method: 'POST', body: file.bytes, contentType: file.contentType },
    'upload',
    (answer) => {
      const uri = stringField('content_uri')(answer);
      return uri?.startsWith('mxc://') ? uri : undefined;
    },
    'the answer names no mxc:// content_uri',
  );
}
