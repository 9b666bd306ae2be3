import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  compareWallTimes,
  instantsOfWallTime,
  isTimeZone,
  isValidWallTime,
  wallTimeAt,
  wallTimeToEpoch,
  zoneOffsetAt,
} from '../../src/domain/zoned-time.ts';

const minute = 60_000;
const hour = 60 * minute;
const utc = (text: string) => Date.parse(`${text}Z`);

// Zones with every shape of rule: none, whole-hour DST both hemispheres, half- and quarter-hour offsets,
// a 30-minute DST (Lord Howe), a 2-hour DST (Troll), negative DST in the tz source (Dublin), a skipped day
// (Apia, 2011), Ramadan suspensions (Casablanca).
const zones = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Antarctica/Troll',
  'Africa/Casablanca',
];

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'europe/berlin', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires'])(
    'knows %s',
    (zone) => expect(isTimeZone(zone)).toBe(true),
  );
  it.each(['', 'Mars/Olympus', 'Berlin', 'Europe/Berlin ', '+25:00'])('refuses %j', (zone) =>
    expect(isTimeZone(zone)).toBe(false),
  );
});

describe('wallTimeAt and zoneOffsetAt', () => {
  it('reads the local time and offset in Berlin in winter and summer', () => {
    expect(wallTimeAt(utc('2026-01-15T12:00:00'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 1,
      day: 15,
      hour: 13,
      minute: 0,
      second: 0,
    });
    expect(zoneOffsetAt(utc('2026-01-15T12:00:00'), 'Europe/Berlin')).toBe(hour);
    expect(zoneOffsetAt(utc('2026-07-15T12:00:00'), 'Europe/Berlin')).toBe(2 * hour);
  });

  it('gives half- and quarter-hour offsets', () => {
    expect(zoneOffsetAt(utc('2026-07-15T12:00:00'), 'Asia/Kolkata')).toBe(5.5 * hour);
    expect(zoneOffsetAt(utc('2026-07-15T12:00:00'), 'Asia/Kathmandu')).toBe(5.75 * hour);
    expect(zoneOffsetAt(utc('2026-01-15T12:00:00'), 'America/St_Johns')).toBe(-3.5 * hour);
  });

  it('uses midnight as hour 0, never 24', () => {
    expect(wallTimeAt(utc('2026-06-14T22:00:00'), 'Europe/Berlin')).toMatchObject({ day: 15, hour: 0 });
  });

  it('changes offset exactly at the transition instant', () => {
    const springForward = utc('2026-03-29T01:00:00');
    expect(zoneOffsetAt(springForward - 1, 'Europe/Berlin')).toBe(hour);
    expect(zoneOffsetAt(springForward, 'Europe/Berlin')).toBe(2 * hour);
  });

  it('counts years before 1 AD astronomically', () => {
    expect(wallTimeAt(Date.UTC(-5, 0, 1) /* 6 BC */, 'UTC').year).toBe(-5);
  });
});

describe('wallTimeToEpoch', () => {
  it.each([
    ['UTC', { year: 2026, month: 12, day: 1, hour: 18, minute: 0 }, '2026-12-01T18:00:00'],
    ['Europe/Berlin', { year: 2026, month: 12, day: 1, hour: 18, minute: 0 }, '2026-12-01T17:00:00'],
    ['Europe/Berlin', { year: 2026, month: 7, day: 1, hour: 18, minute: 0 }, '2026-07-01T16:00:00'],
    ['America/New_York', { year: 2026, month: 12, day: 1, hour: 18, minute: 0 }, '2026-12-01T23:00:00'],
    ['Asia/Kolkata', { year: 2026, month: 12, day: 1, hour: 18, minute: 0 }, '2026-12-01T12:30:00'],
    ['Asia/Kathmandu', { year: 2026, month: 12, day: 1, hour: 0, minute: 0 }, '2026-11-30T18:15:00'],
    ['Pacific/Chatham', { year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, '2025-12-31T10:15:00'],
  ])('in %s reads %o as %s UTC', (zone, wall, expected) => {
    expect(wallTimeToEpoch(wall, zone)).toBe(utc(expected));
  });

  it('keeps seconds', () => {
    expect(
      wallTimeToEpoch({ year: 2026, month: 12, day: 1, hour: 18, minute: 0, second: 42 }, 'Europe/Berlin'),
    ).toBe(utc('2026-12-01T17:00:42'));
  });

  it('reads years 0-99 as themselves, not 19xx', () => {
    expect(wallTimeToEpoch({ year: 50, month: 6, day: 1, hour: 0, minute: 0 }, 'UTC')).toBe(
      new Date('0050-06-01T00:00:00Z').getTime(),
    );
  });

  describe('spring forward (a gap)', () => {
    it('moves 02:30 on Berlin’s 02:00->03:00 night forward to 03:30 CEST', () => {
      const wall = { year: 2026, month: 3, day: 29, hour: 2, minute: 30 };
      expect(instantsOfWallTime(wall, 'Europe/Berlin')).toEqual([]);
      expect(wallTimeToEpoch(wall, 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00'));
      expect(wallTimeAt(utc('2026-03-29T01:30:00'), 'Europe/Berlin')).toMatchObject({ hour: 3, minute: 30 });
    });

    it('maps the gap’s first minute to the transition itself', () => {
      expect(wallTimeToEpoch({ year: 2026, month: 3, day: 29, hour: 2, minute: 0 }, 'Europe/Berlin')).toBe(
        utc('2026-03-29T01:00:00'),
      );
    });

    it('moves 02:30 on New York’s spring-forward night to 03:30 EDT', () => {
      expect(wallTimeToEpoch({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toBe(
        utc('2026-03-08T07:30:00'),
      );
    });

    it('moves by the whole gap when the gap is two hours (Antarctica/Troll)', () => {
      expect(
        wallTimeToEpoch({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, 'Antarctica/Troll'),
      ).toBe(utc('2026-03-29T01:30:00'));
      expect(wallTimeAt(utc('2026-03-29T01:30:00'), 'Antarctica/Troll')).toMatchObject({
        hour: 3,
        minute: 30,
      });
    });

    it('moves by half an hour on Lord Howe', () => {
      // Lord Howe: 02:00 +10:30 -> 02:30 +11:00 on the first Sunday of October.
      const wall = { year: 2026, month: 10, day: 4, hour: 2, minute: 15 };
      expect(instantsOfWallTime(wall, 'Australia/Lord_Howe')).toEqual([]);
      expect(wallTimeAt(wallTimeToEpoch(wall, 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toMatchObject({
        hour: 2,
        minute: 45,
      });
    });

    it('moves a time on the day Samoa skipped (2011-12-30) to the next day', () => {
      const wall = { year: 2011, month: 12, day: 30, hour: 12, minute: 0 };
      expect(instantsOfWallTime(wall, 'Pacific/Apia')).toEqual([]);
      expect(wallTimeAt(wallTimeToEpoch(wall, 'Pacific/Apia'), 'Pacific/Apia')).toMatchObject({
        day: 31,
        hour: 12,
        minute: 0,
      });
    });
  });

  describe('fall back (an overlap)', () => {
    it('finds both 02:30s on Berlin’s 03:00->02:00 night and takes the first (CEST)', () => {
      const wall = { year: 2026, month: 10, day: 25, hour: 2, minute: 30 };
      expect(instantsOfWallTime(wall, 'Europe/Berlin')).toEqual([
        utc('2026-10-25T00:30:00'),
        utc('2026-10-25T01:30:00'),
      ]);
      expect(wallTimeToEpoch(wall, 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00'));
    });

    it('takes the first (EDT) 01:30 on New York’s fall-back night', () => {
      const wall = { year: 2026, month: 11, day: 1, hour: 1, minute: 30 };
      expect(instantsOfWallTime(wall, 'America/New_York')).toEqual([
        utc('2026-11-01T05:30:00'),
        utc('2026-11-01T06:30:00'),
      ]);
      expect(wallTimeToEpoch(wall, 'America/New_York')).toBe(utc('2026-11-01T05:30:00'));
    });

    it('has exactly one instant just outside the overlap', () => {
      expect(
        instantsOfWallTime({ year: 2026, month: 10, day: 25, hour: 3, minute: 0 }, 'Europe/Berlin'),
      ).toEqual([utc('2026-10-25T02:00:00')]);
      expect(
        instantsOfWallTime({ year: 2026, month: 10, day: 25, hour: 1, minute: 59 }, 'Europe/Berlin'),
      ).toEqual([utc('2026-10-24T23:59:00')]);
    });
  });

  it('round-trips every instant: its wall time maps back to it (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: utc('1971-01-01T00:00:00') / 1000, max: utc('2099-12-31T00:00:00') / 1000 }),
        (zone, seconds) => {
          const instant = seconds * 1000;
          const wall = wallTimeAt(instant, zone);
          const instants = instantsOfWallTime(wall, zone);
          expect(instants).toContain(instant);
          expect(instants.length).toBeLessThanOrEqual(2);
          expect(wallTimeToEpoch(wall, zone)).toBe(instants[0]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('resolves any wall time to itself, or past a gap by exactly the gap (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.record({
          year: fc.integer({ min: 1971, max: 2099 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
        }),
        (zone, wall) => {
          const instant = wallTimeToEpoch(wall, zone);
          const shown = wallTimeAt(instant, zone);
          if (instantsOfWallTime(wall, zone).length > 0) {
            expect(compareWallTimes(shown, wall)).toBe(0);
          } else {
            // The jump happened at most one gap before the resolved instant; no zone here changes its offset
            // twice within six hours.
            const gap = zoneOffsetAt(instant, zone) - zoneOffsetAt(instant - 6 * 3_600_000, zone);
            expect(gap).toBeGreaterThan(0);
            expect(compareWallTimes(shown, wall)).toBe(gap);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds every offset change of 2026: two instants after a drop, none inside a jump', () => {
    const changing = new Set<string>();
    let drops = 0;
    let jumps = 0;
    for (const zone of zones) {
      for (let t = utc('2026-01-01T00:00:00'); t < utc('2027-01-01T00:00:00'); t += hour) {
        const change = zoneOffsetAt(t, zone) - zoneOffsetAt(t - hour, zone);
        if (change === 0) continue;
        // Narrow down to the second of the change.
        let [before, after] = [t - hour, t];
        while (after - before > 1000) {
          const middle = before + Math.floor((after - before) / 2000) * 1000;
          if (zoneOffsetAt(middle, zone) === zoneOffsetAt(after, zone)) after = middle;
          else before = middle;
        }
        const wall = wallTimeAt(after, zone);
        changing.add(zone);
        if (change < 0) {
          drops++;
          // The first wall time after a fall-back was also shown `-change` ms earlier.
          expect(instantsOfWallTime(wall, zone)).toEqual([after + change, after]);
        } else {
          jumps++;
          // Half-way through the skipped hour(s) moves forward by the jump.
          const inGap = wallTimeAt(wallTimeToEpoch(wall, 'UTC') - change / 2, 'UTC');
          expect(instantsOfWallTime(inGap, zone)).toEqual([]);
          expect(wallTimeToEpoch(inGap, zone)).toBe(after + change / 2);
        }
      }
    }
    // Casablanca's count follows the ICU data's Ramadan predictions, so only the zones are pinned.
    expect([...changing].sort()).toEqual(
      [
        'Europe/Berlin',
        'Europe/London',
        'Europe/Dublin',
        'America/New_York',
        'America/St_Johns',
        'Australia/Lord_Howe',
        'Australia/Sydney',
        'Pacific/Chatham',
        'Antarctica/Troll',
        'Africa/Casablanca',
      ].sort(),
    );
    expect(drops).toBeGreaterThanOrEqual(10);
    expect(jumps).toBeGreaterThanOrEqual(10);
  });
});

describe('isValidWallTime', () => {
  it.each([
    [{ year: 2026, month: 2, day: 28, hour: 0, minute: 0 }, true],
    [{ year: 2028, month: 2, day: 29, hour: 0, minute: 0 }, true],
    [{ year: 2000, month: 2, day: 29, hour: 0, minute: 0 }, true],
    [{ year: 2100, month: 2, day: 29, hour: 0, minute: 0 }, false],
    [{ year: 2026, month: 2, day: 29, hour: 0, minute: 0 }, false],
    [{ year: 2026, month: 4, day: 31, hour: 0, minute: 0 }, false],
    [{ year: 2026, month: 12, day: 31, hour: 23, minute: 59, second: 59 }, true],
    [{ year: 2026, month: 13, day: 1, hour: 0, minute: 0 }, false],
    [{ year: 2026, month: 0, day: 1, hour: 0, minute: 0 }, false],
    [{ year: 2026, month: 1, day: 0, hour: 0, minute: 0 }, false],
    [{ year: 2026, month: 1, day: 1, hour: 24, minute: 0 }, false],
    [{ year: 2026, month: 1, day: 1, hour: 0, minute: 60 }, false],
    [{ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 60 }, false],
    [{ year: 2026, month: 1, day: 1.5, hour: 0, minute: 0 }, false],
  ])('%o -> %s', (wall, valid) => {
    expect(isValidWallTime(wall)).toBe(valid);
  });
});

describe('addCalendarDays', () => {
  it('crosses month and year ends and leap days, keeping the time of day', () => {
    expect(addCalendarDays({ year: 2026, month: 12, day: 31, hour: 18, minute: 5 }, 1)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 18,
      minute: 5,
      second: 0,
    });
    expect(addCalendarDays({ year: 2028, month: 2, day: 28, hour: 0, minute: 0 }, 1)).toMatchObject({
      month: 2,
      day: 29,
    });
    expect(addCalendarDays({ year: 2026, month: 3, day: 1, hour: 0, minute: 0 }, -1)).toMatchObject({
      month: 2,
      day: 28,
    });
  });
});
