import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, maxPageSize, pageRequest, toPage } from '../../src/api/pagination.ts';
import { BridgeError } from '../../src/errors.ts';
import { newId } from '../../src/ids.ts';

const ulidChar = fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ');
const ulid = fc.array(ulidChar, { minLength: 26, maxLength: 26 }).map((chars) => chars.join(''));

describe('cursors', () => {
  it('round-trip every ULID and are URL-safe', () => {
    fc.assert(
      fc.property(ulid, (id) => {
        const cursor = encodeCursor(id);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor)).toBe(id);
      }),
    );
  });

  it('refuse anything that is not a cursor this API made, as NB_ERR_VALIDATION', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const decoded = Buffer.from(text, 'base64url').toString('utf8');
        fc.pre(!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(decoded));
        expect(() => decodeCursor(text)).toThrow(BridgeError);
      }),
    );
    const error = (() => {
      try {
        decodeCursor(encodeCursor('not-a-ulid'));
      } catch (caught) {
        return caught as BridgeError;
      }
    })();
    expect(error?.code).toBe('NB_ERR_VALIDATION');
    expect(error?.details).toEqual([{ path: '/cursor', message: 'unknown cursor' }]);
  });
});

describe('pageRequest', () => {
  it('defaults to 50 rows from the newest, and decodes a cursor', () => {
    expect(pageRequest({})).toEqual({ beforeId: undefined, limit: 50 });
    expect(pageRequest({ cursor: '' })).toEqual({ beforeId: undefined, limit: 50 });
    const id = newId();
    expect(pageRequest({ cursor: encodeCursor(id), limit: maxPageSize })).toEqual({
      beforeId: id,
      limit: 500,
    });
  });
});

describe('toPage', () => {
  it('keeps `limit` rows and points the cursor at the last kept row only when more rows exist', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }), (count, limit) => {
        const rows = Array.from({ length: Math.min(count, limit + 1) }, () => ({ id: newId() }));
        const page = toPage(rows, limit, (row) => row.id);
        expect(page.items).toEqual(rows.slice(0, limit).map((row) => row.id));
        if (rows.length > limit) expect(decodeCursor(page.nextCursor!)).toBe(rows[limit - 1]!.id);
        else expect(page.nextCursor).toBeNull();
      }),
    );
  });

  it('pages through a sorted list without gaps or repeats when the next query takes ids below the cursor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 7 }), (count, limit) => {
        const all = Array.from({ length: count }, () => ({ id: newId() })).reverse();
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard <= count; guard++) {
          const { beforeId } = pageRequest({ cursor, limit });
          const rows = all.filter((row) => beforeId === undefined || row.id < beforeId).slice(0, limit + 1);
          const page = toPage(rows, limit, (row) => row.id);
          seen.push(...page.items);
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
        }
        expect(seen).toEqual(all.map((row) => row.id));
      }),
    );
  });
});
