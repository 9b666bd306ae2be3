import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { severities } from '../../src/domain/event.ts';
import {
  decideQuietHours,
  parseQuietHours,
  type QuietHours,
  type QuietHoursInput,
  quietWindowAt,
  weekdays,
} from '../../src/domain/quiet-hours.ts';

const utc = (text: string) => Date.parse(`${text}Z`);
const hour = 3_600_000;
const night = (overrides: Partial<QuietHoursInput> = {}) =>
  parseQuietHours({ timeZone: 'Europe/Berlin', start: '22:00', end: '07:00', ...overrides });

describe('quietWindowAt', () => {
  it('holds a window within one day, on the listed days only', () => {
    const office = parseQuietHours({
      timeZone: 'UTC',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '17:00',
    });
    // 2026-12-07 is a Monday.
    expect(quietWindowAt(office, utc('2026-12-07T08:59:59'))).toBeUndefined();
    expect(quietWindowAt(office, utc('2026-12-07T09:00:00'))).toEqual({
      start: utc('2026-12-07T09:00:00'),
      end: utc('2026-12-07T17:00:00'),
    });
    expect(quietWindowAt(office, utc('2026-12-07T16:59:59'))).toBeDefined();
    expect(quietWindowAt(office, utc('2026-12-07T17:00:00'))).toBeUndefined();
    expect(quietWindowAt(office, utc('2026-12-12T10:00:00'))).toBeUndefined();
  });

  it('runs a window that crosses midnight into the next day, which need not be listed', () => {
    const fridayNight = night({ days: ['fri'] });
    // 2026-12-04 is a Friday; Berlin is UTC+1 in winter.
    const window = { start: utc('2026-12-04T21:00:00'), end: utc('2026-12-05T06:00:00') };
    expect(quietWindowAt(fridayNight, utc('2026-12-04T20:59:59'))).toBeUndefined();
    expect(quietWindowAt(fridayNight, utc('2026-12-04T21:00:00'))).toEqual(window);
    expect(quietWindowAt(fridayNight, utc('2026-12-05T02:00:00'))).toEqual(window);
    expect(quietWindowAt(fridayNight, utc('2026-12-05T06:00:00'))).toBeUndefined();
    // Saturday starts no window of its own, and Friday morning is the end of Thursday's, which is not listed.
    expect(quietWindowAt(fridayNight, utc('2026-12-05T22:00:00'))).toBeUndefined();
    expect(quietWindowAt(fridayNight, utc('2026-12-04T03:00:00'))).toBeUndefined();
  });

  it('is one eight-hour window on the night Berlin springs forward, and one of ten when it falls back', () => {
    // 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET.
    expect(quietWindowAt(night(), utc('2026-03-29T00:30:00'))).toEqual({
      start: utc('2026-03-28T21:00:00'),
      end: utc('2026-03-29T05:00:00'),
    });
    expect(quietWindowAt(night(), utc('2026-10-25T01:30:00'))).toEqual({
      start: utc('2026-10-24T20:00:00'),
      end: utc('2026-10-25T06:00:00'),
    });
  });

  it('moves a start inside a spring-forward gap to the end of the gap', () => {
    const early = parseQuietHours({ timeZone: 'Europe/Berlin', start: '02:30', end: '06:00' });
    // 02:30 does not exist on 2026-03-29: the window starts at 03:30 CEST (01:30 UTC).
    expect(quietWindowAt(early, utc('2026-03-29T01:15:00'))).toBeUndefined();
    expect(quietWindowAt(early, utc('2026-03-29T01:30:00'))).toEqual({
      start: utc('2026-03-29T01:30:00'),
      end: utc('2026-03-29T04:00:00'),
    });
  });
});

describe('decideQuietHours', () => {
  const inside = utc('2026-12-04T23:00:00');
  const outside = utc('2026-12-04T12:00:00');

  it('sends when there are no quiet hours or the time is outside them', () => {
    expect(decideQuietHours(undefined, 'info', inside)).toEqual({ action: 'send' });
    expect(decideQuietHours(night(), 'info', outside)).toEqual({ action: 'send' });
  });

  it('defers to the window end, drops, or sends quietly, as the policy says', () => {
    const window = { start: utc('2026-12-04T21:00:00'), end: utc('2026-12-05T06:00:00') };
    expect(decideQuietHours(night(), 'info', inside)).toEqual({ action: 'defer', until: window.end, window });
    expect(decideQuietHours(night({ policy: 'drop' }), 'info', inside)).toEqual({ action: 'drop', window });
    expect(decideQuietHours(night({ policy: 'quiet' }), 'info', inside)).toEqual({ action: 'quiet', window });
  });

  it('lets events at or above the bypass severity through', () => {
    const quiet = night({ bypassFrom: 'error' });
    expect(decideQuietHours(quiet, 'warning', inside).action).toBe('defer');
    expect(decideQuietHours(quiet, 'error', inside)).toEqual({ action: 'send' });
    expect(decideQuietHours(quiet, 'critical', inside)).toEqual({ action: 'send' });
  });
});

