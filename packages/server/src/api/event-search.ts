import { type SelectQueryBuilder, sql } from 'kysely';
import type { Dialect } from '../db/open-database.ts';
import type { Schema } from '../db/schema.ts';
import { BridgeError } from '../errors.ts';
import type { PageRequest } from './pagination.ts';

/**
 * Full-text search of GET /events?q= (migration 0018): the words of `q`, all of them, anywhere in an event's
 * title, type, tags or body. The text is taken as plain words, never as query syntax: what a user types
 * (`"`, `*`, `NEAR(`, `AND`, `-`) cannot make an FTS5 or tsquery syntax error, only words to look for.
 */

// The word characters of SQLite's unicode61 tokenizer: letters, digits and combining marks.
const word = /[\p{L}\p{N}\p{M}]+/gu;

export function searchWords(q: string): string[] {
  const words = q.match(word) ?? [];
  if (words.length === 0) {
    throw new BridgeError('NB_ERR_VALIDATION', 'q has no words to search for: give letters or digits', [
      { path: '/q', message: 'no words' },
    ]);
  }
  return words;
}

// biome-ignore lint/suspicious/noExplicitAny: any select over `events`, whatever it has selected.
type EventsQuery = SelectQueryBuilder<Schema, 'events', any>;

/**
 * The events matching `words`, one keyset page newest first (in place of pagination's newestFirst).
 * SQLite walks the FTS5 index in rowid order, newest stored first, and stops at the page's end instead of
 * sorting every match: a word in a million events costs what a rare one does. Rowids follow insertion, so
 * the order is the order events were stored in; the cursor is still the last event's id.
 * Postgres matches the generated `search` column (GIN index) and keeps the id order of every list.
 */
export function searchPage(dialect: Dialect, words: string[], page: PageRequest) {
  return <QB extends EventsQuery>(built: QB): QB => {
    const qb: EventsQuery = built;
    if (dialect === 'postgres') {
      return qb
        .where(sql<boolean>`events.search @@ plainto_tsquery('simple', ${words.join(' ')})`)
        .$if(page.beforeId !== undefined, (q) => q.where('events.id', '<', page.beforeId!))
        .orderBy('events.id', 'desc')
        .limit(page.limit + 1) as QB;
    }
    // Each word quoted: FTS5 reads a quoted string as one phrase and nothing in it as an operator.
    const match = words.map((w) => `"${w}"`).join(' ');
    return qb
      .innerJoin(sql<{ rowid: number }>`events_fts`.as('events_fts'), (join) =>
        join.on(sql<boolean>`events_fts.rowid = events.rowid`),
      )
      .where(sql<boolean>`events_fts match ${match}`)
      .$if(page.beforeId !== undefined, (q) =>
        q.where(sql<boolean>`events_fts.rowid < (select rowid from events where id = ${page.beforeId!})`),
      )
      .orderBy(sql`events_fts.rowid`, 'desc')
      .limit(page.limit + 1) as unknown as QB;
  };
}
