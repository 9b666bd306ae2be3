import type { Severity } from '../../domain/event.ts';

/**
 * Words senders use for how bad something is, mapped onto our five levels. Sources: syslog's
 * names (RFC 5424 §6.2.1), ntfy's priority names (https://docs.ntfy.sh/publish/#message-priority),
 * common logger levels (trace, fatal, panic) and alerting words (page, ok, resolved).
 */
const severitySynonyms: Record<string, Severity> = {
  trace: 'debug',
  debug: 'debug',
  verbose: 'debug',
  min: 'debug',
  lowest: 'debug',
  low: 'info',
  info: 'info',
  informational: 'info',
  information: 'info',
  notice: 'info',
  default: 'info',
  normal: 'info',
  ok: 'info',
  resolved: 'info',
  success: 'info',
  warning: 'warning',
  warn: 'warning',
  high: 'warning',
  moderate: 'warning',
  error: 'error',
  err: 'error',
  failure: 'error',
  failed: 'error',
  severe: 'error',
  major: 'error',
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  panic: 'critical',
  alert: 'critical',
  emerg: 'critical',
  emergency: 'critical',
  max: 'critical',
  urgent: 'critical',
  page: 'critical',
};

/** ntfy priorities: 1 min, 2 low, 3 default, 4 high, 5 max/urgent. */
const ntfyPriorities: Record<number, Severity> = {
  1: 'debug',
  2: 'info',
  3: 'info',
  4: 'warning',
  5: 'critical',
};

/** A sender's severity as one of ours, or undefined when the value means nothing we know. */
export function normalizeSeverity(value: unknown): Severity | undefined {
  if (typeof value === 'number') return ntfyPriorities[value];
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (/^[1-5]$/.test(word)) return ntfyPriorities[Number(word)];
  return Object.hasOwn(severitySynonyms, word) ? severitySynonyms[word] : undefined;
}

/** Apprise's notification types (apprise.NotifyType), as its json:// sends them in `type`. */
const notifyTypes = new Map<string, Severity>([
  ['info', 'info'],
  ['success', 'info'],
  ['warning', 'warning'],
  ['failure', 'error'],
]);

/** The severity an Apprise notification type means, or undefined for any other value. */
export function notifyTypeSeverity(value: unknown): Severity | undefined {
  return typeof value === 'string' ? notifyTypes.get(value.trim().toLowerCase()) : undefined;
}
