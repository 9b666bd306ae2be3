import type { Context, Liquid } from 'liquidjs';
import { isSeverity, type Severity } from '../domain/event.ts';
import { escapeHtml, escapeMarkdown, escapeMarkdownUrl, truncateText } from './text-escaping.ts';

const severityEmojis: Record<Severity, string> = {
  debug: '🐛',
  info: 'ℹ️',
  warning: '⚠️',
  error: '❌',
  critical: '🚨',
};

/** `{{ event.severity | severity_emoji }}`: a symbol per severity, empty for anything else. */
export function severityEmoji(value: unknown): string {
  return isSeverity(value) ? severityEmojis[value] : '';
}

/** What LiquidJS binds `this` to in a filter (its `FilterImpl` type is not exported). */
interface FilterImpl {
  context: Context;
}

/** The text form of a filter input, as LiquidJS's own filters see it (nothing for null and undefined). */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** Charges the engine's memory limit for a string a filter builds, as LiquidJS's own filters do. */
function charged(filter: FilterImpl, text: string): string {
  filter.context.memoryLimit.use(text.length);
  return text;
}

/**
 * Registers notify-bridge's filters on one engine. `html` engines escape `{{ }}` output by default, so
 * there `escape_html` is marked raw: `{{ x | escape_html }}` is escaped once, not twice.
 * (`json` is LiquidJS's own, already charged against the memory limit.)
 */
export function registerBridgeFilters(liquid: Liquid, options: { html: boolean }): void {
  liquid.registerFilter('escape_html', {
    handler(this: FilterImpl, value: unknown) {
      return charged(this, escapeHtml(asText(value)));
    },
    raw: options.html,
  });
  liquid.registerFilter('escape_markdown', function (this: FilterImpl, value: unknown) {
    return charged(this, escapeMarkdown(asText(value)));
  });
  liquid.registerFilter('escape_markdown_url', function (this: FilterImpl, value: unknown) {
    return charged(this, escapeMarkdownUrl(asText(value)));
  });
  liquid.registerFilter(
    'truncate_text',
    function (this: FilterImpl, value: unknown, max: unknown = 100, ellipsis: unknown = '…') {
      const limit = Number(max);
      if (!Number.isFinite(limit))
        throw new Error(`truncate_text needs a number of characters, not "${max}"`);
      return truncateText(asText(value), limit, asText(ellipsis));
    },
  );
  liquid.registerFilter('severity_emoji', (value: unknown) => severityEmoji(value));
}
