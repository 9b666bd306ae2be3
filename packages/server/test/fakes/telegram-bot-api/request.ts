import type { IncomingMessage } from 'node:http';

/** A file part of a multipart/form-data request. */
export interface Upload {
  /** The part's name: the parameter, or the name an `attach://<name>` reference points at. */
  part: string;
  filename: string;
  /** The part's Content-Type header. */
  contentType: string;
  bytes: Buffer;
}

export interface ParsedRequest {
  params: Record<string, unknown>;
  uploads: ReadonlyMap<string, Upload>;
  /** The body was larger than the server reads; nothing of it was parsed. */
  oversized: boolean;
}

/**
 * Parameters that stay strings even in form data where every value is text: what a user typed, file ids and
 * URLs. Everything else is read the way the Bot API reads it, as a number, a boolean or JSON.
 */
const textParams = new Set([
  'text',
  'caption',
  'title',
  'performer',
  'parse_mode',
  'url',
  'secret_token',
  'ip_address',
  'language_code',
  'business_connection_id',
  'photo',
  'video',
  'animation',
  'audio',
  'document',
  'thumbnail',
  'cover',
]);

function typedParam(name: string, value: string): unknown {
  if (textParams.has(name)) return value;
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * Reads a Bot API request the ways Telegram accepts one: query string, JSON, urlencoded or multipart form
 * data. A body longer than `maxBytes` is drained without being kept, so the client still gets an answer
 * instead of a reset connection.
 */
export async function readRequest(request: IncomingMessage, maxBytes: number): Promise<ParsedRequest> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length <= maxBytes) chunks.push(chunk);
  }
  const url = new URL(request.url ?? '/', 'http://fake.invalid');
  const params: Record<string, unknown> = {};
  for (const [name, value] of url.searchParams) params[name] = typedParam(name, value);
  const uploads = new Map<string, Upload>();
  if (length > maxBytes) return { params, uploads, oversized: true };
  if (length === 0) return { params, uploads, oversized: false };

  const body = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('application/json')) {
    Object.assign(params, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  } else if (
    contentType.startsWith('multipart/form-data') ||
    contentType.startsWith('application/x-www-form')
  ) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [name, value] of form) {
      if (typeof value === 'string') params[name] = typedParam(name, value);
      else
        uploads.set(name, {
          part: name,
          filename: value.name,
          contentType: value.type,
          bytes: Buffer.from(await value.arrayBuffer()),
        });
    }
  }
  return { params, uploads, oversized: false };
}
