import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';

// Full-text search over events (GET /events?q=): the title, type, tags and the start of the body. Kept in the
// same transaction as the insert by the database itself (triggers on SQLite, a generated column on Postgres),
// so an event is searchable the moment it is committed and no code path can forget it.
//
// Only the first 100,000 characters of the concatenated text are indexed: a Postgres tsvector holds at
// most 1 MB and an over-long one would fail the ingest; SQLite indexes the same prefix so both find the same.
// The 'simple' configuration and unicode61 both split words without stemming, as the UI speaks two languages.
const indexedText = (row: string) =>
  `substr(${row}title || ' ' || ${row}type || ' ' || ${row}tags || ' ' || ${row}body, 1, 100000)`;

// Postgres's parser keeps host names, paths, e-mail addresses and versions whole (`backup.done`, `nas/disk`);
// unicode61 splits them into words. Turned into spaces first, they give both the same words.
const splitOnPostgres = './@:_';

export const eventSearch: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      // A stored generated column backfills every existing row as the table is rewritten.
      await sql
        .raw(
          `alter table events add column search tsvector generated always as (to_tsvector('simple'::regconfig, translate(${indexedText('')}, '${splitOnPostgres}', '${' '.repeat(splitOnPostgres.length)}'))) stored`,
        )
        .execute(db);
      await sql`create index events_search on events using gin (search)`.execute(db);
      return;
    }
    // Contentless (no second copy of the text) with contentless_delete, so a deleted event's terms go by
    // rowid alone. Keyed by the events' rowid, which VACUUM and VACUUM INTO keep (the transfer copies it).
    await sql`create virtual table events_fts using fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql
      .raw(
        `create trigger events_fts_insert after insert on events begin
           insert into events_fts(rowid, text) values (new.rowid, ${indexedText('new.')});
         end`,
      )
      .execute(db);
    await sql`create trigger events_fts_delete after delete on events begin
        delete from events_fts where rowid = old.rowid;
      end`.execute(db);
    await sql
      .raw(
        `create trigger events_fts_update after update of title, type, tags, body on events begin
           delete from events_fts where rowid = old.rowid;
           insert into events_fts(rowid, text) values (new.rowid, ${indexedText('new.')});
         end`,
      )
      .execute(db);
    await sql
      .raw(`insert into events_fts(rowid, text) select rowid, ${indexedText('')} from events`)
      .execute(db);
  },
};
