import { ntfyPriority } from '../../domain/ntfy-priority.ts';
import type { RenderedMessage } from '../../render/message.ts';
import { truncateText } from '../../render/text-escaping.ts';

/**
 * ntfy's default message-size-limit (server/config.go DefaultMessageSizeLimit). A longer message would be
 * turned into a file attachment (docs.ntfy.sh/publish/#attachments), or refused where attachments are off;
 * a notification that says "You received a file" is worse than a cut one, so we cut.
 */
export const messageMaxBytes = 4096;
/** A JSON publish body may be twice the message limit, for the JSON overhead (server.go transformBodyJSON). */
export const jsonBodyMaxBytes = 2 * messageMaxBytes;
/** ntfy sets no title limit, but phones show one line of it, and the title shares the JSON body limit. */
export const titleMaxChars = 250;
const tagsMax = 10;
const tagMaxChars = 64;

/** Priorities 1 and 2 notify without sound or vibration. */
const silentPriorityMax = 2;

/** The body of a JSON publish (https://docs.ntfy.sh/publish/#publish-as-json). */
export interface NtfyPublish {
  topic: string;
  message: string;
  title?: string;
  priority: 1 | 2 | 3 | 4 | 5;
  tags?: string[];
  click?: string;
  markdown?: true;
}

export function ntfyPublishPayload(topic: string, message: RenderedMessage, silent: boolean): NtfyPublish {
  const title = truncateText(message.title.trim(), titleMaxChars);
  const body = message.body.trim();
  // ntfy shows "triggered" for an empty message; the title is the better text then.
  const text = body === '' ? title : body;
  const priority = ntfyPriority(message.severity);
  // ntfy splits the tags it receives at commas; a comma inside one tag would make two.
  const tags = message.tags
    .map((tag) => truncateText(tag.replaceAll(',', ' ').trim(), tagMaxChars))
    .filter((tag) => tag !== '')
    .slice(0, tagsMax);
  const payload: NtfyPublish = {
    topic,
    message: truncateUtf8(text, messageMaxBytes),
    ...(body !== '' && title !== '' ? { title } : {}),
    priority: silent ? (Math.min(priority, silentPriorityMax) as 1 | 2) : priority,
    ...(tags.length > 0 ? { tags } : {}),
    ...(message.url ? { click: message.url } : {}),
    ...(message.format === 'markdown' ? { markdown: true as const } : {}),
  };
  return fitJsonBody(payload, text);
}

/**
 * Cuts the message further until the encoded JSON fits ntfy's body limit: escapes (`\n`, `\"`, `\u0000`)
 * make the JSON longer than the text. Each round removes at least the excess, so a few rounds suffice.
 */
function fitJsonBody(payload: NtfyPublish, text: string): NtfyPublish {
  let budget = Buffer.byteLength(payload.message, 'utf8');
  for (let round = 0; round < 32; round++) {
    const excess = Buffer.byteLength(JSON.stringify(payload), 'utf8') - jsonBodyMaxBytes;
    if (excess <= 0 || budget === 0) return payload;
    budget = Math.max(0, budget - excess);
    payload.message = truncateUtf8(text, budget);
  }
  return payload;
}

/**
 * Cuts at a code point boundary so that the UTF-8 encoding fits `maxBytes`, ending with "…" when anything
 * was cut (ntfy counts the message limit in bytes, not characters).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const ellipsis = '…';
  let budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  if (budget < 0) return '';
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (size > budget) break;
    budget -= size;
    out += char;
  }
  return out + ellipsis;
}
