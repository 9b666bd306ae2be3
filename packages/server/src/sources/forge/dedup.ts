import { hash } from 'node:crypto';
import type { DedupBy } from '../../domain/event.ts';

/**
 * A forge webhook's dedup key: its delivery id header, which a redelivery repeats, kept for the long window;
 * without one (an old Gitea, a proxy that drops it) the body's hash, which only absorbs quick retries.
 */
export function forgeDedup(
  delivery: string | undefined,
  rawBody: Buffer,
): { dedupKey: string; dedupBy: DedupBy } {
  return delivery
    ? { dedupKey: `delivery:${delivery}`, dedupBy: 'key' }
    : { dedupKey: `sha256:${hash('sha256', rawBody, 'hex')}`, dedupBy: 'body' };
}
