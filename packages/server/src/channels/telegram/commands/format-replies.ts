/**
 * The /status, /last and /rules replies from plain data the I/O side has already read. Telegram HTML; every
 * dynamic value is clipped, then escaped. A reply never exceeds Telegram's 4096 characters
 * (core.telegram.org/bots/api#sendmessage): lists stop early and end with "… and N more". The budget counts
 * the HTML as sent, tags and entities included, which is never less than what Telegram counts.
 */
import type { SilenceMode } from '../../../db/schema.ts';
import {
  botTexts,
  clipText,
  displayZone,
  escapeHtml,
  formatInstant,
  formatShortInstant,
  type Language,
  type ReplyLabels,
} from './texts.ts';

export const telegramMessageMax = 4096;

// Per-field caps, before escaping: a pasted stack trace as an error must not crowd out the rest of a list.
const titleMax = 120;
const errorMax = 200;
const commentMax = 120;
const ruleNameMax = 100;
const patternMax = 60;
const patternsShown = 10;

export interface StatusData {
  readonly sent24h: number;
  readonly failed24h: number;
  /** Deliveries waiting now (pending or being sent). */
  readonly pending: number;
  readonly dead24h: number;
  /** Newest first, as many as the caller wants shown (a few). */
  readonly lastFailures: readonly { readonly at: number; readonly title: string; readonly error: string }[];
  readonly activeSilences: readonly {
    readonly mode: SilenceMode;
    readonly endsAt: number;
    readonly comment: string;
  }[];
}

export interface LastItem {
  readonly at: number;
  readonly title: string;
  /** A delivery status (db/schema.ts); unknown ones are shown as written. */
  readonly status: string;
  /** Linked from the title when it is an http(s) URL. */
  readonly url?: string | null;
}

export interface RuleSummary {
  readonly name: string;
  /** Event-type globs; empty = any event type. */
  readonly eventTypes: readonly string[];
  /** Source names; null = any source, empty = none (as RuleDefinition.sourceIds). */
  readonly sources: readonly string[] | null;
  readonly enabled: boolean;
}

const join = (lines: readonly string[]) => lines.join('\n');

/**
 * `text` on one line, clipped to `max` and escaped: a title with line breaks must not break the list apart.
 * An empty value shows as `—` so a link or a bold name never wraps nothing.
 */
const field = (text: string, max: number) =>
  escapeHtml(clipText(text.replace(/\s+/g, ' ').trim(), max)) || '—';

/** Length of `lines` once joined, counting one newline after each line (a safe over-estimate). */
const size = (lines: readonly string[]) => lines.reduce((total, line) => total + line.length + 1, 0);

/**
 * As many of `items` (each one or more lines) as fit in `room` characters, followed by "… and N more" for
 * the rest; all of them when they fit. `room` must allow at least the "… and N more" line.
 */
function fitList(items: readonly string[], room: number, labels: ReplyLabels): string[] {
  if (size(items) <= room) return [...items];
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    const restAfter = items.length - shown.length - 1;
    const reserve = restAfter > 0 ? labels.more(restAfter).length + 1 : 0;
    if (used + item.length + 1 + reserve > room) break;
    shown.push(item);
    used += item.length + 1;
  }
  if (shown.length < items.length) shown.push(labels.more(items.length - shown.length));
  return shown;
}

const heading = (text: string) => `<b>${escapeHtml(text)}</b>`;

const timesIn = (labels: ReplyLabels, zone: string) => `(${escapeHtml(labels.timesIn)} ${escapeHtml(zone)})`;

/** The reply to /status: counts for the last 24 hours, active silences, recent failures. */
export function formatStatus(language: Language, zone: string | null | undefined, data: StatusData): string {
  const { labels } = botTexts[language];
  const shownZone = displayZone(zone);
  const head = [
    `${heading(labels.statusTitle)} ${timesIn(labels, shownZone)}`,
    `✅ ${escapeHtml(labels.sent)}: ${count(data.sent24h)}`,
    `⚠️ ${escapeHtml(labels.failed)}: ${count(data.failed24h)}`,
    `⏳ ${escapeHtml(labels.pending)}: ${count(data.pending)}`,
    `❌ ${escapeHtml(labels.dead)}: ${count(data.dead24h)}`,
    '',
  ];

  const silencesHeading = heading(labels.silencesTitle);
  const silences = data.activeSilences.map((silence) => {
    const [icon, until] = silence.mode === 'defer' ? ['💤', labels.snoozedUntil] : ['🔕', labels.mutedUntil];
    const when = formatInstant(language, shownZone, silence.endsAt);
    const comment = silence.comment.trim();
    return (
      `${icon} ${escapeHtml(until)} ${escapeHtml(when)}` +
      (comment ? ` — <i>${field(comment, commentMax)}</i>` : '')
    );
  });

  const failuresHeading = heading(labels.failuresTitle);
  const failures = data.lastFailures.map(
    (failure) =>
      `${escapeHtml(formatShortInstant(language, shownZone, failure.at))} ` +
      `<b>${field(failure.title, titleMax)}</b>\n` +
      `    <i>${field(failure.error, errorMax)}</i>`,
  );

  const noFailures = escapeHtml(labels.noFailures);
  // Keep room for what the failures show at the least: a blank line, their heading, and either "No recent
  // failures." or "… and N more".
  const failuresFloor = size([
    '',
    failuresHeading,
    failures.length === 0 ? noFailures : labels.more(failures.length),
  ]);
  const lines = [...head, silencesHeading];
  lines.push(
    ...(silences.length === 0
      ? [escapeHtml(labels.noSilences)]
      : fitList(silences, telegramMessageMax - size(lines) - failuresFloor, labels)),
    '',
    failuresHeading,
  );
  lines.push(
    ...(failures.length === 0 ? [noFailures] : fitList(failures, telegramMessageMax - size(lines), labels)),
  );
  return join(lines);
}

