import { hash } from 'node:crypto';
import type { Attachment, DedupBy, Severity, SourceEvent } from '../../domain/event.ts';
import { DEFAULT_EVENT_TYPE, type WebhookMapping } from './config-schema.ts';
import { evaluateExpression, resolvePointer } from './expression.ts';
import { decodeBase64, INLINE_BYTES_MAX, inlineAttachmentOf } from './inline-attachment.ts';
import type { FormFile } from './multipart-form.ts';
import { normalizeSeverity, notifyTypeSeverity } from './severity.ts';

/**
 * Turns one payload into one event. A configured mapping wins; a field it does not set, or that
 * resolves to nothing, falls back to the conventional names below, then to a fixed default.
 */

export const TITLE_MAX = 1000;
export const BODY_MAX = 64 * 1024;
export const JSON_BODY_MAX = 4 * 1024;
export const TAGS_MAX = 20;
/**
 * Attachments kept per event. Channels split them into as many messages as they need (Telegram: albums of
 * ten); the cap only bounds one event's fan-out of downloads. What it cuts is named in the event's warnings.
 */
export const ATTACHMENTS_MAX = 100;
const DEDUP_KEY_MAX = 200;

const defaultPointers = {
  title: ['/title', '/subject', '/name'],
  body: ['/message', '/body', '/text', '/description'],
  severity: ['/severity', '/level', '/priority'],
  url: ['/url', '/link'],
  tags: ['/tags'],
  attachments: ['/attachments'],
} as const;

export interface MappingOptions {
  mapping?: WebhookMapping;
  defaultType?: string;
  defaultSeverity?: Severity;
  /** Used when the mapping yields no dedup key: the delivery header's value or the body hash. */
  fallbackDedupKey: string;
  /** What the fallback is: `key` for the delivery header's value, `body` for the body hash. */
  fallbackDedupBy: DedupBy;
}

/** Cuts at `max` UTF-16 units without splitting a surrogate pair, marking the cut with "…". */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The mapped field's value, else the first conventional field's, as `convert` reads it (undefined: no
 * usable value there). Fields after the first usable one are not looked at.
 */
function pick<T>(
  payload: unknown,
  expression: string | undefined,
  defaults: readonly string[],
  convert: (value: unknown) => T | undefined,
): T | undefined {
  if (expression !== undefined) {
    const mapped = convert(evaluateExpression(expression, payload));
    if (mapped !== undefined) return mapped;
  }
  for (const pointer of defaults) {
    const found = convert(resolvePointer(payload, pointer));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Event types are dot.case: lower-case, other characters become "_". */
export function normalizeEventType(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, 100);
}

/** Only absolute http(s) URLs leave a payload: a `javascript:` link must not reach an HTML message. */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

function tagsOf(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items) return undefined;
  const tags = items.map((item) => textOf(item)?.trim().slice(0, 100)).filter((tag) => !!tag) as string[];
  return tags.length > 0 ? [...new Set(tags)].slice(0, TAGS_MAX) : undefined;
}

/**
 * A URL, an {url, name, contentType} object, an inline file ({filename, base64, mimetype} as Apprise's json://
 * sends it), or an array of those, at most ATTACHMENTS_MAX. Items that are neither are dropped and said in
 * `warnings`; an inline file that is not base64, or inline files over INLINE_BYTES_MAX, are `problems`: the
 * sender meant to send a file and must learn it did not arrive.
 */
export function attachmentsOf(
  value: unknown,
  warnings: string[] = [],
  problems: string[] = [],
): Attachment[] | undefined {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const attachments: Attachment[] = [];
  let usable = 0;
  let inlineBytes = 0;
  for (const [index, item] of items.entries()) {
    const record = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
    const inline = record && inlineAttachmentOf(record, index);
    if (inline && !inline.ok) {
      problems.push(inline.problem);
      continue;
    }
    const url = inline ? undefined : httpUrl(record ? record.url : item);
    if ((!inline && !url) || ++usable > ATTACHMENTS_MAX) continue;
    if (inline) {
      inlineBytes += inline.attachment.size ?? 0;
      attachments.push(inline.attachment);
      continue;
    }
    const attachment: Attachment = { url };
    if (typeof record?.name === 'string' && record.name) attachment.name = record.name.slice(0, 255);
    if (typeof record?.contentType === 'string' && record.contentType)
      attachment.contentType = record.contentType;
    attachments.push(attachment);
  }
  checkCaps(usable, inlineBytes, warnings, problems);
  const unusable = items.length - usable - problems.length;
  if (unusable > 0)
    warnings.push(`${unusable} attachments without an http(s) URL or base64 data were left out`);
  return attachments.length > 0 ? attachments : undefined;
}

function checkCaps(count: number, inlineBytes: number, warnings: string[], problems: string[]): void {
  if (inlineBytes > INLINE_BYTES_MAX) {
    problems.push(
      `the inline attachments hold ${inlineBytes} bytes; at most ${INLINE_BYTES_MAX} per event: send large files as URLs`,
    );
  }
  if (count > ATTACHMENTS_MAX) {
    warnings.push(
      `${count} attachments given; the first ${ATTACHMENTS_MAX} were kept (at most ${ATTACHMENTS_MAX} per event)`,
    );
  }
}

