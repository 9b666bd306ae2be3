import type { OutgoingAttachment } from '../../render/message.ts';
import { attachmentFile, isAttachmentFile } from '../attachment-bytes.ts';
import type { SendOutcome } from '../channel.ts';
import { outcomeOfHttpError } from '../http-outcome.ts';
import { type MatrixContext, sendRoomMessage, uploadMedia } from './client-api.ts';
import { isAccountError } from './matrix-answer.ts';
import { fileEvent, type TextEvent } from './room-message.ts';

/** Files per message we send as events of their own; more would flood the room. */
export const filesMax = 10;
/** Synapse's default `max_upload_size`; a homeserver that takes less answers 413, and the file is left out. */
export const fileBytesMax = 50 * 1024 * 1024;

/** What earlier attempts of this delivery did: event ids by transaction id, and uploaded files by index. */
interface Progress {
  events: Record<string, string>;
  uploads: Record<string, string>;
}

interface FileResult {
  index: number;
  name?: string;
  eventId?: string;
  skipped?: string;
}

const progressKey = (deliveryId: string) => `progress:${deliveryId}`;

/** Each event of a delivery has its own transaction id, the same on every attempt. */
export const fileTxnId = (deliveryId: string, index: number) => `${deliveryId}-file-${index}`;

/**
 * The text, then each attachment uploaded and sent as an `m.image`/`m.video`/`m.audio`/`m.file` event.
 * Every event's transaction id derives from the delivery id, so a retry re-sends nothing the homeserver
 * already has; uploads have no such key, so their mxc:// URIs are kept for the next attempt (and the
 * events' ids too, for a retry later than the homeserver remembers transactions). A file that cannot be
 * had is left out and named in the detail; one that may come later is waited for, except on the last try.
 */
export async function sendWithFiles(
  ctx: MatrixContext,
  roomId: string,
  text: TextEvent,
  attachments: readonly OutgoingAttachment[],
): Promise<SendOutcome> {
  const key = progressKey(ctx.deliveryId);
  const saved = await ctx.state.get(key);
  const progress: Progress = saved ? (JSON.parse(saved) as Progress) : { events: {}, uploads: {} };
  const files: FileResult[] = [];
  const stop = async (outcome: SendOutcome) => {
    if (outcome.status === 'retry' && !ctx.lastAttempt) await ctx.state.set(key, JSON.stringify(progress));
    else await ctx.state.delete(key);
    return outcome.status === 'sent' ? outcome : { ...outcome, detail: { files } };
  };
  try {
    return await sendEach(ctx, roomId, text, attachments, progress, files, stop);
  } catch (error) {
    // A network failure or the time budget running out midway: what this attempt uploaded is kept too.
    return stop(outcomeOfHttpError(error));
  }
}

async function sendEach(
  ctx: MatrixContext,
  roomId: string,
  text: TextEvent,
  attachments: readonly OutgoingAttachment[],
  progress: Progress,
  files: FileResult[],
  stop: (outcome: SendOutcome) => Promise<SendOutcome>,
): Promise<SendOutcome> {
  let later: string | undefined;

  // The status of this attempt's last answer; none when earlier attempts had sent everything.
  let httpStatus: number | undefined;
  let textEventId = progress.events[ctx.deliveryId];
  if (textEventId === undefined) {
    const sent = await sendRoomMessage(ctx, roomId, ctx.deliveryId, text.content);
    if ('outcome' in sent) return stop(sent.outcome);
    httpStatus = sent.httpStatus;
    textEventId = sent.value;
    progress.events[ctx.deliveryId] = textEventId;
  }

  for (const [index, attachment] of attachments.entries()) {
    const name = attachment.name;
    if (index >= filesMax) {
      files.push({ index, ...(name ? { name } : {}), skipped: `at most ${filesMax} files per message` });
      continue;
    }
    const txnId = fileTxnId(ctx.deliveryId, index);
    const done = progress.events[txnId];
    if (done !== undefined) {
      files.push({ index, ...(name ? { name } : {}), eventId: done });
      continue;
    }
    const file = await attachmentFile(ctx.http, attachment, index, fileBytesMax, ctx.signal);
    if (!isAttachmentFile(file)) {
      if (file.later && !ctx.lastAttempt) later ??= file.reason;
      files.push({ index, ...(name ? { name } : {}), skipped: file.reason });
      continue;
    }
    let uri = progress.uploads[index];
    if (uri === undefined) {
      const uploaded = await uploadMedia(ctx, file);
      if ('outcome' in uploaded) {
        const { outcome } = uploaded;
        // The whole delivery waits for a homeserver that is busy, or fails on a bad token; a file the
        // homeserver will not take (too large, a media repository that refuses) is only left out.
        if (outcome.status === 'retry' || isAccountError(outcome.error.code)) {
          return stop(outcome);
        }
        files.push({ index, name: file.filename, skipped: outcome.error.message });
        continue;
      }
      uri = uploaded.value;
      progress.uploads[index] = uri;
    }
    const sent = await sendRoomMessage(ctx, roomId, txnId, fileEvent(file, uri));
    if ('outcome' in sent) return stop(sent.outcome);
    httpStatus = sent.httpStatus;
    progress.events[txnId] = sent.value;
    files.push({ index, name: file.filename, eventId: sent.value });
  }

  if (later !== undefined) {
    return stop({ status: 'retry', error: { kind: 'transport', message: `attachment: ${later}` } });
  }
  return stop({
    status: 'sent',
    providerMessageId: textEventId,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    detail: { files, ...(text.formattingDropped ? { formattingDropped: true } : {}) },
  });
}
