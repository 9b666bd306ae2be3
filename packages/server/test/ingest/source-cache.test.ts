import { randomBytes } from 'node:crypto';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceCache } from '../../src/ingest/source-cache.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { sourceKind } from '../../src/sources/registry.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { seedWebhookTarget } from '../helpers/seed.ts';

/** Counts the statements run through the Kysely it is plugged into. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    this.count++;
    return node;
  }
  async transformResult<R>({ result }: { result: R }): Promise<R> {
    return result;
  }
}

describe.each(testDialects)('the source cache on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  const ttlMs = 5000;
  let counter: QueryCounter;
  let cache: SourceCache;

  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
    await seedWebhookTarget(test.database, 'http://127.0.0.1:1/');
  });
  afterAll(() => test.drop());

  const fresh = () => {
    counter = new QueryCounter();
    cache = new SourceCache({
      database: { ...test.database, db: test.database.db.withPlugin(counter) },
      secretBox: new SecretBox([randomBytes(32)]),
      sourceKind,
      ttlMs,
    });
  };

  it('answers requests arriving while a source loads with that one load', async () => {
    fresh();
    const sources = await Promise.all(Array.from({ length: 50 }, () => cache.get('src', 0)));
    expect(counter.count).toBe(1);
    expect(new Set(sources).size).toBe(1);
    expect(sources[0]).toMatchObject({ id: 'src', name: 'source', enabled: true });
  });

  it('loads again once per expiry, however many requests are open then', async () => {
    fresh();
    await cache.get('src', 0);
    await cache.get('src', ttlMs - 1);
    expect(counter.count).toBe(1);
    await Promise.all(Array.from({ length: 50 }, () => cache.get('src', ttlMs)));
    expect(counter.count).toBe(2);
  });

  it('remembers an unknown source as absent, and forgets a source it was told changed', async () => {
    fresh();
    expect(await cache.get('missing', 0)).toBeNull();
    expect(await cache.get('missing', 1)).toBeNull();
    expect(counter.count).toBe(1);
    await cache.get('src', 0);
    cache.invalidate('src');
    await cache.get('src', 1);
    expect(counter.count).toBe(3);
  });

  it('does not remember a load that failed', async () => {
    let attempts = 0;
    const failing = new SourceCache({
      database: {
        ...test.database,
        db: test.database.db.withPlugin({
          transformQuery: () => {
            attempts++;
            throw new Error('database unavailable');
          },
          transformResult: async ({ result }) => result,
        }),
      },
      secretBox: new SecretBox([randomBytes(32)]),
      sourceKind,
      ttlMs,
    });
    await expect(failing.get('src', 0)).rejects.toThrow('database unavailable');
    await expect(failing.get('src', 1)).rejects.toThrow('database unavailable');
    expect(attempts).toBe(2);
  });
});
