import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultSilenceMs,
  maxSilenceMs,
  parseSilenceArgument,
  type SilenceArgumentResult,
  type SilenceCommand,
} from '../../../../src/channels/telegram/commands/silence-argument.ts';
import { instantsOfWallTime, wallTimeAt } from '../../../../src/domain/zoned-time.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const utc = (text: string) => Date.parse(`${text}Z`);

/** A Monday in June: no DST change near it anywhere. */
const june = utc('2026-06-15T10:00:00');

function endOf(
  text: string,
  now: number,
  timeZone?: string,
  command: SilenceCommand = 'mute',
): number | SilenceArgumentResult {
  const result = parseSilenceArgument(text, { command, now, ...(timeZone ? { timeZone } : {}) });
  return result.ok ? result.endsAt : result;
}

function errorOf(text: string, now: number, timeZone?: string, command: SilenceCommand = 'mute') {
  const result = parseSilenceArgument(text, { command, now, ...(timeZone ? { timeZone } : {}) });
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${result.endsAt}`);
  return result;
}

describe('parseSilenceArgument', () => {
  describe('no argument', () => {
    it.each(['mute', 'snooze'] as const)('/%s defaults to one hour', (command) => {
      expect(defaultSilenceMs[command]).toBe(hour);
      expect(parseSilenceArgument('', { command, now: june })).toEqual({
        ok: true,
        endsAt: june + hour,
        form: 'default',
      });
      expect(parseSilenceArgument('  \n ', { command, now: june })).toMatchObject({ endsAt: june + hour });
    });
  });

  describe('durations', () => {
    it.each([
      ['30m', 30 * minute],
      ['2h', 2 * hour],
      ['1d', day],
      ['1h30m', 90 * minute],
      ['1h 30m', 90 * minute],
      ['2 hours', 2 * hour],
      ['90 mins', 90 * minute],
      ['1.5h', 90 * minute],
      ['1w', 7 * day],
      ['365d', 365 * day],
      ['52w', 364 * day],
    ])('%j ends %d ms from now', (text, ms) => {
      expect(parseSilenceArgument(text, { command: 'mute', now: june })).toEqual({
        ok: true,
        endsAt: june + ms,
        form: 'duration',
      });
    });

    it('is elapsed time, so a day across spring-forward ends an hour later on the wall clock', () => {
      const now = utc('2026-03-28T12:00:00'); // 13:00 CET
      const endsAt = endOf('1d', now, 'Europe/Berlin') as number;
      expect(endsAt).toBe(now + day);
      expect(wallTimeAt(endsAt, 'Europe/Berlin')).toMatchObject({ day: 29, hour: 14 });
    });

    it('works in a zone the server does not know: durations need none', () => {
      expect(endOf('2h', june, 'Mars/Olympus')).toBe(june + 2 * hour);
    });

    it.each(['0s', '0m', '0.0001s'])('refuses %j, which ends now', (text) => {
      expect(errorOf(text, june).error).toEqual({ code: 'not-in-future', input: text, endsAt: june });
    });

    it.each(['366d', '53w', '8761h', '365d 1s'])('refuses %j, over 365 days', (text) => {
      expect(errorOf(text, june).error).toMatchObject({ code: 'too-far', input: text });
    });

    it('refuses a duration past what a Date can hold, and the message still reads', () => {
      const refused = errorOf('14800000w', june);
      expect(refused.error.code).toBe('too-far');
      expect(refused.message).toMatch(/^That is more than 365 days ahead/);
    });
  });

  describe('a time of day', () => {
    it.each([
      ['18:00', '2026-06-15T18:00:00'],
      ['until 18:00', '2026-06-15T18:00:00'],
      ['UNTIL 18:00', '2026-06-15T18:00:00'],
      ['until   18:00', '2026-06-15T18:00:00'],
      ['10:01', '2026-06-15T10:01:00'],
      ['23:59', '2026-06-15T23:59:00'],
      ['9:05', '2026-06-16T09:05:00'],
      ['09:05', '2026-06-16T09:05:00'],
      ['until 0:00', '2026-06-16T00:00:00'],
      ['00:00', '2026-06-16T00:00:00'],
    ])('in UTC at 10:00, %j ends %s', (text, expected) => {
      expect(parseSilenceArgument(text, { command: 'mute', now: june })).toEqual({
        ok: true,
        endsAt: utc(expected),
        form: 'time-of-day',
      });
    });

    it('means tomorrow when the time is now exactly (it must be ahead)', () => {
      expect(endOf('10:00', june)).toBe(utc('2026-06-16T10:00:00'));
    });

    it('is read in the receiver’s zone', () => {
      // 12:00 in Berlin (CEST), 15:30 in Kolkata, 06:00 in New York (EDT).
      expect(endOf('until 18:00', june, 'Europe/Berlin')).toBe(utc('2026-06-15T16:00:00'));
      expect(endOf('until 11:00', june, 'Europe/Berlin')).toBe(utc('2026-06-16T09:00:00'));
      expect(endOf('until 18:00', june, 'America/New_York')).toBe(utc('2026-06-15T22:00:00'));
      expect(endOf('until 05:00', june, 'America/New_York')).toBe(utc('2026-06-16T09:00:00'));
    });

    it('handles Kolkata’s half-hour offset', () => {
      expect(endOf('until 15:45', june, 'Asia/Kolkata')).toBe(utc('2026-06-15T10:15:00'));
      expect(endOf('until 15:30', june, 'Asia/Kolkata')).toBe(utc('2026-06-16T10:00:00'));
      expect(endOf('until 15:00', june, 'Asia/Kolkata')).toBe(utc('2026-06-16T09:30:00'));
      expect(endOf('until 00:00', june, 'Asia/Kolkata')).toBe(utc('2026-06-15T18:30:00'));
    });

    it('uses the local date, which may differ from the UTC date', () => {
      // 2026-06-15 23:00 UTC is already 2026-06-16 04:30 in Kolkata: 09:00 is that same local day.
      expect(endOf('09:00', utc('2026-06-15T23:00:00'), 'Asia/Kolkata')).toBe(utc('2026-06-16T03:30:00'));
    });

    describe('on Berlin’s spring-forward night (2026-03-29, 02:00 CET -> 03:00 CEST)', () => {
      const zone = 'Europe/Berlin';

      it('moves the skipped 02:30 forward to 03:30 CEST when asked before the jump', () => {
        expect(endOf('until 02:30', utc('2026-03-29T00:30:00'), zone)).toBe(utc('2026-03-29T01:30:00'));
        expect(endOf('until 02:30', utc('2026-03-28T20:00:00'), zone)).toBe(utc('2026-03-29T01:30:00'));
      });

      it('means tomorrow’s 02:30 when asked after the jump, even though 03:30 is still ahead', () => {
        expect(endOf('until 02:30', utc('2026-03-29T01:10:00'), zone)).toBe(utc('2026-03-30T00:30:00'));
      });

      it('reads the times either side of the gap normally', () => {
        const now = utc('2026-03-29T00:30:00'); // 01:30 CET
        expect(endOf('until 01:45', now, zone)).toBe(utc('2026-03-29T00:45:00'));
        expect(endOf('until 03:00', now, zone)).toBe(utc('2026-03-29T01:00:00'));
        expect(endOf('until 03:30', now, zone)).toBe(utc('2026-03-29T01:30:00'));
        expect(endOf('until 12:00', now, zone)).toBe(utc('2026-03-29T10:00:00'));
      });
    });

    describe('on Berlin’s fall-back night (2026-10-25, 03:00 CEST -> 02:00 CET)', () => {
      const zone = 'Europe/Berlin';

      it('takes the first 02:30 when both are ahead', () => {
        expect(endOf('until 02:30', utc('2026-10-24T22:00:00'), zone)).toBe(utc('2026-10-25T00:30:00'));
      });

      it('takes the second 02:30 when the first has passed but the clock will show it again', () => {
        // 02:45 CEST, first pass: 02:30 CET comes 45 minutes later.
        expect(endOf('until 02:30', utc('2026-10-25T00:45:00'), zone)).toBe(utc('2026-10-25T01:30:00'));
      });

      it('means tomorrow once both 02:30s have passed', () => {
        expect(endOf('until 02:30', utc('2026-10-25T01:45:00'), zone)).toBe(utc('2026-10-26T01:30:00'));
      });

      it('lands on the evening of the 25-hour day at the right instant', () => {
        expect(endOf('until 18:00', utc('2026-10-24T22:00:00'), zone)).toBe(utc('2026-10-25T17:00:00'));
      });
    });

    describe('in New York across 2026’s changes', () => {
      const zone = 'America/New_York';

      it('moves 02:30 on the spring-forward night (2026-03-08) to 03:30 EDT', () => {
        expect(endOf('until 02:30', utc('2026-03-08T05:00:00'), zone)).toBe(utc('2026-03-08T07:30:00'));
      });

      it('takes the first (EDT) 01:30 on the fall-back night (2026-11-01)', () => {
        expect(endOf('until 01:30', utc('2026-11-01T04:00:00'), zone)).toBe(utc('2026-11-01T05:30:00'));
      });

      it('reads 08:00 after the change with the new offset', () => {
        // 2026-03-07 22:00 EST -> next 08:00 is on the 8th, in EDT (-4).
        expect(endOf('08:00', utc('2026-03-08T03:00:00'), zone)).toBe(utc('2026-03-08T12:00:00'));
      });
    });

    it.each(['24:00', '25:00', '12:60', '12:5', '123:00', '-1:00', '18.00', '18h00', 'until 18'])(
      'refuses %j',
      (text) => {
        expect(errorOf(text, june).error).toEqual({ code: 'invalid', input: text });
      },
    );

    it('reads a null zone (none stored) as UTC', () => {
      expect(parseSilenceArgument('18:00', { command: 'mute', now: june, timeZone: null })).toMatchObject({
        endsAt: utc('2026-06-15T18:00:00'),
      });
    });

    it('needs a zone the server knows', () => {
      expect(errorOf('until 18:00', june, 'Mars/Olympus').error).toEqual({
        code: 'unknown-time-zone',
        input: 'until 18:00',
        timeZone: 'Mars/Olympus',
      });
    });

    it('ends within a day (and a gap) of now, on the asked time or just past a gap (property)', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'),
          fc.integer({ min: utc('2025-01-01T00:00:00'), max: utc('2028-01-01T00:00:00') }),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          (zone, now, hourOfDay, minuteOfHour) => {
            const text = `until ${hourOfDay}:${String(minuteOfHour).padStart(2, '0')}`;
            const endsAt = endOf(text, now, zone) as number;
            expect(endsAt).toBeGreaterThan(now);
            expect(endsAt - now).toBeLessThanOrEqual(day + hour);
            const shown = wallTimeAt(endsAt, zone);
            if (shown.hour !== hourOfDay || shown.minute !== minuteOfHour) {
              // Only a skipped time may end elsewhere, and then it did not exist that day.
              expect(instantsOfWallTime({ ...shown, hour: hourOfDay, minute: minuteOfHour }, zone)).toEqual(
                [],
              );
            }
          },
        ),
        { numRuns: 1000 },
      );
    });
  });

  describe('a date and time', () => {
    it.each([
      ['until 2026-12-01 18:00', 'UTC', '2026-12-01T18:00:00'],
      ['2026-12-01 18:00', 'UTC', '2026-12-01T18:00:00'],
      ['until 2026-12-01 18:00', 'Europe/Berlin', '2026-12-01T17:00:00'],
      ['until 2026-07-01 18:00', 'Europe/Berlin', '2026-07-01T16:00:00'],
      ['until 2026-12-01 18:00', 'America/New_York', '2026-12-01T23:00:00'],
      ['until 2026-12-01 18:00', 'Asia/Kolkata', '2026-12-01T12:30:00'],
      ['2026-12-01T18:00', 'Europe/Berlin', '2026-12-01T17:00:00'],
      ['2026-12-01t18:00', 'Europe/Berlin', '2026-12-01T17:00:00'],
      ['2026-12-01T18:00:30', 'UTC', '2026-12-01T18:00:30'],
      ['2026-12-01 9:30', 'UTC', '2026-12-01T09:30:00'],
      ['until 2026-12-01', 'UTC', '2026-12-01T00:00:00'],
      ['2026-12-01', 'Europe/Berlin', '2026-11-30T23:00:00'],
      ['2027-02-28 12:00', 'UTC', '2027-02-28T12:00:00'],
    ])('%j in %s ends %s', (text, zone, expected) => {
      expect(parseSilenceArgument(text, { command: 'snooze', now: june, timeZone: zone })).toEqual({
        ok: true,
        endsAt: utc(expected),
        form: 'date-time',
      });
    });

    it.each([
      ['2026-12-01T18:00:00Z', '2026-12-01T18:00:00.000'],
      ['2026-12-01T18:00:00z', '2026-12-01T18:00:00.000'],
      ['2026-12-01T18:00Z', '2026-12-01T18:00:00.000'],
      ['2026-12-01T18:00:00+02:00', '2026-12-01T16:00:00.000'],
      ['2026-12-01T18:00:00-0530', '2026-12-01T23:30:00.000'],
      ['until 2026-12-01 18:00 +05:30', undefined],
      ['2026-12-01T18:00:00.5Z', '2026-12-01T18:00:00.500'],
      ['2026-12-01T18:00:00.123+00:00', '2026-12-01T18:00:00.123'],
    ])('%j with an offset ignores the zone', (text, expected) => {
      const result = parseSilenceArgument(text, { command: 'mute', now: june, timeZone: 'Asia/Tokyo' });
      if (expected === undefined) expect(result.ok).toBe(false);
      else expect(result).toEqual({ ok: true, endsAt: utc(expected), form: 'date-time' });
    });

    it('works with an offset in a zone the server does not know', () => {
      expect(endOf('2026-12-01T18:00:00Z', june, 'Mars/Olympus')).toBe(utc('2026-12-01T18:00:00'));
      expect(errorOf('2026-12-01 18:00', june, 'Mars/Olympus').error.code).toBe('unknown-time-zone');
    });

    it('moves a time skipped by spring-forward forward, and takes the first of a repeated time', () => {
      expect(endOf('until 2026-03-29 02:30', june - 200 * day, 'Europe/Berlin')).toBe(
        utc('2026-03-29T01:30:00'),
      );
      expect(endOf('until 2026-10-25 02:30', june, 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00'));
      expect(endOf('until 2026-11-01 01:30', june, 'America/New_York')).toBe(utc('2026-11-01T05:30:00'));
      expect(endOf('until 2026-03-08 02:30', june - 200 * day, 'America/New_York')).toBe(
        utc('2026-03-08T07:30:00'),
      );
    });

    it.each([
      '2026-02-29 10:00',
      '2026-13-01 10:00',
      '2026-00-10 10:00',
      '2026-04-31',
      '2026-12-01 24:00',
      '2026-12-01 18:60',
      '2026-12-01 18:00:60',
      '2026-12-01T18:00+25:00',
      '2026-12-01T18:00+02:60',
      '2026-12-01Z',
      '26-12-01 18:00',
      '2026-12-1 18:00',
      '2026/12/01 18:00',
      '01.12.2026 18:00',
      '2026-12-01 18:00 tomorrow',
    ])('refuses %j', (text) => {
      expect(errorOf(text, june).error).toEqual({ code: 'invalid', input: text });
    });

    it('refuses a time that has passed, naming it', () => {
      const refused = errorOf('until 2026-06-15 09:00', june, 'UTC');
      expect(refused.error).toEqual({
        code: 'not-in-future',
        input: 'until 2026-06-15 09:00',
        endsAt: utc('2026-06-15T09:00:00'),
      });
      expect(refused.message).toContain('15 Jun 2026, 09:00 (UTC) is not in the future');
    });

    it('refuses the present moment, accepts a second later', () => {
      expect(errorOf('2026-06-15T10:00:00Z', june).error.code).toBe('not-in-future');
      expect(endOf('2026-06-15T10:00:01Z', june)).toBe(june + 1000);
    });

    it('allows exactly 365 days, not a second more', () => {
      expect(endOf('2027-06-15T10:00:00Z', june)).toBe(june + maxSilenceMs);
      const refused = errorOf('2027-06-15T10:00:01Z', june);
      expect(refused.error).toEqual({
        code: 'too-far',
        input: '2027-06-15T10:00:01Z',
        endsAt: june + maxSilenceMs + 1000,
      });
      expect(refused.message).toContain('more than 365 days ahead');
    });

    it('refuses years away', () => {
      expect(errorOf('until 2030-01-01', june).error.code).toBe('too-far');
      expect(errorOf('until 0050-01-01', june).error.code).toBe('not-in-future');
    });
  });

  describe('what it refuses', () => {
    it.each([
      'soon',
      'until',
      'until 2h',
      'until tomorrow',
      'tomorrow',
      '2',
      '2H',
      '1h30',
      '-2h',
      'for 2h',
      '2h!',
      '⏰',
      'x'.repeat(5000),
    ])('%j is not a duration or a time', (text) => {
      expect(errorOf(text, june).error).toEqual({ code: 'invalid', input: text });
    });

    it('collapses whitespace in the echoed input', () => {
      expect(errorOf('  soon \n please ', june).error).toEqual({ code: 'invalid', input: 'soon please' });
    });

    it('explains in English by default, with the command’s own examples', () => {
      const { message } = errorOf('soon', june, undefined, 'snooze');
      expect(message).toContain("I can't read");
      expect(message).toContain('<code>soon</code>');
      expect(message).toContain('<code>/snooze 2h</code>');
      expect(message).toContain('<code>/snooze until 18:00</code>');
      expect(message).not.toContain('/mute');
    });

    it('explains in Russian when asked', () => {
      const result = parseSilenceArgument('soon', { command: 'mute', now: june, language: 'ru' });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain('Не получается понять <code>soon</code>');
        expect(result.message).toContain('<code>/mute 1h30m</code>');
      }
    });

    it('escapes what the user typed in the message', () => {
      const { message } = errorOf('<b>x</b> & "y"', june);
      expect(message).toContain('<code>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</code>');
      expect(message).not.toContain('<b>x');
    });

    it('echoes at most 64 characters of a long input', () => {
      const { message } = errorOf('x'.repeat(5000), june);
      expect(message).toContain(`<code>${'x'.repeat(63)}…</code>`);
      expect(message.length).toBeLessThan(1000);
    });

    it('never throws and always answers a message for any text (property)', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), fc.constantFrom('mute', 'snooze'), (text, command) => {
          const result = parseSilenceArgument(text, { command, now: june, timeZone: 'Europe/Berlin' });
          if (result.ok) {
            expect(result.endsAt).toBeGreaterThan(june);
            expect(result.endsAt - june).toBeLessThanOrEqual(maxSilenceMs);
          } else {
            expect(result.message.length).toBeGreaterThan(0);
          }
        }),
      );
    });
  });

  it('reads any whole number of minutes within the limit as that many minutes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 * 24 * 60 }), (minutes) => {
        expect(endOf(`${minutes}m`, june)).toBe(june + minutes * minute);
        expect(endOf(`${minutes} minutes`, june)).toBe(june + minutes * minute);
      }),
    );
  });
});
