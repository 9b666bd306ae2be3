import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMatrixHtml } from '../../src/channels/matrix/matrix-html.ts';

/** Pieces HTML from templates and events is made of, hostile ones included, to be glued at random. */
const piece = fc.oneof(
  fc.constantFrom(
    '<b>',
    '</b>',
    '<i>',
    '</i>',
    '<pre>',
    '</pre>',
    '<p>',
    '</p>',
    '<br>',
    '<ul><li>',
    '</li></ul>',
    '<a href="https://x.example/?a=1&amp;b=2">',
    '<a href="javascript:alert(1)">',
    '<a href=\'mailto:x@y\' onclick="steal()">',
    '</a>',
    '<img src="https://tracker.example/p.gif">',
    '<img src="mxc://hs/id" onerror="x()">',
    '<script>alert(1)</script>',
    '<style>*{}</style>',
    '<iframe src="https://evil.example">',
    '<font color="#00ff00" data-mx-color="red">',
    '</font>',
    '<span data-mx-spoiler>',
    '</span>',
    '<!-- c -->',
    '<mx-reply>q</mx-reply>',
    '&amp;',
    '&lt;',
    '&#x1F600;',
    '&bogus;',
    '<',
    '>',
    '&',
    '"',
    "'",
    '\n',
  ),
  fc.string({ maxLength: 8 }),
);
const html = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));

const allowed =
  /^(font|del|h[1-6]|blockquote|p|a|ul|ol|sup|sub|li|b|i|u|strong|em|s|code|hr|br|div|table|thead|tbody|tr|th|td|caption|pre|span|img|details|summary)$/;

describe('Matrix HTML sanitising, over random HTML', () => {
  it('keeps only the spec’s tags, no handler, script, outside image or unsafe link', () => {
    fc.assert(
      fc.property(html, (input) => {
        const out = toMatrixHtml(input);
        for (const [, name] of out.matchAll(/<\/?([A-Za-z][\w-]*)/g)) expect(name).toMatch(allowed);
        expect(out).not.toMatch(/\son\w+=|<script|<style|javascript:|src="https?:/i);
        // Every < or & that is not markup is escaped: no stray one starts a tag or entity of its own.
        expect(out.replace(/<\/?[a-z0-9]+( [a-z-]+="[^"<>]*")*>/g, '')).not.toMatch(
          /[<>]|&(?!(amp|lt|gt|#34|#39);)/,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('balances tags, and sanitising twice changes nothing', () => {
    fc.assert(
      fc.property(html, (input) => {
        const out = toMatrixHtml(input);
        const open: string[] = [];
        for (const [, slash, name] of out.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
          if (name === 'br' || name === 'hr' || name === 'img') continue;
          if (slash) expect(open.pop()).toBe(name);
          else open.push(name!);
        }
        expect(open).toEqual([]);
        expect(toMatrixHtml(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});
