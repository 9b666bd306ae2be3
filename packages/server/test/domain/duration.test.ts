import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/domain/duration.ts';
import { DomainValidationError } from '../../src/domain/validation-error.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('parseDuration', () => {
  it.each([
    ['30s', 30 * s],
    ['5m', 5 * m],
    ['2h', 2 * h],
    ['1d', d],
    ['1w', 7 * d],
    ['250ms', 250],
    ['1h30m', h + 30 * m],
    ['1d2h3m4s5ms', d + 2 * h + 3 * m + 4 * s + 5],
    ['30m1h', h + 30 * m],
    ['1.5h', 90 * m],
    ['0.5s', 500],
    ['0.0004s', 0],
    ['0s', 0],
    ['  10m  ', 10 * m],
    ['1h 30m', h + 30 * m],
    ['2 hours', 2 * h],
    ['2 hours 10 min', 2 * h + 10 * m],
    ['1 day', d],
    ['3 days', 3 * d],
    ['45 seconds', 45 * s],
    ['1 minute', m],
    ['90 mins', 90 * m],
    ['2 weeks', 14 * d],
    ['3 hrs', 3 * h],
    ['100 milliseconds', 100],
  ])('reads %j as %d ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each([
    ['', /it is empty/],
    ['   ', /it is empty/],
    ['30', /the unit is missing/],
    ['1.5', /the unit is missing/],
    ['5x', /"x" is not a unit/],
    ['5M', /units are lowercase/],
    ['1H', /units are lowercase/],
    ['2 Hours', /units are lowercase/],
    ['1h30', /"30" is not a number followed by a unit/],
    ['h', /"h" is not a number followed by a unit/],
    ['-5m', /"-5m" is not a number followed by a unit/],
    ['+5m', /is not a number followed by a unit/],
    ['1e3s', /"e" is not a unit/],
    ['.5h', /is not a number followed by a unit/],
    ['5 m s', /"s" is not a number followed by a unit/],
    ['1h,30m', /",30m" is not a number followed by a unit/],
    [`${'9'.repeat(30)}w`, /too long/],
    ['1h'.repeat(40), /over 64 characters/],
  ])('rejects %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });

  it('throws a DomainValidationError that says what to write', () => {
    expect(() => parseDuration('soon')).toThrow(DomainValidationError);
    expect(() => parseDuration('soon')).toThrow(/such as 30s, 5m, 2h, 1d or 1h30m/);
  });

  it('shortens a very long input in its message', () => {
    const long = 'x'.repeat(500);
    try {
      parseDuration(long);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(250);
    }
  });

  it('rejects what is not text', () => {
    expect(() => parseDuration(5 as unknown as string)).toThrow(/it is not text/);
  });

  it('reads back what formatDuration writes, as a property', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
      { numRuns: 3000 },
    );
  });

  it('adds the parts, in any order, as a property', () => {
    const part = fc.tuple(
      fc.integer({ min: 0, max: 999 }),
      fc.constantFrom(['ms', 1], ['s', s], ['m', m], ['h', h]),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([count, [unit]]) => `${count}${unit}`).join(' ');
        const expected = parts.reduce((sum, [count, [, size]]) => sum + count * (size as number), 0);
        expect(parseDuration(text)).toBe(expected);
      }),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1ms'],
    [999, '999ms'],
    [1000, '1s'],
    [1500, '1s500ms'],
    [30 * s, '30s'],
    [5 * m, '5m'],
    [90 * m, '1h30m'],
    [2 * h, '2h'],
    [d, '1d'],
    [7 * d, '7d'],
    [d + 2 * h + 3 * m + 4 * s + 5, '1d2h3m4s5ms'],
    [d + 5, '1d5ms'],
    [1.4, '1ms'],
    [1.6, '2ms'],
  ])('writes %d ms as %j', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});
