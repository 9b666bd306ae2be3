import type { Attachment } from '../../domain/event.ts';

/**
 * A file carried in the payload itself as base64: Apprise's json:// sends
 * `{"filename", "base64", "mimetype"}`; `{"name", "data", "contentType"}` is ours. The bytes are stored with
 * the event (events.attachments) and uploaded by channels as they are, without a fetch.
 */

/** Decoded bytes of all inline files of one event; the body cap usually binds first (1 MiB by default). */
export const INLINE_BYTES_MAX = 16 * 1024 * 1024;

export type InlineAttachment = { ok: true; attachment: Attachment } | { ok: false; problem: string };

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** Standard base64 (RFC 4648 §4), padded or not; line breaks and spaces (MIME's 76-column lines) are ignored. */
export function decodeBase64(value: string): Buffer | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  // Node decodes what it can and drops the rest: re-encoding tells a whole value from a damaged one.
  return bytes.toString('base64').replace(/=+$/, '') === compact.replace(/=+$/, '') ? bytes : undefined;
}

/** The inline file an attachment item describes, undefined when it has no base64 field at all. */
export function inlineAttachmentOf(
  record: Record<string, unknown>,
  index: number,
): InlineAttachment | undefined {
  const encoded = record.base64 ?? record.data;
  if (encoded === undefined || encoded === null) return undefined;
  const name = text(record.filename) ?? text(record.name);
  const which = `attachment ${index + 1}${name ? ` ("${name.slice(0, 100)}")` : ''}`;
  const bytes = typeof encoded === 'string' ? decodeBase64(encoded) : undefined;
  if (!bytes) {
    return {
      ok: false,
      problem: `${which} is not valid base64: send the file's bytes as standard base64 (RFC 4648 §4, A–Z a–z 0–9 + /)`,
    };
  }
  const attachment: Attachment = { data: bytes.toString('base64'), size: bytes.length };
  if (name) attachment.name = name.slice(0, 255);
  const contentType = text(record.mimetype) ?? text(record.contentType);
  if (contentType && /^[\w.+-]+\/[\w.+-]+$/.test(contentType))
    attachment.contentType = contentType.toLowerCase();
  return { ok: true, attachment };
}
