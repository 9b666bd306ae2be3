import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../src/domain/http-date.ts';

const now = Date.UTC(2025, 5, 1);
const rfcExample = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseHttpDate', () => {
  // The three forms of the same instant, from RFC 9110 §5.6.7.
  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT'],
    ['Sunday, 06-Nov-94 08:49:37 GMT'],
    ['Sun Nov  6 08:49:37 1994'],
    ['Sun, 6 Nov 1994 08:49:37 GMT'],
  ])('reads %j', (text) => {
    expect(parseHttpDate(text, now)).toBe(rfcExample);
  });

  it('reads the asctime form as UTC, not local time', () => {
    expect(parseHttpDate('Thu Jan 30 23:59:59 2025', now)).toBe(Date.UTC(2025, 0, 30, 23, 59, 59));
  });

  it('places a two-digit year at most 50 years ahead (RFC 9110 §5.6.7)', () => {
    expect(parseHttpDate('Tuesday, 01-Jun-75 00:00:00 GMT', now)).toBe(Date.UTC(2075, 5, 1));
    expect(parseHttpDate('Wednesday, 01-Jun-76 00:00:00 GMT', now)).toBe(Date.UTC(1976, 5, 1));
    expect(parseHttpDate('Sunday, 01-Jun-25 00:00:00 GMT', now)).toBe(Date.UTC(2025, 5, 1));
    expect(parseHttpDate('Friday, 01-Jan-99 00:00:00 GMT', now)).toBe(Date.UTC(1999, 0, 1));
  });

  it('accepts a leap second', () => {
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT', now)).toBe(Date.UTC(2017, 0, 1));
  });

  it.each([
    [''],
    ['1'],
    ['2025'],
    ['2025-06-01T00:00:00Z'],
    ['Sun, 06 Nov 1994 08:49:37 UTC'],
    ['Sun, 06 Nov 1994 08:49:37 +0000'],
    ['sun, 06 nov 1994 08:49:37 gmt'],
    ['Sun, 06 Nov 94 08:49:37 GMT'],
    ['Sun, 31 Feb 1994 08:49:37 GMT'],
    ['Sun, 00 Nov 1994 08:49:37 GMT'],
    ['Sun, 06 Nov 1994 24:00:00 GMT'],
    ['Sun, 06 Nov 1994 08:60:00 GMT'],
    ['Sun, 06 Nov 1994 08:49:61 GMT'],
    ['Sun, 06 Foo 1994 08:49:37 GMT'],
    [' Sun, 06 Nov 1994 08:49:37 GMT'],
    ['Sunday, 06-Nov-1994 08:49:37 GMT'],
    ['Sun Nov 6 08:49:37 1994'],
  ])('rejects %j', (text) => {
    expect(parseHttpDate(text, now)).toBeUndefined();
  });

  it('reads back what Date#toUTCString writes, as a property', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const seconds = Math.floor(ms / 1000) * 1000;
        expect(parseHttpDate(new Date(seconds).toUTCString(), now)).toBe(seconds);
      }),
      { numRuns: 2000 },
    );
  });
});
