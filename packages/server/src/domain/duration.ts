/**
 * Human durations: `30s`, `5m`, `2h`, `1d`, `1h30m`, `1.5h`, `2 hours 10 min`. Used by config settings and
 * by bot commands such as `/mute 2h`. Units are lowercase so `M` is never mistaken for months; a bare
 * number is refused because its unit would be a guess.
 */
import { DomainValidationError } from './validation-error.ts';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

const unitMs: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ms: 1,
    msec: 1,
    msecs: 1,
    millisecond: 1,
    milliseconds: 1,
    s: second,
    sec: second,
    secs: second,
    second,
    seconds: second,
    m: minute,
    min: minute,
    mins: minute,
    minute,
    minutes: minute,
    h: hour,
    hr: hour,
    hrs: hour,
    hour,
    hours: hour,
    d: day,
    day,
    days: day,
    w: 7 * day,
    week: 7 * day,
    weeks: 7 * day,
  }),
);

export const durationTextMaxLength = 64;

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;

function invalid(text: string, why: string): DomainValidationError {
  const shown = text.length > durationTextMaxLength ? `${text.slice(0, durationTextMaxLength)}…` : text;
  return new DomainValidationError(
    '',
    `"${shown}" is not a duration: ${why}; write a number and a unit such as 30s, 5m, 2h, 1d or 1h30m`,
  );
}

/** Milliseconds in `text` (rounded to a whole ms); throws DomainValidationError saying what to write instead. */
export function parseDuration(text: string): number {
  if (typeof text !== 'string') throw invalid(String(text), 'it is not text');
  const trimmed = text.trim();
  if (trimmed === '') throw invalid(text, 'it is empty');
  if (trimmed.length > durationTextMaxLength)
    throw invalid(text, `it is over ${durationTextMaxLength} characters`);
  if (/^\d+(\.\d+)?$/.test(trimmed)) throw invalid(text, 'the unit is missing');
  if (/[A-Z]/.test(trimmed)) throw invalid(text, 'units are lowercase (m is minutes; there are no months)');
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const at = PART.lastIndex;
    const part = PART.exec(trimmed);
    if (!part) throw invalid(text, `"${trimmed.slice(at)}" is not a number followed by a unit`);
    const unit = unitMs.get(part[2]!);
    if (unit === undefined) throw invalid(text, `"${part[2]}" is not a unit (ms, s, m, h, d, w)`);
    total += Number(part[1]) * unit;
  }
  const ms = Math.round(total);
  if (!Number.isSafeInteger(ms)) throw invalid(text, 'it is too long');
  return ms;
}

const formatUnits: readonly [string, number][] = [
  ['d', day],
  ['h', hour],
  ['m', minute],
  ['s', second],
  ['ms', 1],
];

/** The shortest text parseDuration reads back as `ms` (rounded to a whole ms): 5400000 -> `1h30m`, 0 -> `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`a duration must be a finite number of ms >= 0, not ${ms}`);
  let rest = Math.round(ms);
  if (rest === 0) return '0s';
  let text = '';
  for (const [unit, size] of formatUnits) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
