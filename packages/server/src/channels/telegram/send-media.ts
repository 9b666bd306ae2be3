import { createHash } from 'node:crypto';
import { type Api, InputMediaBuilder } from 'grammy';
import type { OutgoingAttachment as Attachment } from '../../render/message.ts';
import { htmlToText } from '../../render/text-escaping.ts';
import { HttpResponseTooLargeError, HttpTransportError } from '../../security/http/http-client.ts';
import { nameFromUrl } from '../attachment-bytes.ts';
import type { SendContext, SendOutcome } from '../channel.ts';
import { albumMessages, sentFileId, sentMessageId } from './bot-answer.ts';
import {
  type BotConnection,
  isContentRejection,
  isParseError,
  isStaleFileId,
  mediaLimits,
  outcomeOf,
  reasonOf,
} from './bot-api.ts';
import { type MediaKind, type MediaLimits, mediaKindOf, placeMedia, planMediaSends } from './media-plan.ts';
import { sendHtmlText } from './send-text.ts';
import { escapeHtml, toTelegramHtml, truncateTelegramHtml, visibleLength } from './telegram-html.ts';
import { TypedFile } from './typed-uploads.ts';
import { contentDispositionName, safeFileName, uploadContentType, uploadFileName } from './upload-name.ts';

// Bot API limits after entity parsing (core.telegram.org/bots/api#sendmessage, #sendphoto).
export const textMax = 4096;
export const captionMax = 1024;

export const unknownMessageId = 'Telegram accepted the message, but its answer named no message_id';

/** What happened to one attachment; the attempt's detail lists one per attachment, in order. */
export interface ItemOutcome {
  name: string;
  /** `waiting`: not sent yet; the delivery's retry will try it again. */
  status: 'sent' | 'skipped' | 'failed' | 'waiting';
  kind?: MediaKind;
  /** How the file reached Telegram: uploaded, or by a file_id Telegram already had. */
  via?: 'upload' | 'file_id';
  messageId?: number;
  reason?: string;
  /** Something odd about Telegram's answer for a file it accepted. */
  warning?: string;
}

/** How far a delivery got, kept across retries so a retry never sends an album twice. */
interface Progress {
  textSent: boolean;
  /** The message that carries the text when it went on its own. */
  textMessageId?: number;
  fellBackToPlainText?: boolean;
  items: Record<number, ItemOutcome>;
  /** Odd answers to sends Telegram accepted, for the attempt's detail. */
  warnings?: string[];
}

