/**
 * Wall-clock time in an IANA time zone <-> epoch milliseconds, using only Intl (the runtime's ICU time zone
 * data; no dependency). Skipped and repeated local times resolve as Temporal's `disambiguation:
 * 'compatible'` does (https://tc39.es/proposal-temporal/docs/ambiguity.html): a time skipped by a
 * spring-forward moves forward by the length of the gap (02:30 on a 02:00->03:00 night is 03:30), and a
 * time that happens twice in a fall-back is its first instant.
 */

/** A local date and time; `month` is 1-12, `second` defaults to 0. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

const day = 24 * 60 * 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a zone the runtime does not know. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // en-US with h23 gives plain numeric parts; h23 avoids the "24" some locales use for midnight.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows `zone` (IANA names such as `Europe/Berlin`, `UTC`, case-insensitive). */
export function isTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** `wall` read as if it were UTC, in ms; years 0-99 stay years 0-99 (Date.UTC would make them 19xx). */
function wallAsUtc(wall: WallTime): number {
  const date = new Date(Date.UTC(2000, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0));
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  return date.getTime();
}

/** The local date and time in `zone` at `epochMs` (to the second). */
export function wallTimeAt(epochMs: number, zone: string): Required<WallTime> {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(epochMs)) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    // Intl counts years before 1 AD by era; astronomical year numbers keep the arithmetic simple.
    year: parts.era === 'BC' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far `zone`'s clock is ahead of UTC at `epochMs`, in ms (+3_600_000 for Berlin in winter). */
export function zoneOffsetAt(epochMs: number, zone: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtc(wallTimeAt(wholeSecond, zone)) - wholeSecond;
}

/**
 * Every instant at which the clock in `zone` shows `wall`, ascending: one usually, two in a fall-back
 * overlap, none in a spring-forward gap.
 */
export function instantsOfWallTime(wall: WallTime, zone: string): number[] {
  const local = wallAsUtc(wall);
  // Zones change offset at most once within two days (none of today's tz rules do more), so the offsets
  // a day either side are the only candidates; away from a transition they are the same one.
  const offsets = new Set([zoneOffsetAt(local - day, zone), zoneOffsetAt(local + day, zone)]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = local - offset;
    if (zoneOffsetAt(instant, zone) === offset) instants.push(instant);
  }
  return instants.sort((a, b) => a - b);
}

/**
 * The instant the clock in `zone` shows `wall`: in an overlap the first of the two; in a gap the time moves
 * forward by the gap's length (read with the offset in force before the gap), as Temporal's 'compatible'.
 */
export function wallTimeToEpoch(wall: WallTime, zone: string): number {
  const instants = instantsOfWallTime(wall, zone);
  if (instants.length > 0) return instants[0]!;
  const local = wallAsUtc(wall);
  return local - zoneOffsetAt(local - day, zone);
}

/** Whether `wall` names a real calendar date and a time of 00:00:00-23:59:59. */
export function isValidWallTime(wall: WallTime): boolean {
  const { year, month, day: date, hour, minute, second = 0 } = wall;
  if (![year, month, date, hour, minute, second].every(Number.isInteger)) return false;
  if (month < 1 || month > 12 || date < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  if (second < 0 || second > 59) return false;
  return date <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The calendar date `days` after `wall`'s date (time of day kept). */
export function addCalendarDays(wall: WallTime, days: number): Required<WallTime> {
  const date = new Date(wallAsUtc({ ...wall, hour: 12, minute: 0, second: 0 }) + days * day);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second ?? 0,
  };
}

/** Negative, zero or positive as `a` is before, equal to or after `b` on a wall clock. */
export function compareWallTimes(a: WallTime, b: WallTime): number {
  return wallAsUtc(a) - wallAsUtc(b);
}
