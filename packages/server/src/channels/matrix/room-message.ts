import type { RenderedMessage } from '../../render/message.ts';
import { htmlToText } from '../../render/text-escaping.ts';
import type { AttachmentFile } from '../attachment-bytes.ts';
import { toMatrixHtml } from './matrix-html.ts';

/**
 * A homeserver refuses events over 65,536 bytes as a whole (spec.matrix.org/latest/client-server-api/#size-limits),
 * signatures and envelope included: the plain body and the HTML must fit together with room to spare.
 */
export const plainBodyBytesMax = 24_000;
export const formattedBodyBytesMax = 32_000;

export type TextMsgtype = 'm.text' | 'm.notice';

/** The content of an `m.room.message` text event (…#mtext, #mnotice). */
export interface MatrixTextContent {
  msgtype: TextMsgtype;
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
}

/** The content of an `m.image`, `m.video`, `m.audio` or `m.file` event: the file as uploaded. */
export interface MatrixFileContent {
  msgtype: 'm.image' | 'm.video' | 'm.audio' | 'm.file';
  body: string;
  filename: string;
  url: string;
  info: { mimetype: string; size: number };
}

export interface TextEvent {
  content: MatrixTextContent;
  /** The HTML was too long for one event: the message went as plain text only. */
  formattingDropped: boolean;
}

/**
 * The message as one text event: an html body sanitised to Matrix's subset as `formatted_body` with its
 * plain-text reading as `body` (what notifications and plain clients show); a text body as it is. Like a
 * chat message, the body alone: templates put the title in it (the title stands in for an empty body).
 */
export function textEvent(message: RenderedMessage, msgtype: TextMsgtype): TextEvent {
  const html = message.format === 'html' ? toMatrixHtml(message.body.trim()) : undefined;
  let plain = html === undefined ? message.body.trim() : htmlToText(html).trim();
  if (plain === '') plain = message.title.trim() || message.eventType;
  const body = cutToBytes(plain, plainBodyBytesMax);
  const fits = html !== undefined && html !== '' && Buffer.byteLength(html) <= formattedBodyBytesMax;
  return {
    content: {
      msgtype,
      body,
      ...(fits ? { format: 'org.matrix.custom.html' as const, formatted_body: html } : {}),
    },
    formattingDropped: html !== undefined && html !== '' && !fits,
  };
}

/** An uploaded file as an event, its msgtype by content type (…#mimage, #mvideo, #maudio, #mfile). */
export function fileEvent(file: AttachmentFile, contentUri: string): MatrixFileContent {
  const kind = file.contentType.split('/')[0];
  const msgtype =
    kind === 'image' ? 'm.image' : kind === 'video' ? 'm.video' : kind === 'audio' ? 'm.audio' : 'm.file';
  return {
    msgtype,
    body: file.filename,
    filename: file.filename,
    url: contentUri,
    info: { mimetype: file.contentType, size: file.bytes.length },
  };
}

/** At most `max` bytes of UTF-8, cut between characters, with "…" when anything was cut. */
export function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 3; // the ellipsis
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > max) break;
    out += char;
  }
  return `${out}…`;
}
