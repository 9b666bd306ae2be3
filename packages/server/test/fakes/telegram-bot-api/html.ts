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

export type ParsedText = { ok: true; visible: string } | { ok: false; error: string };

/** The text a chat would show, or Telegram's parse error for the HTML it does not accept. */
export function parseHtml(text: string): ParsedText {
  const stack: string[] = [];
  let visible = '';
  const token = /<(\/?)([a-zA-Z][\w-]*)([^<>]*)>|&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|([<>&])|([^<>&]+)/g;
  for (const match of text.matchAll(token)) {
    const [, slash, tag, , entity, stray, plain] = match;
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
        if (stack.pop() !== name) {
          return {
            ok: false,
            error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${match.index}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"`,
          };
        }
      } else stack.push(name);
    }
  }
  if (stack.length > 0)
    return {
      ok: false,
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    };
  return { ok: true, visible };
}

/** What a chat shows for a text or caption sent with this parse_mode (other modes are taken as plain text). */
export function visibleText(text: string, parseMode: unknown): ParsedText {
  return parseMode === 'HTML' ? parseHtml(text) : { ok: true, visible: text };
}
