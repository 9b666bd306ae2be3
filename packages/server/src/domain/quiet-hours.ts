/**
 * Quiet hours: "between 22:00 and 07:00 in Europe/Berlin, on these days, hold (or drop, or silence) what
 * is sent to me". A window is a local start and end time; it starts on each listed day and ends at the
 * next `end` after its start (the same day, or the next one when it crosses midnight). Local times are
 * read in the window's zone with zoned-time.ts, so the night the clocks change is one window, neither
 * skipped nor doubled: a start or end inside a spring-forward gap moves forward by the gap, one inside
 * a fall-back overlap is its first instant.
 */
import { type Severity, severityRank } from './event.ts';
import { DomainValidationError } from './validation-error.ts';
import { addCalendarDays, isTimeZone, type WallTime, wallTimeAt, wallTimeToEpoch } from './zoned-time.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** defer: send when the window ends; drop: never send; quiet: send now, without sound. */
export const quietPolicies = ['defer', 'drop', 'quiet'] as const;
export type QuietPolicy = (typeof quietPolicies)[number];

export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

export interface QuietHours {
  /** IANA zone the times are read in. */
  readonly timeZone: string;
  /** The days a window starts on. */
  readonly days: readonly Weekday[];
  readonly start: LocalTime;
  readonly end: LocalTime;
  readonly policy: QuietPolicy;
  /** Events of this severity or higher pass as if there were no window. */
  readonly bypassFrom?: Severity;
}

/** One occurrence of a window, in epoch ms: quiet from `start` (inclusive) until `end` (exclusive). */
export interface QuietWindow {
  readonly start: number;
  readonly end: number;
}

export type QuietDecision =
  | { action: 'send' }
  | { action: 'defer'; until: number; window: QuietWindow }
  | { action: 'drop'; window: QuietWindow }
  | { action: 'quiet'; window: QuietWindow };

const send: QuietDecision = { action: 'send' };

/** The window occurrence `at` falls in, if any. */
export function quietWindowAt(quiet: QuietHours, at: number): QuietWindow | undefined {
  const today = wallTimeAt(at, quiet.timeZone);
  // A window is shorter than a day, so only one that started yesterday or today can hold `at`.
  for (const offset of [-1, 0]) {
    const window = windowStartingOn(quiet, addCalendarDays(today, offset));
    if (window && window.start <= at && at < window.end) return window;
  }
  return undefined;
}

/** What quiet hours say about an event of `severity` at `at`; no quiet hours, or a bypass, is `send`. */
export function decideQuietHours(
  quiet: QuietHours | undefined,
  severity: Severity,
  at: number,
): QuietDecision {
  if (quiet === undefined) return send;
  if (quiet.bypassFrom !== undefined && severityRank(severity) >= severityRank(quiet.bypassFrom)) return send;
  const window = quietWindowAt(quiet, at);
  if (window === undefined) return send;
  if (quiet.policy === 'defer') return { action: 'defer', until: window.end, window };
  return { action: quiet.policy, window };
}

/** The window that starts on `date`'s calendar day, if that is one of its days. */
function windowStartingOn(quiet: QuietHours, date: WallTime): QuietWindow | undefined {
  if (!quiet.days.includes(weekdayOf(date))) return undefined;
  const crossesMidnight = minutesOf(quiet.end) <= minutesOf(quiet.start);
  const endDate = crossesMidnight ? addCalendarDays(date, 1) : date;
  return {
    start: wallTimeToEpoch({ ...date, ...quiet.start, second: 0 }, quiet.timeZone),
    end: wallTimeToEpoch({ ...endDate, ...quiet.end, second: 0 }, quiet.timeZone),
  };
}

function weekdayOf(date: WallTime): Weekday {
  const utc = new Date(Date.UTC(2000, 0, 1));
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  // getUTCDay counts from Sunday; the list starts on Monday (ISO 8601).
  return weekdays[(utc.getUTCDay() + 6) % 7]!;
}

