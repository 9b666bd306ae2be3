import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  toTelegramHtml,
  truncateTelegramHtml,
  visibleLength,
} from '../../../src/channels/telegram/telegram-html.ts';

/** An independent check of what Telegram accepts: allowed, balanced tags; no stray `<`, `>` or `&`. */
function telegramAccepts(html: string): boolean {
  const stack: string[] = [];
  const token =
    /<(\/?)([a-z-]+)((?: [a-z-]+(?:="[^"<>]*")?)*)>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);|([<>&])/gi;
  for (const match of html.matchAll(token)) {
    const [, slash, name, , stray] = match;
    if (stray) return false;
    if (!name) continue;
    if (
      ![
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
        'a',
        'span',
        'blockquote',
      ].includes(name)
    )
      return false;
    if (slash) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
}

/** The text a reader sees. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&');
}

const piece = fc.oneof(
  fc.constantFrom(
    '<b>',
    '</b>',
    '<i>',
    '</i>',
    '<u>',
    '</u>',
    '<code>',
    '</code>',
    '<pre>',
    '</pre>',
    '<pre><code class="language-ts">',
    '<a href="https://example.com/?a=1&b=2">',
    '</a>',
    '<a href="javascript:alert(1)">',
    '<span class="tg-spoiler">',
    '</span>',
    '<blockquote expandable>',
    '</blockquote>',
    '<div>',
    '</div>',
    '<script>',
    '<img src=x>',
    '<br/>',
    '</p>',
  ),
  fc.constantFrom(
    '&amp;',
    '&lt;',
    '&gt;',
    '&quot;',
    '&#128512;',
    '&#x1F600;',
    '&nbsp;',
    '&',
    '<',
    '>',
    '"',
    ' ',
    '\n',
  ),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('😀', 'ü', '日本', 'a'),
);
const html = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

describe('Telegram HTML', () => {
  it.each([
    ['<b>bold</b> and <i>it</i>', '<b>bold</b> and <i>it</i>'],
    ['<div>block</div>', '&lt;div&gt;block&lt;/div&gt;'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['&nbsp;&amp;&#33;', '&amp;nbsp;&amp;!'],
    ['<b>open', '<b>open</b>'],
    ['</b>stray', '&lt;/b&gt;stray'],
    ['<b><i>x</b>y</i>', '<b><i>x</i></b>y&lt;/i&gt;'],
    ['<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'],
    ['<a href=\'https://e.x/?q="1"\'>x</a>', '<a href="https://e.x/?q=&quot;1&quot;">x</a>'],
    [
      '<pre><code class="language-python">print(1)</code></pre>',
      '<pre><code class="language-python">print(1)</code></pre>',
    ],
    ['<code class="language-python">x</code>', '<code>x</code>'],
  ])('%j becomes %j', (input, output) => {
    expect(toTelegramHtml(input)).toBe(output);
  });

  it('counts what Telegram counts: UTF-16 units of the visible text', () => {
    expect(visibleLength('<b>ab</b>&amp;')).toBe(3);
    expect(visibleLength('😀')).toBe(2);
    expect(visibleLength('<a href="https://example.com">x</a>')).toBe(1);
  });

  it('truncates at the limit with an ellipsis, closing open tags, never splitting an emoji', () => {
    expect(truncateTelegramHtml('<b>hello world</b>', 6)).toBe('<b>hello…</b>');
    expect(truncateTelegramHtml('ab😀cd', 4)).toBe('ab…');
    expect(truncateTelegramHtml('a &amp;&amp; b', 3)).toBe('a …');
    expect(truncateTelegramHtml('short', 4096)).toBe('short');
  });

  it('always produces HTML Telegram accepts, within the limit, keeping a prefix of the text (property)', () => {
    fc.assert(
      fc.property(html, fc.integer({ min: 1, max: 60 }), (input, max) => {
        const safe = toTelegramHtml(input);
        expect(telegramAccepts(safe)).toBe(true);
        const cut = truncateTelegramHtml(input, max);
        expect(telegramAccepts(cut)).toBe(true);
        expect(visibleLength(cut)).toBeLessThanOrEqual(Math.max(max, 1));
        const full = visibleText(safe);
        if (visibleLength(input) <= max) {
          expect(cut).toBe(safe);
        } else {
          const kept = visibleText(cut);
          expect(kept.endsWith('…')).toBe(true);
          expect(full.startsWith(kept.slice(0, -1))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