const statusIcons: Readonly<Record<string, string>> = {
  sent: '✅',
  pending: '⏳',
  sending: '⏳',
  dead: '❌',
  dropped: '🔕',
  merged: '📦',
};

/** The reply to /last: the given notifications, newest first as given, with their delivery status. */
export function formatLast(
  language: Language,
  zone: string | null | undefined,
  items: readonly LastItem[],
): string {
  const { labels } = botTexts[language];
  const shownZone = displayZone(zone);
  const head = [`${heading(labels.lastTitle)} ${timesIn(labels, shownZone)}`];
  if (items.length === 0) return join([...head, escapeHtml(labels.noNotifications)]);
  const lines = items.map((item) => {
    const title = field(item.title, titleMax);
    const url = linkable(item.url);
    // hasOwn: a status such as `constructor` must not find Object.prototype's.
    const statuses: Readonly<Record<string, string>> = labels.deliveryStatuses;
    const status = Object.hasOwn(statuses, item.status)
      ? escapeHtml(statuses[item.status]!)
      : field(item.status, 32);
    const icon = Object.hasOwn(statusIcons, item.status) ? statusIcons[item.status] : '•';
    return (
      `${icon} ${escapeHtml(formatShortInstant(language, shownZone, item.at))} ` +
      `${url ? `<a href="${escapeHtml(url)}">${title}</a>` : title} <i>(${status})</i>`
    );
  });
  return join([...head, ...fitList(lines, telegramMessageMax - size(head), labels)]);
}

/** The reply to /rules: each rule's name, whether it is on, and which events and sources it takes. */
export function formatRules(language: Language, rules: readonly RuleSummary[]): string {
  const { labels } = botTexts[language];
  const head = [heading(labels.rulesTitle)];
  if (rules.length === 0) return join([...head, escapeHtml(labels.noRules)]);
  const items = rules.map((rule) => {
    const name = `• <b>${field(rule.name, ruleNameMax)}</b>`;
    const state = rule.enabled ? '' : ` <i>(${escapeHtml(labels.ruleDisabled)})</i>`;
    const events =
      rule.eventTypes.length === 0 ? escapeHtml(labels.anyEvent) : patterns(rule.eventTypes, labels);
    const sources =
      rule.sources === null
        ? escapeHtml(labels.anySource)
        : rule.sources.length === 0
          ? escapeHtml(labels.noSource)
          : patterns(rule.sources, labels);
    return (
      `${name}${state}\n` +
      `    ${escapeHtml(labels.events)}: ${events}\n` +
      `    ${escapeHtml(labels.sources)}: ${sources}`
    );
  });
  return join([...head, ...fitList(items, telegramMessageMax - size(head), labels)]);
}

/** `<code>a.*</code>, <code>b</code>, … and 3 more`: a rule's globs or sources, a few at most. */
function patterns(values: readonly string[], labels: ReplyLabels): string {
  const shown = values.slice(0, patternsShown).map((value) => `<code>${field(value, patternMax)}</code>`);
  if (values.length > patternsShown) shown.push(escapeHtml(labels.more(values.length - patternsShown)));
  return shown.join(', ');
}

/** A count as text; anything but a whole number >= 0 (a bad query result) shows as `?`. */
function count(value: number): string {
  return Number.isSafeInteger(value) && value >= 0 ? String(value) : '?';
}

/** `url` when Telegram will open it as a link: http(s) and not absurdly long. */
function linkable(url: string | null | undefined): string | undefined {
  if (typeof url !== 'string' || url.length > 2048 || !URL.canParse(url)) return undefined;
  // The parsed form: percent-encoded, no stray spaces, which Telegram's own URL check accepts.
  const { protocol, href } = new URL(url);
  return protocol === 'http:' || protocol === 'https:' ? href : undefined;
}