const minutesOf = (time: LocalTime) => time.hour * 60 + time.minute;

/** `22:00` → { hour: 22, minute: 0 }; throws DomainValidationError naming `path`. */
export function parseLocalTime(text: unknown, path: string): LocalTime {
  const match = typeof text === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text) : null;
  if (!match)
    throw new DomainValidationError(
      path,
      `expected a time of day as HH:MM (00:00-23:59), got ${JSON.stringify(text)}`,
    );
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function formatLocalTime(time: LocalTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** Quiet hours as the API and config write them. */
export interface QuietHoursInput {
  /** Default: the zone the caller passes (the receiver's, else the instance's). */
  timeZone?: string;
  days?: readonly string[];
  start: string;
  end: string;
  policy?: string;
  bypassFrom?: Severity;
}

/**
 * Checks what the schema cannot: a zone the runtime knows, days without repeats, and a window that lasts
 * (start == end would be either nothing or all day; neither is what anyone means). Days default to every
 * day, the policy to `defer`.
 */
export function parseQuietHours(
  input: QuietHoursInput,
  defaultZone = 'UTC',
  path = '/quietHours',
): QuietHours {
  const timeZone = input.timeZone ?? defaultZone;
  if (!isTimeZone(timeZone)) {
    throw new DomainValidationError(
      `${path}/timeZone`,
      `${JSON.stringify(timeZone)} is not a time zone this server knows; use an IANA name such as Europe/Berlin or UTC`,
    );
  }
  const start = parseLocalTime(input.start, `${path}/start`);
  const end = parseLocalTime(input.end, `${path}/end`);
  if (minutesOf(start) === minutesOf(end)) {
    throw new DomainValidationError(
      path,
      `start and end are both ${formatLocalTime(start)}; a window needs two different times (22:00 to 07:00 crosses midnight)`,
    );
  }
  const days = input.days ?? weekdays;
  const seen = new Set<Weekday>();
  days.forEach((day, index) => {
    if (!(weekdays as readonly string[]).includes(day)) {
      throw new DomainValidationError(
        `${path}/days/${index}`,
        `expected one of ${weekdays.join(', ')}, got ${JSON.stringify(day)}`,
      );
    }
    if (seen.has(day as Weekday))
      throw new DomainValidationError(`${path}/days/${index}`, `${day} is listed twice`);
    seen.add(day as Weekday);
  });
  if (seen.size === 0)
    throw new DomainValidationError(`${path}/days`, 'list at least one day, or leave days out for every day');
  const policy = input.policy ?? 'defer';
  if (!(quietPolicies as readonly string[]).includes(policy)) {
    throw new DomainValidationError(
      `${path}/policy`,
      `expected one of ${quietPolicies.join(', ')}, got ${JSON.stringify(policy)}`,
    );
  }
  return Object.freeze({
    timeZone,
    days: Object.freeze(weekdays.filter((day) => seen.has(day))),
    start,
    end,
    policy: policy as QuietPolicy,
    ...(input.bypassFrom === undefined ? {} : { bypassFrom: input.bypassFrom }),
  });
}

/**
 * What the delivery records, in the window's own zone: `deferred by quiet hours until 07:00
 * Europe/Berlin (2026-12-05T06:00:00.000Z)`, `dropped by quiet hours (22:00-07:00 Europe/Berlin)`.
 */
export function quietHoursReason(
  decision: Exclude<QuietDecision, { action: 'send' }>,
  quiet: QuietHours,
): string {
  const span = `${formatLocalTime(quiet.start)}-${formatLocalTime(quiet.end)} ${quiet.timeZone}`;
  if (decision.action === 'defer') {
    const local = wallTimeAt(decision.until, quiet.timeZone);
    return `deferred by quiet hours until ${formatLocalTime(local)} ${quiet.timeZone} (${new Date(decision.until).toISOString()})`;
  }
  return `${decision.action === 'drop' ? 'dropped' : 'sent without sound'} by quiet hours (${span})`;
}
