/**
 * The content type and file name an attachment is uploaded with. Telegram shows documents by their name
 * and picks how to treat a file by its type, so neither should be lost on the way.
 */

/** Extensions by content type, the usual one first. */
const extensions: Record<string, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/heic': ['heic'],
  'video/mp4': ['mp4', 'm4v'],
  'video/quicktime': ['mov'],
  'video/webm': ['webm'],
  'audio/mpeg': ['mp3'],
  'audio/mp4': ['m4a'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'audio/flac': ['flac'],
  'application/pdf': ['pdf'],
  'application/zip': ['zip'],
  'application/json': ['json'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
};

const octetStream = 'application/octet-stream';

const extensionOf = (name: string) => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();

/** The media type without parameters, else the one the name's extension implies, else octet-stream. */
export function uploadContentType(served: string | undefined, name: string): string {
  const type = served?.split(';')[0]?.trim().toLowerCase();
  if (type && type !== octetStream && /^[\w.+-]+\/[\w.+-]+$/.test(type)) return type;
  const extension = extensionOf(name);
  const implied = Object.entries(extensions).find(([, known]) => extension && known.includes(extension));
  return implied?.[0] ?? octetStream;
}

/** `name` with an extension that matches `contentType`, appended when it has none or another one. */
export function uploadFileName(name: string, contentType: string): string {
  const known = extensions[contentType];
  const extension = extensionOf(name);
  if (!known || (extension && known.includes(extension))) return name;
  return `${name}.${known[0]}`;
}

/**
 * The file name a Content-Disposition header gives (RFC 6266): `filename*` (RFC 8187, percent-encoded
 * UTF-8) before `filename`; only its last path segment, without control characters.
 */
export function contentDispositionName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*[\w-]*'[^']*'([^;\s]+)/i.exec(header)?.[1];
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended);
    } catch {
      name = undefined;
    }
  }
  if (name === undefined) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
    name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  }
  return safeFileName(name);
}

/** A name fit to upload: the last path segment, no control characters, at most 255 characters. */
export function safeFileName(name: string | undefined): string | undefined {
  const last = name?.split(/[/\\]/).at(-1) ?? '';
  const printable = [...last]
    .filter((char) => char >= ' ' && char !== '\u007f')
    .join('')
    .trim();
  return printable && printable !== '.' && printable !== '..' ? printable.slice(0, 255) : undefined;
}
