import { tooDeepAt, tooDeepMessage } from '../../http/json-depth.ts';
import { findJsonSyntaxError } from './json-syntax-error.ts';
import { type FormFile, parseMultipartForm } from './multipart-form.ts';

/**
 * Turns a raw request body into a payload by its Content-Type: JSON (application/json and any
 * `+json` type, RFC 6839 §3.1), HTML forms (application/x-www-form-urlencoded) and plain text, and for
 * the kinds whose real counterpart takes it (Gotify), multipart/form-data. Without a Content-Type the body
 * is tried as JSON and taken as text when it is not.
 */

export type WebhookPayload =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; value: Record<string, string | string[]>; files?: FormFile[] }
  | { kind: 'text'; value: string };

export type BodyParse =
  | { ok: true; payload: WebhookPayload }
  | { ok: false; code: 'NB_ERR_MALFORMED_BODY' | 'NB_ERR_UNSUPPORTED_MEDIA_TYPE'; message: string };

const ACCEPTED = 'application/json, application/*+json, application/x-www-form-urlencoded or text/plain';

interface MediaType {
  essence: string;
  charset: string | undefined;
  boundary: string | undefined;
}

/** RFC 9110 §8.3.1: `type/subtype; param=value`, case-insensitive type and parameter names. */
export function parseMediaType(header: string): MediaType {
  const [essence = '', ...parameters] = header.split(';');
  const values = new Map<string, string>();
  for (const parameter of parameters) {
    const [name = '', ...rest] = parameter.split('=');
    values.set(
      name.trim().toLowerCase(),
      rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return {
    essence: essence.trim().toLowerCase(),
    charset: values.get('charset'),
    boundary: values.get('boundary'),
  };
}

function decodeText(raw: Buffer, charset: string | undefined): string | undefined {
  try {
    // TextDecoder drops a leading BOM and knows the WHATWG encodings (latin1, utf-16le, ...).
    return new TextDecoder(charset ?? 'utf-8').decode(raw);
  } catch {
    return undefined;
  }
}

/** 1-based line and column of a character offset, for error messages a person can act on. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Every JSON an ingress route reads goes through here, so the depth limit holds for all of them. */
export function parseJsonText(text: string): BodyParse {
  if (text.trim() === '') {
    return {
      ok: false,
      code: 'NB_ERR_MALFORMED_BODY',
      message: 'The JSON body is empty; send a JSON value.',
    };
  }
  const deepAt = tooDeepAt(text);
  if (deepAt !== undefined)
    return { ok: false, code: 'NB_ERR_MALFORMED_BODY', message: tooDeepMessage(deepAt) };
  try {
    return { ok: true, payload: { kind: 'json', value: JSON.parse(text) } };
  } catch {
    const found = findJsonSyntaxError(text) ?? { offset: text.length, reason: 'the text is not JSON' };
    const { line, column } = lineAndColumn(text, found.offset);
    return {
      ok: false,
      code: 'NB_ERR_MALFORMED_BODY',
      message: `The body is not valid JSON at position ${found.offset} (line ${line}, column ${column}): ${found.reason}.`,
    };
  }
}

function parseForm(text: string): WebhookPayload {
  // A null prototype so a field named "__proto__" is just a field.
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = fields[name];
    if (existing === undefined) fields[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else fields[name] = [existing, value];
  }
  return { kind: 'form', value: fields };
}

export interface BodyOptions {
  /** Take multipart/form-data too: text parts become fields, file parts `files`. */
  multipart?: boolean;
}

/** Parses a body as its Content-Type says. Never throws. */
export function parseWebhookBody(
  raw: Buffer,
  contentType: string | undefined,
  options: BodyOptions = {},
): BodyParse {
  const media = contentType?.trim() ? parseMediaType(contentType) : undefined;
  if (options.multipart && media?.essence === 'multipart/form-data') {
    const form = parseMultipartForm(raw, media.boundary ?? '');
    return form.ok ? { ok: true, payload: { kind: 'form', value: form.fields, files: form.files } } : form;
  }
  const isJson =
    media && (media.essence === 'application/json' || /^application\/[^/]+\+json$/.test(media.essence));
  const isForm = media?.essence === 'application/x-www-form-urlencoded';
  const isText = media?.essence === 'text/plain';
  if (media && !isJson && !isForm && !isText) {
    return {
      ok: false,
      code: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE',
      message: `Content-Type "${media.essence.slice(0, 100)}" is not accepted; send ${ACCEPTED}${options.multipart ? ' or multipart/form-data' : ''}.`,
    };
  }
  const text = decodeText(raw, media?.charset);
  if (text === undefined) {
    return {
      ok: false,
      code: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE',
      message: `The charset "${media?.charset?.slice(0, 40)}" is not known; send UTF-8.`,
    };
  }
  if (isJson) return parseJsonText(text);
  if (isForm) return { ok: true, payload: parseForm(text) };
  if (isText) return { ok: true, payload: { kind: 'text', value: text } };
  const asJson = parseJsonText(text);
  return asJson.ok ? asJson : { ok: true, payload: { kind: 'text', value: text } };
}
