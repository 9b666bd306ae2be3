import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../src/lib/i18n/en.json' with { type: 'json' };
import ru from '../src/lib/i18n/ru.json' with { type: 'json' };

const src = new URL('../src/', import.meta.url).pathname;

function* svelteFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* svelteFiles(path);
    else if (entry.name.endsWith('.svelte')) yield path;
  }
}

/** A component's markup: what is left after its script and style blocks. */
function markupOf(source: string): string {
  return source.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
}

describe('the UI’s words', () => {
  it('has the same keys in every catalogue, none empty', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(ru)]) expect(text, key).not.toBe('');
  });

  it('uses the same placeholders in every catalogue', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('has no literal words in a component’s markup: text and labels come from the catalogues', () => {
    const literals: string[] = [];
    for (const file of svelteFiles(src)) {
      const markup = markupOf(readFileSync(file, 'utf8'));
      // Text between tags that is not only an expression, whitespace or punctuation.
      for (const match of markup.matchAll(/>([^<>{}]*[\p{L}][^<>{}]*)</gu)) {
        literals.push(`${file.slice(src.length)}: ${match[1]!.trim()}`);
      }
      // Attributes people read (labels, titles, placeholders, alt text) given as literal strings.
      for (const match of markup.matchAll(/\b(aria-label|title|placeholder|alt)="([^"{]*\p{L}[^"{]*)"/gu)) {
        literals.push(`${file.slice(src.length)}: ${match[1]}="${match[2]}"`);
      }
    }
    expect(literals).toEqual([]);
  });

  it('finds a literal word when a component has one (the check itself works)', () => {
    const markup = markupOf('<script>let x = "words";</script><p>Hello</p><b title="Hi">{t("a")}</b>');
    expect([...markup.matchAll(/>([^<>{}]*[\p{L}][^<>{}]*)</gu)].map((m) => m[1])).toEqual(['Hello']);
    expect([...markup.matchAll(/\b(title)="([^"{]*\p{L}[^"{]*)"/gu)].map((m) => m[2])).toEqual(['Hi']);
  });
});
