import type { Attachment } from '../../domain/event.ts';
import { parseMediaType } from '../webhook/body.ts';
import { parseMultipartForm } from '../webhook/multipart-form.ts';

/**
 * When a publish body is a file, as ntfy's server decides it (docs.ntfy.sh/publish/#attach-local-file):
 * with an `Attach` URL the body is the message; with a `Filename` it is a file; otherwise it is the
 * message when it is UTF-8 of at most 4,096 bytes, and a file when it is not.
 */

/** ntfy's message size limit (its `message-size-limit` default); a longer body is sent as a file. */
export const MESSAGE_BYTES_MAX = 4096;

export type PublishBody = { kind: 'text'; text: string } | { kind: 'file'; attachment: Attachment };

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// The magic numbers of the files people attach, for the channels that show images inline; ntfy sniffs the
// type the same way (Go's http.DetectContentType) instead of trusting the request's Content-Type, which
// curl -T leaves out and curl --data-binary sets to a form.
const signatures: [type: string, extension: string, test: (b: Buffer) => boolean][] = [
  ['image/png', 'png', (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))],
  ['image/jpeg', 'jpg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', 'gif', (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1'))],
  [
    'image/webp',
    'webp',
    (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  ],
  ['application/pdf', 'pdf', (b) => b.subarray(0, 5).toString('latin1') === '%PDF-'],
  ['application/zip', 'zip', (b) => b.subarray(0, 4).equals(Buffer.from('504b0304', 'hex'))],
  ['application/gzip', 'gz', (b) => b[0] === 0x1f && b[1] === 0x8b],
  ['video/mp4', 'mp4', (b) => b.subarray(4, 8).toString('latin1') === 'ftyp'],
];

export function sniffType(bytes: Buffer): { type: string; extension: string } {
  const found = signatures.find(([, , test]) => test(bytes));
  if (found) return { type: found[0], extension: found[1] };
  return isUtf8(bytes)
    ? { type: 'text/plain; charset=utf-8', extension: 'txt' }
    : { type: 'application/octet-stream', extension: 'bin' };
}

/**
 * The file a request carries. Apprise before 1.4 posts its attachment as multipart/form-data (requests'
 * `files=`), which ntfy would store as the raw form; the file inside is what the sender meant.
 */
function fileOf(raw: Buffer, contentType: string | undefined): { bytes: Buffer; name?: string } {
  const media = contentType ? parseMediaType(contentType) : undefined;
  if (media?.essence !== 'multipart/form-data') return { bytes: raw };
  const form = parseMultipartForm(raw, media.boundary ?? '');
  const file = form.ok && form.files.length === 1 ? form.files[0] : undefined;
  return file ? { bytes: file.bytes, name: file.filename } : { bytes: raw };
}

export function publishBody(
  raw: Buffer,
  contentType: string | undefined,
  params: { attach?: string; filename?: string },
): PublishBody {
  const asText =
    params.attach !== undefined ||
    (params.filename === undefined && raw.length <= MESSAGE_BYTES_MAX && isUtf8(raw));
  if (asText) return { kind: 'text', text: raw.toString('utf8').trim() };
  const file = fileOf(raw, contentType);
  const { type, extension } = sniffType(file.bytes);
  return {
    kind: 'file',
    attachment: {
      name: (params.filename ?? file.name ?? `attachment.${extension}`).slice(0, 255),
      contentType: type,
      data: file.bytes.toString('base64'),
      size: file.bytes.length,
    },
  };
}
