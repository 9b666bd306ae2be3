import type { Database } from '../db/open-database.ts';
import { parseJson } from '../json.ts';
import { openFields, type SecretBox } from '../security/secret-box.ts';
import type { SourceKind } from '../sources/source.ts';

export interface CachedSource {
  id: string;
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
  readonly #entries = new Map<string, { source: CachedSource | null; loadedAt: number }>();
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

  async get(id: string, now: number): Promise<CachedSource | null> {
    const cached = this.#entries.get(id);
    if (cached && now - cached.loadedAt < this.#ttlMs) return cached.source;
    const row = await this.#database.db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    const kind = row ? this.#kind(row.kind) : undefined;
    const source =
      row && kind
        ? {
            id: row.id,
            kind,
            name: row.name,
            enabled: row.enabled === 1,
            config: openFields(this.#box, parseJson(row.config), kind.secretFields, {
              table: 'sources',
              rowId: row.id,
            }),
          }
        : null;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(id, { source, loadedAt: now });
    return source;
  }

  invalidate(id?: string): void {
    if (id === undefined) this.#entries.clear();
    else this.#entries.delete(id);
  }
}
