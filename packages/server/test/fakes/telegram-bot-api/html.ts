import type { MessageEntity } from 'grammy/types';

/** The tags of Telegram's HTML parse mode (core.telegram.org/bots/api#html-style). */
const allowedTags = new Set([
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
  'a',
  'span',
  'tg-spoiler',
  'blockquote',
  'tg-emoji',
]);

export type ParsedText =
  | { ok: true; visible: string; entities: MessageEntity[] }
  | { ok: false; error: string };

/** The entity each tag makes (core.telegram.org/bots/api#messageentity); `a` makes a text_link. */
const entityTypes: Record<string, Exclude<MessageEntity['type'], 'text_link'>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  code: 'code',
  pre: 'pre',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  blockquote: 'blockquote',
};

/**
 * An attribute value as TDLib decodes it (MessageEntity.cpp, decode_html_entity): &lt; &gt; &amp; &quot; and
 * numeric references, with or without the closing `;`; anything else stays as written.
 */
function decodeAttribute(value: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);?/g, (whole, name: string) => {
    if (!name.startsWith('#')) return named[name] ?? whole;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code < 0x10ffff && whole.length < 10 ? String.fromCodePoint(code) : whole;
  });
}

/** The URL of an `<a>` tag's href, decoded as Telegram decodes it. */
function hrefOf(attributes: string): string | undefined {
  const match = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attributes);
  const value = match?.[1] ?? match?.[2];
  return value === undefined ? undefined : decodeAttribute(value);
}

/**
 * The text a chat would show with its entities, or Telegram's parse error for the HTML it does not accept.
 * Entities are reported per tag; the language of a `<pre><code class="language-…">` block is not.
 */
export function parseHtml(text: string): ParsedText {
  const stack: { name: string; offset: number; url?: string }[] = [];
  const entities: MessageEntity[] = [];
  let visible = '';
  const token = /<(\/?)([a-zA-Z][\w-]*)([^<>]*)>|&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|([<>&])|([^<>&]+)/g;
  for (const match of text.matchAll(token)) {
    const [, slash, tag, attributes, entity, stray, plain] = match;
    if (plain !== undefined) visible += plain;
    else if (stray !== undefined) {
      return {
        ok: false,
        error: `Bad Request: can't parse entities: Unsupported start tag "" at byte offset ${match.index}`,
      };
    } else if (entity !== undefined) {
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
      if (entity.startsWith('#'))
        visible += String.fromCodePoint(
          entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
        );
      else if (entity in named) visible += named[entity];
      else
        return {
          ok: false,
          error: `Bad Request: can't parse entities: Unsupported entity "${entity}" at byte offset ${match.index}`,
        };
    } else if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (!allowedTags.has(name)) {
        return {
          ok: false,
          error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${match.index}`,
        };
      }
      if (slash) {
        const open = stack.pop();
        if (open?.name !== name) {
          return {
            ok: false,
            error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${match.index}, expected "</${open?.name ?? ''}>", found "</${name}>"`,
          };
        }
        const length = visible.length - open.offset;
        // Telegram drops entities that cover no text, and links it cannot open.
        if (length === 0) continue;
        if (name === 'a') {
          if (open.url) entities.push({ type: 'text_link', offset: open.offset, length, url: open.url });
        } else if (name !== 'tg-emoji') {
          entities.push({ type: entityTypes[name]!, offset: open.offset, length } as MessageEntity);
        }
      } else {
        const url = name === 'a' ? hrefOf(attributes ?? '') : undefined;
        stack.push({ name, offset: visible.length, ...(url ? { url } : {}) });
      }
    }
  }
  if (stack.length > 0)
    return {
      ok: false,
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)!.name}"`,
    };
  // Telegram lists entities by where they start.
  entities.sort((a, b) => a.offset - b.offset);
  return { ok: true, visible, entities };
}

/** What a chat shows for a text or caption sent with this parse_mode (other modes are taken as plain text). */
export function visibleText(text: string, parseMode: unknown): ParsedText {
  return parseMode === 'HTML' ? parseHtml(text) : { ok: true, visible: text, entities: [] };
}
