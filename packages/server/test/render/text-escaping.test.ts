import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownUrl,
  htmlToText,
  truncateText,
} from '../../src/render/text-escaping.ts';

// Telegram MarkdownV2's reserved characters (core.telegram.org/bots/api#markdownv2-style) plus `\`, `<`, `&`.
const markdownSpecials = '\\_*[]()~`>#+-=|{}.!<&';

function unescapeMarkdown(text: string): string {
  return text.replace(/\\(.)/gsu, '$1');
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in elements and quoted attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;',
    );
  });

  it('never leaves a markup character and round-trips through htmlToText', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(htmlToText(escaped)).toBe(text);
      }),
    );
  });
});

describe('escapeMarkdown', () => {
  it('puts a backslash before every special character', () => {
    expect(escapeMarkdown('*bold* _it_ [a](b) #1 1.5! <x> & \\')).toBe(
      '\\*bold\\* \\_it\\_ \\[a\\]\\(b\\) \\#1 1\\.5\\! \\<x\\> \\& \\\\',
    );
    for (const char of markdownSpecials) expect(escapeMarkdown(char)).toBe(`\\${char}`);
  });

  it('leaves letters, digits, spaces and emoji alone', () => {
    expect(escapeMarkdown('Disk full on nas 42 🚨 ünïcode')).toBe('Disk full on nas 42 🚨 ünïcode');
  });

  it('is reversible and leaves no special character unescaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(unescapeMarkdown(escaped)).toBe(text);
        // Removing every escape pair leaves no special character behind.
        const bare = escaped.replace(/\\./gsu, '');
        for (const char of markdownSpecials) expect(bare).not.toContain(char);
      }),
    );
  });
});

describe('escapeMarkdownUrl', () => {
  it('escapes only what ends a link destination', () => {
    expect(escapeMarkdownUrl('https://x.example/a_(b)?q=1\\2')).toBe('https://x.example/a_\\(b\\)?q=1\\\\2');
  });
});

describe('htmlToText', () => {
  it('turns breaks and block ends into newlines and drops other tags', () => {
    expect(htmlToText('<p>one<br>two<br/>three</p><div><b>bold</b> <a href="x">link</a></div>')).toBe(
      'one\ntwo\nthree\nbold link\n',
    );
  });

  it('decodes named and numeric entities and keeps unknown ones', () => {
    expect(htmlToText('&lt;&gt;&amp;&quot;&apos;&nbsp;&#65;&#x42;&#x1F6A8;&bogus;&#0;')).toBe(
      '<>&"\' AB🚨&bogus;&#0;',
    );
  });
});

describe('truncateText', () => {
  it('keeps text that fits', () => {
    expect(truncateText('hello', 5)).toBe('hello');
    expect(truncateText('', 0)).toBe('');
  });

  it('cuts and ends with the ellipsis', () => {
    expect(truncateText('hello world', 6)).toBe('hello…');
    expect(truncateText('hello world', 8, '...')).toBe('hello...');
    expect(truncateText('hello', 2, '...')).toBe('he');
    expect(truncateText('hello', 0)).toBe('');
  });

  it('counts code points, never splitting a surrogate pair', () => {
    expect(truncateText('🚨🚨🚨🚨', 3)).toBe('🚨🚨…');
    expect(truncateText('🚨🚨🚨', 3)).toBe('🚨🚨🚨');
  });

  it('never exceeds the limit and keeps a prefix of the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 40 }), (text, max) => {
        const cut = truncateText(text, max);
        expect([...cut].length).toBeLessThanOrEqual(max);
        if ([...text].length <= max) {
          expect(cut).toBe(text);
        } else if (max >= 1) {
          expect(cut.endsWith('…')).toBe(true);
          expect(text.startsWith(cut.slice(0, -1))).toBe(true);
          expect([...cut].length).toBe(max);
        }
        // Cutting between the halves of a surrogate pair would leave a lone surrogate.
        if (text.isWellFormed()) expect(cut.isWellFormed()).toBe(true);
      }),
    );
  });
});