/** Bytes to upload, with the type and name they go by. */
interface Upload {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

interface Ready {
  index: number;
  name: string;
  kind: MediaKind;
  note?: string;
  cacheKey: string;
  /** A file_id from an earlier upload, or the bytes to upload. */
  file: { fileId: string } | Upload;
  /** Where the bytes come from again if Telegram lost a cached file_id. */
  attachment: Attachment;
}

export interface MediaAddressing {
  chatId: number | string;
  /** Thread, silent flag: what every send to this receiver carries. */
  base: Record<string, unknown>;
  /** `base` plus what only text messages take (link previews). */
  textOptions: Record<string, unknown>;
  largeVideosAsDocuments: boolean;
}

type Ctx = SendContext<BotConnection, unknown>;

/**
 * Sends a message with attachments: the text as the caption of the first file when it fits in 1,024
 * characters (else as a message of its own first), files as albums of 2–10 or single sends by kind, with
 * a per-item fallback so one bad file never costs the others. Progress is saved after every send, so a
 * retry after a 429 or a network failure goes on where the last attempt stopped.
 */
export async function sendWithMedia(
  ctx: Ctx,
  api: Api,
  to: MediaAddressing,
  html: string,
  title: string,
  attachments: readonly Attachment[],
): Promise<SendOutcome> {
  const limits = mediaLimits(ctx.config);
  const progressKey = `progress:${ctx.deliveryId}`;
  const progress = await loadProgress(ctx, progressKey);
  const save = () => ctx.state.set(progressKey, JSON.stringify(progress));
  // Progress serves the next attempt; after the last one the delivery is dead and nothing would read it.
  const keepForRetry = () => (ctx.lastAttempt ? ctx.state.delete(progressKey) : save());
  const sendText = async () => {
    const text = truncateTelegramHtml(html, textMax);
    const sent = await sendHtmlText(api, to.chatId, text, to.textOptions, ctx.signal, ctx.logger);
    progress.textSent = true;
    if (sent.messageId === undefined) warn(progress, unknownMessageId);
    else progress.textMessageId = sent.messageId;
    if (sent.fellBackToPlainText) progress.fellBackToPlainText = true;
  };

  const ready: Ready[] = [];
  // Files the source could not serve right now: not recorded, so the retry this causes fetches them again.
  const later = new Map<number, ItemOutcome>();
  for (const [index, attachment] of attachments.entries()) {
    if (progress.items[index]) continue;
    const resolved = await resolveAttachment(ctx, attachment, index, limits, to.largeVideosAsDocuments);
    if (!('status' in resolved)) ready.push(resolved);
    else if (resolved.later) {
      const { later: _, ...outcome } = resolved;
      later.set(index, { ...outcome, status: 'waiting' });
    } else progress.items[index] = resolved;
  }

  const sends = planMediaSends(
    ready.map((r) => ({ index: r.index, kind: r.kind, size: 'bytes' in r.file ? r.file.bytes.length : 0 })),
    limits,
  );
  const byIndex = new Map(ready.map((r) => [r.index, r]));
  const captionFits = visibleLength(html) <= captionMax;
  const captionHtml = toTelegramHtml(html);
  try {
    if (!progress.textSent && (!captionFits || sends.length === 0)) {
      await sendText();
      await save();
    }
    for (const [n, send] of sends.entries()) {
      const items = send.items.map((item) => byIndex.get(item.index)!);
      const caption = progress.textSent
        ? n > 0
          ? partCaption(title, n, sends.length)
          : undefined
        : captionHtml;
      const captioned = await sendItems(ctx, api, to, items, caption, progress);
      if (captioned) progress.textSent = true;
      await save();
    }
    if (!progress.textSent) {
      // The file that was to carry the text failed: the words matter more than the file.
      await sendText();
    }
    if (later.size > 0) {
      await keepForRetry();
      return {
        status: 'retry',
        error: {
          kind: 'transport',
          message: `${later.size} of ${attachments.length} files could not be fetched yet (${[...later.values()][0]!.reason}); the rest went out`,
        },
        detail: detailOf(progress, attachments.length, later, true),
      };
    }
  } catch (error) {
    const outcome = outcomeOf(error, ctx.config.token);
    const retry = outcome.status === 'retry';
    if (retry) await keepForRetry();
    else await ctx.state.delete(progressKey);
    return { ...outcome, detail: detailOf(progress, attachments.length, later, retry) };
  }
  await ctx.state.delete(progressKey);
  const detail = detailOf(progress, attachments.length);
  const first =
    progress.textMessageId ?? detail.items.find((item) => item.messageId !== undefined)?.messageId;
  return {
    status: 'sent',
    ...(first === undefined ? {} : { providerMessageId: String(first) }),
    detail,
  };
}

/**
 * One request for these items (an album, or one file), then each item on its own if the album was
 * refused for its content. Returns whether the caption went out with a file. Errors that concern the chat
 * or the connection (429, 403, 5xx, network) are thrown: the whole delivery stops or retries.
 */
async function sendItems(
  ctx: Ctx,
  api: Api,
  to: MediaAddressing,
  items: Ready[],
  caption: string | undefined,
  progress: Progress,
): Promise<boolean> {
  if (items.length > 1) {
    try {
      const answer: unknown = await withCaptionFallback(caption, (options) =>
        api.sendMediaGroup(
          to.chatId,
          items.map((item, i) => inputMedia(item, i === 0 ? options : {})) as never,
          to.base,
          ctx.signal as never,
        ),
      );
      const messages = albumMessages(answer);
      if (messages.length !== items.length) {
        warn(
          progress,
          `Telegram accepted an album of ${items.length} files, but answered with ${messages.length} messages: their message ids are unknown`,
        );
      }
      for (const [i, item] of items.entries()) await recordSent(ctx, item, messages[i], progress);
      return caption !== undefined;
    } catch (error) {
      if (!isContentRejection(error)) throw error;
      ctx.logger.warn(
        { reason: reasonOf(error, ctx.config.token), items: items.length },
        'Telegram refused the album; sending its files one by one',
      );
    }
  }
  // The caption rides on the first file that goes through.
  let captioned = false;
  for (const item of items) {
    const itemCaption: string | undefined = captioned ? undefined : caption;
    if ((await sendOne(ctx, api, to, item, itemCaption, progress)) && itemCaption !== undefined)
      captioned = true;
  }
  return captioned;
}

/** One file by its kind's method; a stale file_id is uploaded again once. Returns whether it went out. */
async function sendOne(
  ctx: Ctx,
  api: Api,
  to: MediaAddressing,
  item: Ready,
  caption: string | undefined,
  progress: Progress,
): Promise<boolean> {
  const attempt = (file: TypedFile | string) =>
    withCaptionFallback(caption, (options) =>
      sendFile(api, item.kind, to.chatId, file, { ...to.base, ...options }, ctx.signal),
    );
  const fail = (reason: string) => {
    progress.items[item.index] = { name: item.name, kind: item.kind, status: 'failed', reason };
    return false;
  };
  try {
    let message: unknown;
    try {
      message = await attempt(fileOf(item));
    } catch (error) {
      if (!('fileId' in item.file) || !isStaleFileId(error)) throw error;
      await ctx.state.delete(item.cacheKey);
      const fetched = await download(ctx, item.attachment, mediaLimits(ctx.config).uploadBytes);
      if ('status' in fetched) return fail(fetched.reason);
      item.file = uploadOf(item.attachment, fetched, item.name);
      message = await attempt(fileOf(item));
    }
    await recordSent(ctx, item, message, progress);
    return true;
  } catch (error) {
    if (!isContentRejection(error)) throw error;
    return fail(reasonOf(error, ctx.config.token));
  }
}

/** Records a file Telegram accepted; what its answer lacks costs a warning, never the delivery. */
async function recordSent(ctx: Ctx, item: Ready, message: unknown, progress: Progress) {
  const messageId = sentMessageId(message);
  const fileId = sentFileId(message);
  const uploaded = 'bytes' in item.file;
  if (fileId && uploaded) {
    await ctx.state.set(item.cacheKey, JSON.stringify({ fileId, kind: item.kind }));
  }
  // A missing message says so once, for its whole album.
  const warning =
    message === undefined
      ? undefined
      : messageId === undefined
        ? "Telegram's answer for this file named no message_id"
        : fileId === undefined && uploaded
          ? "Telegram's answer for this file named no file_id: it is uploaded again next time"
          : undefined;
  progress.items[item.index] = {
    name: item.name,
    kind: item.kind,
    status: 'sent',
    via: uploaded ? 'upload' : 'file_id',
    ...(messageId === undefined ? {} : { messageId }),
    ...(item.note ? { reason: item.note } : {}),
    ...(warning ? { warning } : {}),
  };
}

function warn(progress: Progress, warning: string): void {
  progress.warnings = [...(progress.warnings ?? []), warning];
}

/** "Title (2/3)" for the first file of a later album, cut to fit a caption. */
function partCaption(title: string, n: number, of: number): string | undefined {
  if (!title) return undefined;
  const part = ` (${n + 1}/${of})`;
  return `${truncateTelegramHtml(escapeHtml(title), captionMax - part.length)}${part}`;
}

/** One file by the method of its kind. */
function sendFile(
  api: Api,
  kind: MediaKind,
  chatId: number | string,
  file: TypedFile | string,
  other: Record<string, unknown>,
  signal: AbortSignal,
): Promise<unknown> {
  const s = signal as never;
  switch (kind) {
    case 'photo':
      return api.sendPhoto(chatId, file, other, s);
    case 'video':
      return api.sendVideo(chatId, file, { ...other, supports_streaming: true }, s);
    case 'animation':
      return api.sendAnimation(chatId, file, other, s);
    case 'audio':
      return api.sendAudio(chatId, file, other, s);
    case 'document':
      return api.sendDocument(chatId, file, other, s);
  }
}

type CaptionOptions = { caption?: string; parse_mode?: 'HTML' };

/**
 * Sends with the caption as HTML; if Telegram still cannot parse it, once more as plain text, so the file
 * is not lost over its formatting.
 */
async function withCaptionFallback<T>(
  caption: string | undefined,
  send: (options: CaptionOptions) => Promise<T>,
): Promise<T> {
  if (caption === undefined) return send({});
  try {
    return await send({ caption, parse_mode: 'HTML' });
  } catch (error) {
    if (!isParseError(error)) throw error;
    return send({ caption: htmlToText(caption) });
  }
}

function inputMedia(item: Ready, options: CaptionOptions) {
  const file = fileOf(item);
  switch (item.kind) {
    case 'photo':
      return InputMediaBuilder.photo(file, options);
    case 'video':
      return InputMediaBuilder.video(file, { ...options, supports_streaming: true });
    case 'audio':
      return InputMediaBuilder.audio(file, options);
    default:
      return InputMediaBuilder.document(file, options);
  }
}

function fileOf(item: Ready): TypedFile | string {
  const { file } = item;
  return 'fileId' in file ? file.fileId : new TypedFile(file.bytes, file.filename, file.contentType);
}

/** A cached file_id, or the bytes (inline, or downloaded through the guarded client), placed by kind and size. */
async function resolveAttachment(
  ctx: Ctx,
  attachment: Attachment,
  index: number,
  limits: MediaLimits,
  largeVideosAsDocuments: boolean,
): Promise<Ready | (ItemOutcome & { later?: boolean })> {
  const name = attachment.name ?? nameFromUrl(attachment.url) ?? `file-${index + 1}`;
  const cacheKey = `file:${createHash('sha256')
    .update(attachment.url ?? attachment.data ?? '')
    .digest('hex')}`;
  const cached = await ctx.state.get(cacheKey);
  if (cached) {
    const { fileId, kind } = JSON.parse(cached) as { fileId: string; kind: MediaKind };
    return { index, name, kind, cacheKey, file: { fileId }, attachment };
  }
  const fetched = await download(ctx, attachment, limits.uploadBytes);
  if ('status' in fetched) return { name, ...fetched };
  const file = uploadOf(attachment, fetched, name);
  const kind = mediaKindOf(file.contentType, file.filename);
  const placement = placeMedia(kind, file.bytes.length, limits, largeVideosAsDocuments);
  if ('skip' in placement) return { name, status: 'skipped', reason: placement.skip };
  return {
    index,
    name,
    kind: placement.kind,
    ...(placement.note ? { note: placement.note } : {}),
    cacheKey,
    file,
    attachment,
  };
}

/**
 * What to upload: the type the event or the file's server gave (else the one its name implies), under the
 * event's name for it, the server's Content-Disposition name or the URL's last segment, with a matching
 * extension.
 */
function uploadOf(attachment: Attachment, fetched: Downloaded, name: string): Upload {
  const base = safeFileName(attachment.name) ?? fetched.fileName ?? safeFileName(name) ?? 'file';
  const contentType = uploadContentType(attachment.contentType ?? fetched.contentType, base);
  return { bytes: fetched.bytes, contentType, filename: uploadFileName(base, contentType) };
}

/** Why a file cannot be had; `later` when another attempt may succeed (5xx, 408/429, network). */
type Unavailable = { status: 'failed' | 'skipped'; reason: string; later?: boolean };

interface Downloaded {
  bytes: Buffer;
  contentType?: string;
  /** The name the server's Content-Disposition gives. */
  fileName?: string;
}

/** The file's bytes, or why they could not be had. */
async function download(
  ctx: Ctx,
  attachment: Attachment,
  maxBytes: number,
): Promise<Downloaded | Unavailable> {
  const failed = (reason: string): Unavailable => ({ status: 'failed', reason });
  if (attachment.data !== undefined) return { bytes: Buffer.from(attachment.data, 'base64') };
  if (!attachment.url) return failed('the attachment has neither a URL nor data');
  try {
    const response = await ctx.http.request(attachment.url, {
      maxResponseBytes: maxBytes,
      // The source's credentials are for this URL's origin only; a redirect would carry them elsewhere.
      ...(attachment.headers ? { headers: attachment.headers, redirect: 'error' } : { redirect: 'follow' }),
      signal: ctx.signal,
    });
    if (response.status < 200 || response.status >= 300) {
      const later = response.status >= 500 || response.status === 408 || response.status === 429;
      return { ...failed(`download failed: HTTP ${response.status}`), ...(later ? { later } : {}) };
    }
    const fileName = contentDispositionName(response.headers['content-disposition']);
    return {
      bytes: response.body,
      contentType: response.headers['content-type'],
      ...(fileName ? { fileName } : {}),
    };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (error instanceof HttpResponseTooLargeError) {
      const mb = Math.round(maxBytes / (1024 * 1024));
      return { status: 'skipped', reason: `over the ${mb} MB this Bot API server accepts` };
    }
    const later = error instanceof HttpTransportError;
    return { ...failed(`download failed: ${(error as Error).message}`), ...(later ? { later } : {}) };
  }
}

async function loadProgress(ctx: Ctx, key: string): Promise<Progress> {
  const saved = await ctx.state.get(key);
  return saved ? (JSON.parse(saved) as Progress) : { textSent: false, items: {} };
}

/** One outcome per attachment; those not reached are `waiting` when the delivery will retry. */
function detailOf(
  progress: Progress,
  count: number,
  later: ReadonlyMap<number, ItemOutcome> = new Map(),
  retry = false,
) {
  const items = Array.from(
    { length: count },
    (_, i): ItemOutcome =>
      progress.items[i] ??
      later.get(i) ?? { name: `#${i + 1}`, status: retry ? 'waiting' : 'failed', reason: 'not sent' },
  );
  return {
    items,
    ...(progress.fellBackToPlainText ? { fellBackToPlainText: true } : {}),
    ...(progress.warnings ? { warnings: progress.warnings } : {}),
  };
}