describe('parseQuietHours', () => {
  it('defaults to every day and to defer, and lists days in week order', () => {
    expect(night()).toMatchObject({ days: weekdays, policy: 'defer' });
    expect(night({ days: ['sun', 'mon'] }).days).toEqual(['mon', 'sun']);
  });

  it.each([
    [{ start: '22:00', end: '22:00' }, /\/quietHours: start and end are both 22:00/],
    [{ timeZone: 'Mars/Olympus' }, /\/quietHours\/timeZone: "Mars\/Olympus" is not a time zone/],
    [{ start: '24:00' }, /\/quietHours\/start: expected a time of day as HH:MM/],
    [{ end: '7:00' }, /\/quietHours\/end: expected a time of day as HH:MM/],
    [{ days: ['mon', 'funday'] }, /\/quietHours\/days\/1: expected one of mon, tue/],
    [{ days: ['mon', 'mon'] }, /\/quietHours\/days\/1: mon is listed twice/],
    [{ days: [] }, /\/quietHours\/days: list at least one day/],
    [{ policy: 'snooze' }, /\/quietHours\/policy: expected one of defer, drop, quiet/],
  ])('refuses %j with a message that says what to fix', (overrides, message) => {
    expect(() => night(overrides as Partial<QuietHoursInput>)).toThrow(message);
  });
});

// Temporal (the polyfill) is the independent reference: its zone math is not ours.
const zones = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Antarctica/Troll',
  'Africa/Casablanca',
];
const times = Array.from(
  { length: 24 * 4 },
  (_, n) => `${String(Math.floor(n / 4)).padStart(2, '0')}:${String((n % 4) * 15).padStart(2, '0')}`,
);

function referenceWindowAt(quiet: QuietHours, at: number) {
  const today = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(quiet.timeZone).toPlainDate();
  for (const date of [today.subtract({ days: 1 }), today]) {
    if (!quiet.days.includes(weekdays[date.dayOfWeek - 1]!)) continue;
    const crosses = quiet.end.hour * 60 + quiet.end.minute <= quiet.start.hour * 60 + quiet.start.minute;
    const instant = (day: Temporal.PlainDate, time: { hour: number; minute: number }) =>
      day.toPlainDateTime(time).toZonedDateTime(quiet.timeZone, { disambiguation: 'compatible' })
        .epochMilliseconds;
    const start = instant(date, quiet.start);
    const end = instant(crosses ? date.add({ days: 1 }) : date, quiet.end);
    if (start <= at && at < end) return { start, end };
  }
  return undefined;
}

/** Every offset change of `zone` from 2024 to 2028, by Temporal. */
function transitions(zone: string): number[] {
  const found: number[] = [];
  let cursor = Temporal.ZonedDateTime.from({ year: 2024, month: 1, day: 1, timeZone: zone });
  for (;;) {
    const next = cursor.getTimeZoneTransition('next');
    if (next === null || next.year > 2028) return found;
    found.push(next.epochMilliseconds);
    cursor = next;
  }
}

const quietHoursArbitrary = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    days: fc.subarray([...weekdays], { minLength: 1 }),
    start: fc.constantFrom(...times),
    end: fc.constantFrom(...times),
  })
  .filter((input) => input.start !== input.end)
  .map((input) => parseQuietHours(input));

describe('quiet hours against Temporal (properties)', () => {
  it('agree on any instant of 2024-2028', () => {
    fc.assert(
      fc.property(
        quietHoursArbitrary,
        fc.integer({ min: utc('2024-01-01T00:00:00'), max: utc('2028-12-31T00:00:00') }),
        (quiet, at) => {
          expect(quietWindowAt(quiet, at)).toEqual(referenceWindowAt(quiet, at));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agree around every DST transition of 2024-2028, for windows near the change', () => {
    const near = [-2 * hour, -hour, -30 * 60_000, -1, 0, 1, 30 * 60_000, hour, 2 * hour];
    for (const zone of zones) {
      for (const transition of transitions(zone)) {
        for (const [start, end] of [
          ['22:00', '07:00'],
          ['01:00', '04:00'],
          ['02:30', '03:30'],
          ['00:00', '02:00'],
          ['03:00', '02:00'],
        ] as const) {
          const quiet = parseQuietHours({ timeZone: zone, start, end });
          for (const delta of near) {
            const at = transition + delta;
            expect(
              quietWindowAt(quiet, at),
              `${zone} ${start}-${end} at ${new Date(at).toISOString()}`,
            ).toEqual(referenceWindowAt(quiet, at));
          }
        }
      }
    }
  });

  it('quiet every night exactly once: each local date of 2026 starts one 22:00-07:00 window, and they never overlap', () => {
    for (const zone of zones) {
      const quiet = parseQuietHours({ timeZone: zone, start: '22:00', end: '07:00' });
      let previousEnd = Number.NEGATIVE_INFINITY;
      const first = Temporal.PlainDate.from('2026-01-01');
      for (let n = 0; n < 365; n++) {
        const date = first.add({ days: n });
        const at = date
          .toPlainDateTime({ hour: 23, minute: 30 })
          .toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
        const window = quietWindowAt(quiet, at);
        expect(window, `${zone} ${date}`).toBeDefined();
        expect(window!.start).toBeGreaterThanOrEqual(previousEnd);
        // Between 7 and 11 hours: 9, give or take the biggest DST shift (Troll's two hours).
        expect(window!.end - window!.start).toBeGreaterThanOrEqual(7 * hour);
        expect(window!.end - window!.start).toBeLessThanOrEqual(11 * hour);
        previousEnd = window!.end;
      }
    }
  });

  it('a deferred event is released after the moment it was held, once its window is over', () => {
    fc.assert(
      fc.property(
        quietHoursArbitrary,
        fc.integer({ min: utc('2024-01-01T00:00:00'), max: utc('2028-12-31T00:00:00') }),
        fc.constantFrom(...severities),
        (quiet, at, severity) => {
          const decision = decideQuietHours(quiet, severity, at);
          if (decision.action === 'defer') {
            expect(decision.until).toBeGreaterThan(at);
            expect(quietWindowAt(quiet, decision.until)).not.toEqual(decision.window);
          } else {
            expect(decision).toEqual({ action: 'send' });
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
