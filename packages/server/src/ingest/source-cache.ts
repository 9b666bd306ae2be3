import type { Selectable } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { SourcesTable } from '../db/schema.ts';
import { parseJson } from '../json.ts';
import { openFields, type SecretBox } from '../security/secret-box.ts';
import type { SourceKind } from '../sources/source.ts';

export interface CachedSource {
  id: string;
  ownerId: string;
  kind: SourceKind;
  name: string;
  enabled: boolean;
  /** Secrets unsealed: never log or return it. */
  config: unknown;
}

/**
 * Sources by id for the ingress path, so a webhook costs no extra query. Entries expire after `ttlMs` so a
 * change made on another node applies within that time; this node's API invalidates at once.
 */
export class SourceCache {
  readonly #entries = new Map<string, { source: Promise<CachedSource | null>; loadedAt: number }>();
  readonly #database: Database;
  readonly #box: SecretBox;
  readonly #kind: (kind: string) => SourceKind | undefined;
  readonly #ttlMs: number;

  constructor(options: {
    database: Database;
    secretBox: SecretBox;
    sourceKind: (kind: string) => SourceKind | undefined;
    ttlMs?: number;
  }) {
    this.#database = options.database;
    this.#box = options.secretBox;
    this.#kind = options.sourceKind;
    this.#ttlMs = options.ttlMs ?? 5000;
  }

  get(id: string, now: number): Promise<CachedSource | null> {
    return this.#load(`id:${id}`, now, (db) =>
      db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst(),
    );
  }

  /** The source of `kind` whose ingress key hashes to `keyHash`. */
  getByKey(kind: string, keyHash: string, now: number): Promise<CachedSource | null> {
    return this.#load(`key:${kind}:${keyHash}`, now, (db) =>
      db
        .selectFrom('sources')
        .selectAll()
        .where('kind', '=', kind)
        .where('ingress_key', '=', keyHash)
        .executeTakeFirst(),
    );
  }

  /**
   * A hit answers without a query or an async step; a miss or an expired entry starts one load that every
   * request arriving meanwhile shares, so a busy source costs one query per TTL, not one per open request.
   */
  #load(
    cacheKey: string,
    now: number,
    query: (db: Database['db']) => Promise<Selectable<SourcesTable> | undefined>,
  ): Promise<CachedSource | null> {
    const cached = this.#entries.get(cacheKey);
    if (cached && now - cached.loadedAt < this.#ttlMs) return cached.source;
    const source = query(this.#database.db).then((row) => this.#sourceOf(row));
    if (this.#entries.size > 10_000) this.#entries.clear();
    const entry = { source, loadedAt: now };
    this.#entries.set(cacheKey, entry);
    // A failed load is not remembered: the next request tries again.
    source.catch(() => {
      if (this.#entries.get(cacheKey) === entry) this.#entries.delete(cacheKey);
    });
    return source;
  }

  #sourceOf(row: Selectable<SourcesTable> | undefined): CachedSource | null {
    const kind = row ? this.#kind(row.kind) : undefined;
    if (!row || !kind) return null;
    return {
      id: row.id,
      ownerId: row.owner_id,
      kind,
      name: row.name,
      enabled: row.enabled === 1,
      config: openFields(this.#box, parseJson(row.config), kind.secretFields, {
        table: 'sources',
        rowId: row.id,
      }),
    };
  }

  /** After a change on this node. Entries by key cannot be found by id, so a change drops them all. */
  invalidate(id?: string): void {
    if (id === undefined) {
      this.#entries.clear();
      return;
    }
    this.#entries.delete(`id:${id}`);
    for (const key of this.#entries.keys()) if (key.startsWith('key:')) this.#entries.delete(key);
  }
}
