import { expect } from 'vitest';

/**
 * Asserts `html` is what Telegram's HTML parse mode accepts from the bot's replies: only <b>, <i>, <code> and
 * <a href="…">, balanced; no stray `<`, `>` or `&`; only the entities &lt; &gt; &amp; &quot;.
 */
export function expectTelegramHtml(html: string): void {
  const open: string[] = [];
  const token = /<(\/?)([a-z]+)((?: href="[^"<>]*")?)>|&(?:lt|gt|amp|quot);|([<>&])/g;
  for (const match of html.matchAll(token)) {
    const [whole, slash, name, attribute, stray] = match;
    expect(
      stray,
      `a stray ${stray} at ${match.index} in ${JSON.stringify(html.slice(0, 200))}`,
    ).toBeUndefined();
    if (!name) continue;
    expect(['b', 'i', 'code', 'a'], `tag ${whole}`).toContain(name);
    if (name === 'a' && !slash) expect(attribute, `link ${whole}`).toMatch(/^ href="https?:\/\//);
    else expect(attribute, `attributes on ${whole}`).toBe('');
    if (slash) expect(open.pop(), `closing ${whole}`).toBe(name);
    else open.push(name);
  }
  expect(open, 'tags left open').toEqual([]);
}

/** A value that breaks the reply unless escaped everywhere it lands, including inside href="…". */
export const injection = '<b>x</b> & <script>"y"</script> &amp;';

/** What `injection` must look like once escaped. */
export const injectionEscaped =
  '&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;&quot;y&quot;&lt;/script&gt; &amp;amp;';
