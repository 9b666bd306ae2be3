/**
 * multipart/form-data (RFC 7578) over a body already read under the ingress cap. Written here rather than
 * taken from busboy or undici's `Response.formData()`: those parse streams asynchronously, while a kind's
 * `parse` is a pure function over bytes in memory, and the form needs no more than splitting at a boundary.
 */

/** A part that carried a file name. */
export interface FormFile {
  field: string;
  filename: string;
  /** The part's Content-Type; application/octet-stream when it sent none (RFC 7578 §4.4). */
  contentType: string;
  bytes: Buffer;
}

export type MultipartParse =
  | { ok: true; fields: Record<string, string | string[]>; files: FormFile[] }
  | { ok: false; code: 'NB_ERR_MALFORMED_BODY'; message: string };

/** More parts than any form a notifier sends; past it the body is refused, not scanned further. */
export const FORM_PARTS_MAX = 1000;

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

function malformed(why: string): MultipartParse {
  return { ok: false, code: 'NB_ERR_MALFORMED_BODY', message: `The multipart/form-data body ${why}.` };
}

/**
 * `name="x"` and `filename="y"` of a Content-Disposition value. Encoders write `"` and line breaks in them as
 * %22, %0D and %0A and do not escape a backslash (WHATWG HTML, multipart/form-data encoding), so a quoted
 * value runs to the next `"`.
 */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const match of value.matchAll(/;\s*([A-Za-z*]+)\s*=\s*("[^"]*"|[^;]*)/g)) {
    const raw = match[2]!.trim();
    const text = raw.startsWith('"') ? raw.slice(1, -1) : raw;
    params.set(
      match[1]!.toLowerCase(),
      text.replace(/%(22|0D|0A)/gi, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    );
  }
  // RFC 5987's filename*=UTF-8''... wins over a plain filename when both are sent.
  const extended = /^utf-8''(.*)$/i.exec(params.get('filename*') ?? '')?.[1];
  if (extended !== undefined) {
    try {
      params.set('filename', decodeURIComponent(extended));
    } catch {
      // An undecodable extended name leaves the plain one.
    }
  }
  return params;
}

function partHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function addField(fields: Record<string, string | string[]>, name: string, value: string): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else fields[name] = [existing, value];
}

/** Splits `raw` at `--<boundary>`; text parts become fields, parts with a file name become files. */
export function parseMultipartForm(raw: Buffer, boundary: string): MultipartParse {
  if (!/^[\x21-\x7e ]{1,70}$/.test(boundary)) return malformed('has no valid boundary parameter');
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  // A null prototype so a field named "__proto__" is just a field.
  const fields: Record<string, string | string[]> = Object.create(null);
  const files: FormFile[] = [];
  const first = raw.indexOf(delimiter);
  if (first !== 0 && (first < 0 || raw.indexOf(nextDelimiter) !== first - 2))
    return malformed(`does not start with its boundary "${boundary}"`);
  let position = first + delimiter.length;
  for (let parts = 0; ; parts++) {
    if (raw[position] === 0x2d && raw[position + 1] === 0x2d) break; // "--": the close delimiter
    if (parts >= FORM_PARTS_MAX) return malformed(`has more than ${FORM_PARTS_MAX} parts`);
    // Transport padding (RFC 2046 §5.1.1) may sit between a delimiter and its line break.
    while (raw[position] === 0x20 || raw[position] === 0x09) position++;
    if (!raw.subarray(position, position + 2).equals(CRLF)) return malformed('has a broken boundary line');
    // A part without headers has its blank line right after the boundary's line break: headersEnd === position.
    const headersEnd = raw.indexOf(HEADERS_END, position);
    if (headersEnd < 0) return malformed('has a part whose headers never end');
    const headers = partHeaders(
      raw.subarray(position + 2, Math.max(position + 2, headersEnd)).toString('utf8'),
    );
    const contentStart = headersEnd + HEADERS_END.length;
    const contentEnd = raw.indexOf(nextDelimiter, contentStart);
    if (contentEnd < 0) return malformed('ends before its closing boundary');
    const content = raw.subarray(contentStart, contentEnd);
    position = contentEnd + nextDelimiter.length;
    const disposition = dispositionParams(headers.get('content-disposition') ?? '');
    const name = disposition.get('name');
    if (name === undefined) continue; // RFC 7578 §4.2: every part names its field; one that does not is no field.
    const filename = disposition.get('filename');
    if (filename !== undefined) {
      const contentType = headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream';
      files.push({ field: name, filename, contentType, bytes: Buffer.from(content) });
    } else {
      addField(fields, name, content.toString('utf8'));
    }
  }
  return { ok: true, fields, files };
}
