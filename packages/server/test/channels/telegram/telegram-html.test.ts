import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  toTelegramHtml,
  truncateTelegramHtml,
  visibleLength,
} from '../../../src/channels/telegram/telegram-html.ts';
import { createLiquidEngine } from '../../../src/render/liquid-engine.ts';
import { parseHtml } from '../../fakes/telegram-bot-api/html.ts';

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

/** The URL Telegram opens for the link, as the fake Bot API parses it (TDLib's attribute decoding). */
function linkTelegramOpens(html: string): string | undefined {
  const parsed = parseHtml(html);
  if (!parsed.ok) throw new Error(parsed.error);
  const link = parsed.entities.find((entity) => entity.type === 'text_link');
  return link?.type === 'text_link' ? link.url : undefined;
}

/** URLs as events carry them, and hand-made ones full of what HTML and query strings both care about. */
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('https://example.com/run', 'http://h.test/p', 'tg://resolve', 'mailto:a@b.test'),
      fc.array(
        fc.constantFrom(
          '&',
          '=',
          ';',
          '#',
          'amp',
          'lt',
          'quot',
          '#38',
          'x',
          '1',
          "'",
          '"',
          '<',
          '>',
          '%26',
          'ü',
        ),
        { maxLength: 20 },
      ),
    )
    .map(([base, parts]) => `${base}?${parts.join('')}`),
);

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
    // A template escapes the URL once; the sanitiser must not escape it a second time.
    ['<a href="https://e.x/run?id=1&amp;x=2">x</a>', '<a href="https://e.x/run?id=1&amp;x=2">x</a>'],
    ['<a href="https://e.x/run?id=1&x=2">x</a>', '<a href="https://e.x/run?id=1&amp;x=2">x</a>'],
    ['<a href="javascript&#58;alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'],
  ])('%j becomes %j', (input, output) => {
    expect(toTelegramHtml(input)).toBe(output);
  });

  it('keeps every link as Telegram will open it, given raw or escaped by a template (property)', () => {
    const liquid = createLiquidEngine(
      { parseLimit: 10_000, renderLimit: 1_000, memoryLimit: 1_000_000 },
      { html: true },
    );
    const template = liquid.parse('<a href="{{ url }}">open</a>');
    fc.assert(
      fc.property(url, (link) => {
        const escaped = toTelegramHtml(liquid.renderSync(template, { url: link }));
        expect(telegramAccepts(escaped)).toBe(true);
        expect(linkTelegramOpens(escaped)).toBe(link);
      }),
      { numRuns: 2000 },
    );
    // Written raw into the attribute, a URL means what HTML reads there: `"` would end the value, `<` and
    // `>` end no tag here but no URL has them raw, and `&lt;` is `<` to every reader of HTML.
    const raw = url.filter((link) => !/["<>]|&#?[A-Za-z0-9]+;/.test(link));
    fc.assert(
      fc.property(raw, (link) => {
        const sanitised = toTelegramHtml(`<a href="${link}">open</a>`);
        expect(telegramAccepts(sanitised)).toBe(true);
        expect(linkTelegramOpens(sanitised)).toBe(link);
      }),
      { numRuns: 2000 },
    );
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
