import type { MessageFormat, TemplateBodies } from './message.ts';
import { escapeHtml, escapeMarkdown, htmlToText } from './text-escaping.ts';

/** Which body to render and how to turn its output into the format the channel gets. */
export interface FormatChoice {
  /** The template body to render. */
  source: MessageFormat;
  /** The format of the message the channel receives. */
  target: MessageFormat;
  convert: (rendered: string) => string;
}

// For each wanted format, the other bodies in the order they convert best: text keeps its meaning when
// escaped into markup; markdown reads fine as plain text; html loses only its tags.
const fallbacks: Record<MessageFormat, readonly MessageFormat[]> = {
  html: ['text', 'markdown'],
  markdown: ['text', 'html'],
  text: ['markdown', 'html'],
};

const converters: Record<MessageFormat, Record<MessageFormat, (rendered: string) => string>> = {
  text: { text: identity, markdown: escapeMarkdown, html: escapeHtml },
  // Markdown shown as html keeps its literal asterisks: escaping is safe, guessing a dialect is not.
  markdown: { text: identity, markdown: identity, html: escapeHtml },
  html: { text: htmlToText, markdown: (rendered) => escapeMarkdown(htmlToText(rendered)), html: identity },
};

function identity(rendered: string): string {
  return rendered;
}

function hasBody(template: TemplateBodies, format: MessageFormat): boolean {
  return typeof template[format] === 'string';
}

/**
 * Picks the body for a channel that accepts `wanted` (best first): the first wanted format the template
 * has, as is; otherwise the best convertible body, converted to the channel's first format.
 * Returns null when the template has no body at all.
 */
export function chooseFormat(
  template: TemplateBodies,
  wanted: readonly MessageFormat[],
): FormatChoice | null {
  for (const format of wanted) {
    if (hasBody(template, format)) return { source: format, target: format, convert: identity };
  }
  const target = wanted[0] ?? 'text';
  const source = fallbacks[target].find((format) => hasBody(template, format));
  if (source === undefined) return null;
  return { source, target, convert: converters[source][target] };
}
