/**
 * Telegram's HTML subset (core.telegram.org/bots/api#html-style): the tags below, `<a href>`, `<span
 * class="tg-spoiler">`, `<code class="language-…">` inside `<pre>`, `<blockquote expandable>`, and only
 * the entities &lt; &gt; &amp; &quot; plus numeric ones. Anything else must be escaped, or Telegram answers
 * "can't parse entities".
 */
const simpleTags = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'code',
  'pre',
  'tg-spoiler',
]);

type Token =
  | { kind: 'text'; text: string; visible: number }
  | { kind: 'open'; name: string; html: string }
  | { kind: 'close'; name: string; html: string };

/** Text as Telegram HTML: only &, < and > need escaping outside attributes. */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Text as Telegram HTML inside elements and double-quoted attribute values alike. */
export const escapeHtmlAttribute = (text: string) => escapeHtml(text).replace(/"/g, '&quot;');

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Decodes the entities Telegram knows; an unknown `&name;` is text and its `&` gets escaped. */
function decodeEntity(entity: string): string | undefined {
  const body = entity.slice(1, -1);
  if (body in namedEntities) return namedEntities[body];
  const code =
    body.startsWith('#x') || body.startsWith('#X')
      ? Number.parseInt(body.slice(2), 16)
      : body.startsWith('#')
        ? Number(body.slice(1))
        : Number.NaN;
  // A lone surrogate is no character: Telegram refuses the text as invalid UTF-8.
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !surrogate
    ? String.fromCodePoint(code)
    : undefined;
}

/** An attribute's value as the HTML means it: entities decoded, so escaping it again never doubles them. */
function decodeAttribute(value: string): string {
  return value.replace(/&#?[A-Za-z0-9]+;/g, (entity) => decodeEntity(entity) ?? entity);
}

/** Splits text into visible pieces, keeping known entities whole (so truncation never cuts one). */
function textTokens(raw: string): Token[] {
  const tokens: Token[] = [];
  for (const part of raw.split(/(&#?[A-Za-z0-9]+;)/)) {
    if (!part) continue;
    const decoded = part.startsWith('&') && part.endsWith(';') ? decodeEntity(part) : undefined;
    if (decoded !== undefined)
      tokens.push({ kind: 'text', text: escapeHtml(decoded), visible: decoded.length });
    else for (const char of part) tokens.push({ kind: 'text', text: escapeHtml(char), visible: char.length });
  }
  return tokens;
}

function allowedOpenTag(name: string, attributes: string, parent: string | undefined): string | undefined {
  const attr = (key: string) => new RegExp(`\\b${key}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(attributes);
  if (simpleTags.has(name)) {
    if (name === 'code' && parent === 'pre') {
      const language = attr('class')?.[2] ?? attr('class')?.[3];
      if (language && /^language-[\w+-]+$/.test(language)) return `<code class="${language}">`;
    }
    return `<${name}>`;
  }
  if (name === 'a') {
    const written = attr('href')?.[2] ?? attr('href')?.[3];
    const href = written === undefined ? undefined : decodeAttribute(written).trim();
    // Only links Telegram will open; a javascript: URL is not one.
    if (href && /^(https?:|tg:|mailto:)/i.test(href)) return `<a href="${escapeHtmlAttribute(href)}">`;
    return undefined;
  }
  if (name === 'span' && /class\s*=\s*["']tg-spoiler["']/i.test(attributes))
    return '<span class="tg-spoiler">';
  if (name === 'blockquote')
    return /\bexpandable\b/i.test(attributes) ? '<blockquote expandable>' : '<blockquote>';
  return undefined;
}

/** Parses any HTML into Telegram-safe tokens: allowed tags kept, the rest escaped as text, tags balanced. */
function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const open: string[] = [];
  const tagPattern = /<(\/?)([A-Za-z][\w-]*)([^<>]*)>/g;
  let last = 0;
  for (const match of html.matchAll(tagPattern)) {
    tokens.push(...textTokens(html.slice(last, match.index)));
    last = match.index + match[0].length;
    const [whole, slash, rawName, attributes] = match;
    const name = rawName!.toLowerCase();
    if (slash) {
      if (open.includes(name)) {
        // Close whatever was left open inside it first, as a browser would.
        while (open.length > 0) {
          const top = open.pop()!;
          tokens.push({ kind: 'close', name: top, html: `</${top}>` });
          if (top === name) break;
        }
        continue;
      }
    } else {
      const allowed = allowedOpenTag(name, attributes ?? '', open.at(-1));
      if (allowed) {
        const tag = name === 'span' ? 'span' : name;
        open.push(tag);
        tokens.push({ kind: 'open', name: tag, html: allowed });
        continue;
      }
    }
    tokens.push(...textTokens(whole));
  }
  tokens.push(...textTokens(html.slice(last)));
  while (open.length > 0) {
    const top = open.pop()!;
    tokens.push({ kind: 'close', name: top, html: `</${top}>` });
  }
  return tokens;
}

/** Telegram-safe HTML: allowed tags kept and balanced, everything else escaped. */
export function toTelegramHtml(html: string): string {
  return tokenize(html)
    .map((token) => (token.kind === 'text' ? token.text : token.html))
    .join('');
}

/** Visible length as Telegram counts it: UTF-16 code units of the text after entities are parsed. */
export function visibleLength(html: string): number {
  return tokenize(html).reduce((n, token) => n + (token.kind === 'text' ? token.visible : 0), 0);
}

/**
 * Telegram-safe HTML of at most `max` visible UTF-16 units (4096 for messages, 1024 for captions). A cut
 * never falls inside a tag, an entity or a surrogate pair; open tags are closed and "…" marks the cut.
 */
export function truncateTelegramHtml(html: string, max: number): string {
  const tokens = tokenize(html);
  const total = tokens.reduce((n, token) => n + (token.kind === 'text' ? token.visible : 0), 0);
  if (total <= max) return tokens.map((token) => (token.kind === 'text' ? token.text : token.html)).join('');
  const budget = max - 1; // room for the ellipsis
  const out: string[] = [];
  const open: { name: string }[] = [];
  let used = 0;
  for (const token of tokens) {
    if (token.kind === 'text') {
      if (used + token.visible > budget) break;
      used += token.visible;
      out.push(token.text);
    } else if (token.kind === 'open') {
      open.push(token);
      out.push(token.html);
    } else {
      open.pop();
      out.push(token.html);
    }
  }
  out.push('…');
  for (let i = open.length - 1; i >= 0; i--) out.push(`</${open[i]!.name}>`);
  return out.join('');
}
