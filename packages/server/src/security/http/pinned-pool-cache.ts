import { buildConnector, Pool } from 'undici';

export interface PinnedPoolCacheOptions {
  /** Pools kept at once; the least recently used one is closed (gracefully) past this. */
  maxPools: number;
  /** Sockets per pool, i.e. per (origin, address). */
  connectionsPerPool: number;
  connectTimeoutMs: number;
}

/**
 * Keep-alive connection pools, one per (origin, pinned address), least recently used first out.
 *
 * Each pool's connector dials the address that was checked instead of resolving the host again (that second
 * lookup is what DNS rebinding exploits), while undici still derives the Host header and the TLS
 * SNI/certificate name from the origin, so the far side sees the name it expects. Keying by address as well
 * as origin means a name that moves to a new address gets a new pool, never a socket to the old one.
 */
export class PinnedPoolCache {
  readonly #pools = new Map<string, Pool>();
  readonly #options: PinnedPoolCacheOptions;

  constructor(options: PinnedPoolCacheOptions) {
    this.#options = options;
  }

  /** The pool for `origin` (scheme://host:port) that connects to `address`. */
  get(origin: string, address: string): Pool {
    const key = `${origin} ${address}`;
    const existing = this.#pools.get(key);
    if (existing !== undefined && !existing.closed && !existing.destroyed) {
      // Re-insert so Map order is least recently used first.
      this.#pools.delete(key);
      this.#pools.set(key, existing);
      return existing;
    }
    const pool = this.#createPool(origin, address);
    this.#pools.set(key, pool);
    this.#evictPastLimit();
    return pool;
  }

  get size(): number {
    return this.#pools.size;
  }

  /** Lets running requests finish, then closes every socket. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  #createPool(origin: string, address: string): Pool {
    const dial = buildConnector({ timeout: this.#options.connectTimeoutMs });
    return new Pool(origin, {
      connections: this.#options.connectionsPerPool,
      // `host` (the origin's name) stays as is: undici takes the SNI server name from it.
      connect: (options, callback) => dial({ ...options, hostname: address }, callback),
    });
  }

  #evictPastLimit(): void {
    while (this.#pools.size > this.#options.maxPools) {
      const [oldestKey, oldest] = this.#pools.entries().next().value!;
      this.#pools.delete(oldestKey);
      // close() waits for the requests already queued on the pool, so in-flight calls are not cut off.
      oldest.close().catch(() => {});
    }
  }
}
