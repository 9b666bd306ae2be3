import type { paths } from '@notify-bridge/client';

/**
 * The delivery settings a rule (and a receiver) can carry, between the API's shape and a form's: every
 * field of a form is text or a list, and an empty form is `null` (none), as the API has it.
 */

type Rule = paths['/api/v1/rules/{id}']['get']['responses'][200]['content']['application/json'];
/** As the API has them (the client's generated types). */
export type QuietHours = NonNullable<Rule['quietHours']>;
export type RuleDedup = NonNullable<Rule['dedup']>;

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const quietPolicies = ['defer', 'drop', 'quiet'] as const;
export const bypassSeverities = ['info', 'warning', 'error', 'critical'] as const;

export interface QuietHoursForm {
  on: boolean;
  start: string;
  end: string;
  timeZone: string;
  /** Empty: every day. */
  days: string[];
  policy: string;
  /** Empty: no severity gets through. */
  bypassFrom: string;
}

export function quietHoursForm(value: QuietHours | null | undefined): QuietHoursForm {
  return {
    on: Boolean(value),
    start: value?.start ?? '22:00',
    end: value?.end ?? '07:00',
    timeZone: value?.timeZone ?? '',
    days: value?.days ? [...value.days] : [],
    policy: value?.policy ?? 'defer',
    bypassFrom: value?.bypassFrom ?? '',
  };
}

/** The API's quiet hours: only what differs from its defaults, so a saved rule reads as it was written. */
export function quietHoursOf(form: QuietHoursForm): QuietHours | null {
  if (!form.on) return null;
  const days = weekdays.filter((day) => form.days.includes(day));
  return {
    start: form.start,
    end: form.end,
    ...(form.timeZone.trim() ? { timeZone: form.timeZone.trim() } : {}),
    ...(days.length > 0 && days.length < weekdays.length ? { days } : {}),
    ...(form.policy !== 'defer' ? { policy: form.policy as QuietHours['policy'] } : {}),
    ...(form.bypassFrom ? { bypassFrom: form.bypassFrom as QuietHours['bypassFrom'] } : {}),
  };
}

export interface DedupForm {
  on: boolean;
  /** Minutes, as people think of such windows; the API takes seconds. */
  windowMinutes: string;
  /** Comma-separated fields; empty: type and title. */
  by: string;
}

export function dedupForm(value: RuleDedup | null | undefined): DedupForm {
  return {
    on: Boolean(value),
    windowMinutes: value ? String(Math.max(1, Math.round(value.windowSeconds / 60))) : '60',
    by: value?.by?.join(', ') ?? '',
  };
}

/** The API's dedup, or a message saying what to fix. */
export function dedupOf(
  form: DedupForm,
): { ok: true; value: RuleDedup | null } | { ok: false; field: 'window' } {
  if (!form.on) return { ok: true, value: null };
  const minutes = countOf(form.windowMinutes);
  if (minutes === null || !Number.isInteger(minutes) || minutes < 1) return { ok: false, field: 'window' };
  const by = form.by
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  return { ok: true, value: { windowSeconds: minutes * 60, ...(by.length > 0 ? { by } : {}) } };
}

/**
 * A number field's value, null when empty: its binding hands over a number once something is typed and
 * null once it is emptied, whatever the field's declared type.
 */
function countOf(typed: unknown): number | null {
  return typed === null || typed === undefined || String(typed).trim() === '' ? null : Number(typed);
}

/** Attempts as typed: empty is the server's NB_MAX_ATTEMPTS (null); undefined for what is no count. */
export function maxAttemptsOf(typed: string): number | null | undefined {
  const attempts = countOf(typed);
  if (attempts === null) return null;
  return Number.isInteger(attempts) && attempts >= 1 ? attempts : undefined;
}
