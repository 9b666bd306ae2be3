/**
 * Escaping and conversion between the three message formats. Pure functions: the Liquid filters and the
 * format fallback both use them.
 */

// The same entities as LiquidJS's `escape`, which html bodies apply to `{{ }}` output, so both read alike.
const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

/** Makes text safe inside HTML elements and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);
}

/**
 * Backslash-escapes every character that can start markdown syntax. The set is Telegram MarkdownV2's
 * (https://core.telegram.org/bots/api#markdownv2-style) plus `\`, `<` and `&`; CommonMark allows a
 * backslash before any ASCII punctuation (https://spec.commonmark.org/0.31.2/#backslash-escapes), so the
 * result reads as the literal text in both.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\_*[\]()~`>#+\-=|{}.!<&]/g, '\\$&');
}

/** Escapes a URL for the `(...)` part of a markdown link: both CommonMark and Telegram end it at `)`. */
export function escapeMarkdownUrl(url: string): string {
  return url.replace(/[\\()]/g, '\\$&');
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A readable plain-text version of simple HTML, for a text channel when the template only has an html
 * body. Not a sanitizer and not a full HTML parser: it keeps line breaks and drops tags.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote|pre)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHtmlEntities(text);
}

/** Numeric entities and the common named ones as characters; any other `&name;` stays as it is. */
export function decodeHtmlEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) =>
    decodeEntity(entity, name),
  );
}

function decodeEntity(entity: string, name: string): string {
  if (name[0] === '#') {
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  }
  return namedEntities[name.toLowerCase()] ?? entity;
}

/**
 * Cuts text to at most `max` code points, ending with the ellipsis when anything was cut. Counts code
 * points, not UTF-16 units, so an emoji is never split in half.
 */
export function truncateText(text: string, max: number, ellipsis = '…'): string {
  const limit = Math.max(0, Math.floor(max));
  if (prefixEnd(text, limit) === text.length) return text;
  const ellipsisLength = prefixLength(ellipsis);
  if (ellipsisLength > limit) return text.slice(0, prefixEnd(text, limit));
  return text.slice(0, prefixEnd(text, limit - ellipsisLength)) + ellipsis;
}

/** The UTF-16 index just after the first `count` code points of `text` (its length if it has fewer). */
function prefixEnd(text: string, count: number): number {
  let end = 0;
  let seen = 0;
  while (seen < count && end < text.length) {
    end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    seen += 1;
  }
  return end;
}

function prefixLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}