/** The file parts of a multipart form as inline attachments, under the same caps as attachmentsOf. */
export function formFileAttachments(
  files: readonly FormFile[],
  warnings: string[] = [],
  problems: string[] = [],
): Attachment[] {
  const kept = files.slice(0, ATTACHMENTS_MAX);
  const bytes = kept.reduce((sum, file) => sum + file.bytes.length, 0);
  checkCaps(files.length, bytes, warnings, problems);
  return kept.map((file) => ({
    ...(file.filename ? { name: file.filename.slice(0, 255) } : {}),
    contentType: file.contentType,
    data: file.bytes.toString('base64'),
    size: file.bytes.length,
  }));
}

/** Epoch seconds (below 10^11), epoch ms, or an ISO 8601 date string; epoch ms out. */
const maxDateMs = 8.64e15;

export function occurredAtOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number) && number > 0) {
    const ms = Math.round(number < 1e11 ? number * 1000 : number);
    // Past ECMAScript's last date (±8.64e15 ms) there is no such time to store or show.
    return ms <= maxDateMs ? ms : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export function dedupKeyOf(value: unknown): string | undefined {
  const text = textOf(value)?.trim();
  if (!text) return undefined;
  // Long keys (a whole message used as the key) are stored as their hash.
  return text.length > DEDUP_KEY_MAX ? `sha256:${hash('sha256', text, 'hex')}` : text;
}

function defaultBody(payload: unknown): string {
  if (typeof payload === 'string') return truncateText(payload, BODY_MAX);
  return truncateText(JSON.stringify(payload, null, 2) ?? '', JSON_BODY_MAX);
}

export type PayloadMapping =
  | { ok: true; event: SourceEvent }
  | { ok: false; code: 'NB_ERR_VALIDATION'; message: string };

export function mapPayloadToEvent(payload: unknown, options: MappingOptions): PayloadMapping {
  const mapping = options.mapping ?? {};
  const title = pick(payload, mapping.title, defaultPointers.title, textOf);
  const body = pick(payload, mapping.body, defaultPointers.body, textOf);
  // Apprise's json:// names how bad it is in `type` (info, success, warning, failure); only those four words
  // are read there, since `type` is what most payloads call their kind of event.
  const severity =
    pick(payload, mapping.severity, defaultPointers.severity, normalizeSeverity) ??
    notifyTypeSeverity(resolvePointer(payload, '/type'));
  const url = pick(payload, mapping.url, defaultPointers.url, httpUrl);
  const tags = pick(payload, mapping.tags, defaultPointers.tags, tagsOf);
  const mappedType = textOf(
    mapping.type === undefined ? undefined : evaluateExpression(mapping.type, payload),
  );
  const mappedKey = mapping.dedupKey && dedupKeyOf(evaluateExpression(mapping.dedupKey, payload));
  const event: SourceEvent = {
    type: (mappedType && normalizeEventType(mappedType)) || options.defaultType || DEFAULT_EVENT_TYPE,
    title: truncateText(title ?? 'Webhook', TITLE_MAX),
    body: body === undefined ? defaultBody(payload) : truncateText(body, BODY_MAX),
    severity: severity ?? options.defaultSeverity ?? 'info',
    // A key the mapping picks out of the payload is the sender's own idempotency key.
    dedupKey: mappedKey || options.fallbackDedupKey,
    dedupBy: mappedKey ? 'key' : options.fallbackDedupBy,
    data: payload,
  };
  if (url) event.url = url;
  if (tags) event.tags = tags;
  const warnings: string[] = [];
  const problems: string[] = [];
  const attachments = attachmentsOf(
    mapping.attachments === undefined
      ? resolvePointer(payload, defaultPointers.attachments[0])
      : evaluateExpression(mapping.attachments, payload),
    warnings,
    problems,
  );
  if (problems.length > 0) return { ok: false, code: 'NB_ERR_VALIDATION', message: problems.join('; ') };
  if (attachments) event.attachments = attachments;
  if (warnings.length > 0) event.warnings = warnings;
  const occurredAt = mapping.occurredAt && occurredAtOf(evaluateExpression(mapping.occurredAt, payload));
  if (occurredAt) event.occurredAt = occurredAt;
  if (mapping.attachments === undefined && attachments?.some((a) => a.data !== undefined)) {
    event.data = withoutInlineBytes(payload as Record<string, unknown>);
  }
  return { ok: true, event };
}

/**
 * The payload with its `/attachments` items' base64 replaced by their size: the bytes are stored once, in the
 * event's attachments, and templates and the API do not carry them twice.
 */
function withoutInlineBytes(payload: Record<string, unknown>): Record<string, unknown> {
  const items = payload.attachments as unknown[];
  return {
    ...payload,
    attachments: items.map((item) => {
      if (item === null || typeof item !== 'object') return item;
      const { base64, data, ...rest } = item as Record<string, unknown>;
      const encoded = typeof base64 === 'string' ? base64 : typeof data === 'string' ? data : undefined;
      return encoded === undefined ? item : { ...rest, size: decodeBase64(encoded)?.length };
    }),
  };
}
