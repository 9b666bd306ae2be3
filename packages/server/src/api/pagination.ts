import { type SelectQueryBuilder, sql } from 'kysely';
import { Type } from 'typebox';
import { BridgeError } from '../errors.ts';

export const defaultPageSize = 50;
export const maxPageSize = 500;

/** Querystring fields of every list endpoint. */
export const PageQuery = {
  cursor: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'The `nextCursor` of the previous page; absent for the newest.',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPageSize, default: defaultPageSize })),
};

export interface PageRequest {
  /** Only rows with an id below this one: ids are ULIDs, so this is "older than the last row seen". */
  beforeId: string | undefined;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The cursor is opaque to callers (base64url of the last id) so its form can change without breaking them. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ulid.test(id)) {
    throw new BridgeError(
      'NB_ERR_VALIDATION',
      'cursor is not one this API returned; pass `nextCursor` as it came',
      [{ path: '/cursor', message: 'unknown cursor' }],
    );
  }
  return id;
}

export function pageRequest(query: { cursor?: string; limit?: number }): PageRequest {
  return {
    beforeId: query.cursor === undefined || query.cursor === '' ? undefined : decodeCursor(query.cursor),
    limit: query.limit ?? defaultPageSize,
  };
}

/**
 * Builds a page from rows fetched newest first with `limit + 1` as the SQL limit: the extra row only
 * says that another page exists.
 */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, view: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(view), nextCursor: more ? encodeCursor(kept.at(-1)!.id) : null };
}

/**
 * The keyset page a list endpoint asks of a one-table query, newest first: rows older than the cursor,
 * `limit + 1` of them for toPage. Applied with `.$call(newestFirst(page))`.
 */
export function newestFirst(page: PageRequest) {
  // biome-ignore lint/suspicious/noExplicitAny: any one-table select with an `id` column.
  return <QB extends SelectQueryBuilder<any, any, any>>(qb: QB): QB =>
    qb
      .$if(page.beforeId !== undefined, (q) => q.where(sql.ref('id'), '<', page.beforeId!))
      .orderBy(sql.ref('id'), 'desc')
      .limit(page.limit + 1) as QB;
}
