import { severityEmoji } from './filters.ts';
import type { MessageFormat } from './message.ts';
import { escapeHtml, escapeMarkdown, escapeMarkdownUrl } from './text-escaping.ts';

// The default template (default-template.ts) as a function: what most rules send, rendered in the calling
// thread in microseconds instead of a worker round trip. The template stays the definition; the render
// tests hold this function to its output, format by format, over generated events.

/** A default message, as a successful render reports it. */
export interface DefaultMessage {
  format: MessageFormat;
  title: string;
  body: string;
  /** The context variables read, as the recording render reports them. */
  reads: string[];
}

interface Fields {
  title: string;
  body: string;
  severity: string;
  url: string | null;
  sourceName: string | undefined;
}

/**
 * The default message for a channel accepting `formats` (best first; the template has all three, so the
 * first is used), or undefined when the context is not the plain one the dispatcher builds: such a render
 * goes to the template engine, whose conversions of other values this does not repeat.
 */
export function renderDefaultMessage(
  formats: readonly MessageFormat[],
  context: Record<string, unknown>,
): DefaultMessage | undefined {
  const fields = plainFields(context);
  if (!fields) return undefined;
  const format = formats[0] ?? 'text';
  const mark = ['warning', 'error', 'critical'].includes(fields.severity)
    ? `${severityEmoji(fields.severity)} `
    : '';
  const link = fields.url !== null && !blank(fields.url) && isWebLink(fields.url) ? fields.url : undefined;
  const source = fields.sourceName !== undefined && !blank(fields.sourceName) ? fields.sourceName : undefined;
  const body = !blank(fields.body) ? fields.body : undefined;
  let text: string;
  if (format === 'markdown') {
    text = `${mark}**${escapeMarkdown(fields.title)}**`;
    if (body !== undefined) text += `\n${escapeMarkdown(body)}`;
    if (link !== undefined) text += `\n[Open](${escapeMarkdownUrl(link)})`;
    if (source !== undefined) text += `\n_${escapeMarkdown(source)}_`;
  } else if (format === 'html') {
    text = `${mark}<b>${escapeHtml(fields.title)}</b>`;
    if (body !== undefined) text += `\n${escapeHtml(body)}`;
    if (link !== undefined) text += `\n<a href="${escapeHtml(link)}">Open</a>`;
    if (source !== undefined) text += `\n<i>${escapeHtml(source)}</i>`;
  } else {
    text = `${mark}${fields.title}`;
    if (body !== undefined) text += `\n${body}`;
    if (link !== undefined) text += `\n${link}`;
    if (source !== undefined) text += `\n— ${source}`;
  }
  return {
    format,
    title: fields.title.replace(/\s+/g, ' ').trim(),
    body: text,
    reads: ['event', 'source'],
  };
}

function plainFields(context: Record<string, unknown>): Fields | undefined {
  const event = context.event as Record<string, unknown> | undefined;
  const source = context.source as Record<string, unknown> | undefined;
  if (!isPlainObject(event) || !(source === undefined || isPlainObject(source))) return undefined;
  const { title, body, severity, url } = event;
  const sourceName = source?.name;
  if (typeof title !== 'string' || typeof body !== 'string' || typeof severity !== 'string') return undefined;
  if (url !== null && url !== undefined && typeof url !== 'string') return undefined;
  if (sourceName !== undefined && sourceName !== null && typeof sourceName !== 'string') return undefined;
  return { title, body, severity, url: url ?? null, sourceName: sourceName ?? undefined };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Liquid's `blank` for a string: empty or only whitespace. */
function blank(text: string): boolean {
  return /^\s*$/.test(text);
}

/** Only http(s) links are offered: an event's url comes from outside and could be `javascript:`. */
function isWebLink(url: string): boolean {
  const scheme = url.split(':')[0]!.toLowerCase();
  return scheme === 'https' || scheme === 'http';
}
