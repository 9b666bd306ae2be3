import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.ts';

describe('newId', () => {
  it('makes valid ULIDs of the current time that increase, also within one millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => newId());
    const after = Date.now();
    for (const id of ids) expect(isValid(id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(decodeTime(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(ids.at(-1)!)).toBeLessThanOrEqual(after);
  });

  it('spreads the random part over every symbol', () => {
    // Fresh randomness comes with each new millisecond (within one, ulid increments the last id): the
    // leading random characters of those ids should use all 32 symbols, about equally.
    const counts = new Map<string, number>();
    let last = '';
    let samples = 0;
    const started = Date.now();
    while (samples < 3200 && Date.now() - started < 5000) {
      const id = newId();
      if (id.slice(0, 10) !== last.slice(0, 10)) {
        for (const symbol of id.slice(10, 18)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
        samples += 8;
      }
      last = id;
    }
    expect(counts.size).toBe(32);
    const expected = samples / 32;
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.6);
  });
});
