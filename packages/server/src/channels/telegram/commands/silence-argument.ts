/**
 * The argument of /mute and /snooze -> when the silence ends. Accepted (all in the receiver's time zone):
 *
 * - nothing: the command's default, one hour for both /mute and /snooze;
 * - a duration (domain/duration.ts): `30m`, `2h`, `1d`, `1h30m`, `2 hours`;
 * - a time of day, `until 18:00` or `18:00`: its next occurrence, today if still ahead, else tomorrow;
 * - a date and time, `until 2026-12-01 18:00`, `2026-12-01T18:00`, or a date alone (its midnight);
 * - an ISO date-time with an offset, `2026-12-01T18:00:00Z`, `…+02:00`, which needs no zone.
 *
 * A local time skipped by a spring-forward moves forward by the gap; one repeated by a fall-back is its
 * first instant (zoned-time.ts). The end must be in the future and at most 365 days ahead.
 */
import { parseDuration } from '../../../domain/duration.ts';
import {
  addCalendarDays,
  compareWallTimes,
  instantsOfWallTime,
  isTimeZone,
  isValidWallTime,
  type WallTime,
  wallTimeAt,
  wallTimeToEpoch,
} from '../../../domain/zoned-time.ts';
import { type Language, silenceErrorText } from './texts.ts';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

export type SilenceCommand = 'mute' | 'snooze';

/** The silence a bare `/mute` or `/snooze` makes. */
export const defaultSilenceMs: Readonly<Record<SilenceCommand, number>> = Object.freeze({
  mute: hour,
  snooze: hour,
});

/** The longest silence a command may make; longer ones belong in the API, where they are visible. */
export const maxSilenceMs = 365 * day;

export type SilenceArgumentForm = 'default' | 'duration' | 'time-of-day' | 'date-time';

export type SilenceArgumentError =
  /** Not a form this parser reads. `input` is the argument as written. */
  | { readonly code: 'invalid'; readonly input: string }
  | { readonly code: 'not-in-future'; readonly input: string; readonly endsAt: number }
  | { readonly code: 'too-far'; readonly input: string; readonly endsAt: number }
  /** The receiver's configured zone is not one the runtime knows; durations still work. */
  | { readonly code: 'unknown-time-zone'; readonly input: string; readonly timeZone: string };

export type SilenceArgumentResult =
  | { readonly ok: true; readonly endsAt: number; readonly form: SilenceArgumentForm }
  | {
      readonly ok: false;
      readonly error: SilenceArgumentError;
      /** Telegram HTML for the chat, in `language`: what went wrong, what is accepted, with examples. */
      readonly message: string;
    };

export interface SilenceArgumentOptions {
  readonly command: SilenceCommand;
  /** Epoch ms; the caller's clock. */
  readonly now: number;
  /** The receiver's IANA zone; default (undefined or null) UTC. */
  readonly timeZone?: string | null;
  /** For the error message; default en. */
  readonly language?: Language;
}

const timeOfDay = /^(?:until\s+)?(\d{1,2}):(\d{2})$/i;
const dateTime =
  /^(?:until\s+)?(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(z|[+-]\d{2}:?\d{2})?)?$/i;

type Reading = { endsAt: number; form: SilenceArgumentForm } | SilenceArgumentError;

/** When a silence made by `/<command> <text>` ends; never throws. */
export function parseSilenceArgument(text: string, options: SilenceArgumentOptions): SilenceArgumentResult {
  const { command, now, language = 'en' } = options;
  const timeZone = options.timeZone ?? 'UTC';
  const input = typeof text === 'string' ? text.trim().replace(/\s+/g, ' ') : '';
  const reading = read(input, command, now, timeZone);
  let error: SilenceArgumentError;
  if ('code' in reading) error = reading;
  else if (reading.endsAt <= now) error = { code: 'not-in-future', input, endsAt: reading.endsAt };
  else if (reading.endsAt - now > maxSilenceMs) error = { code: 'too-far', input, endsAt: reading.endsAt };
  else return { ok: true, endsAt: reading.endsAt, form: reading.form };
  return { ok: false, error, message: silenceErrorText(language, command, error, timeZone) };
}

function read(input: string, command: SilenceCommand, now: number, timeZone: string): Reading {
  if (input === '') return { endsAt: now + defaultSilenceMs[command], form: 'default' };

  const time = timeOfDay.exec(input);
  if (time) {
    const [hourOfDay, minute] = [Number(time[1]), Number(time[2])];
    if (hourOfDay > 23 || minute > 59) return { code: 'invalid', input };
    if (!isTimeZone(timeZone)) return { code: 'unknown-time-zone', input, timeZone };
    return { endsAt: nextTimeOfDay(hourOfDay, minute, now, timeZone), form: 'time-of-day' };
  }

  const date = dateTime.exec(input);
  if (date) {
    const [year, month, dayOfMonth, hourOfDay, minute, second] = date
      .slice(1, 7)
      .map((group) => (group === undefined ? 0 : Number(group)));
    const wall: WallTime = {
      year: year!,
      month: month!,
      day: dayOfMonth!,
      hour: hourOfDay!,
      minute: minute!,
      second: second!,
    };
    if (!isValidWallTime(wall)) return { code: 'invalid', input };
    const millis = date[7] ? Number(date[7].padEnd(3, '0')) : 0;
    if (date[8]) {
      const offset = offsetMs(date[8]);
      if (offset === undefined) return { code: 'invalid', input };
      // The offset pins the instant; the receiver's zone plays no part.
      return { endsAt: wallTimeToEpoch(wall, 'UTC') + millis - offset, form: 'date-time' };
    }
    if (!isTimeZone(timeZone)) return { code: 'unknown-time-zone', input, timeZone };
    return { endsAt: wallTimeToEpoch(wall, timeZone) + millis, form: 'date-time' };
  }

  // `until` wants a time; `until 2h` is a slip we do not guess at.
  if (/^until\b/i.test(input)) return { code: 'invalid', input };
  try {
    return { endsAt: now + parseDuration(input), form: 'duration' };
  } catch {
    return { code: 'invalid', input };
  }
}

/** `Z`, `+02:00`, `-0530` -> ms east of UTC; undefined for an offset no zone has. */
function offsetMs(offset: string): number | undefined {
  if (offset.toLowerCase() === 'z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (hours > 23 || minutes > 59) return undefined;
  return (offset.startsWith('-') ? -1 : 1) * (hours * hour + minutes * 60 * 1000);
}

/**
 * The first instant after `now` at which the clock in `zone` shows hour:minute. On a fall-back night that
 * may be the second pass of a repeated time; a time skipped by a spring-forward counts as the moment after
 * the jump (moved forward by the gap), but only while the clock has not yet jumped past it.
 */
function nextTimeOfDay(hourOfDay: number, minute: number, now: number, zone: string): number {
  const today = wallTimeAt(now, zone);
  for (let days = 0; days <= 2; days++) {
    const wall = { ...addCalendarDays(today, days), hour: hourOfDay, minute, second: 0 };
    const instants = instantsOfWallTime(wall, zone);
    const ahead = instants.find((instant) => instant > now);
    if (ahead !== undefined) return ahead;
    if (instants.length === 0 && compareWallTimes(today, wall) < 0) return wallTimeToEpoch(wall, zone);
  }
  // Unreachable: tomorrow's hour:minute exists or is skipped, and either way is ahead.
  throw new Error(`no ${hourOfDay}:${minute} within two days in ${zone}`);
}
