import { unwrap } from '@notify-bridge/client';
import { api } from './api.ts';
import { query } from './cache.svelte.ts';

/** The kinds of sources this server has, with their config schemas (one cache key for every page). */
export function sourceKinds() {
  return query(['kinds', 'sources'], async () => unwrap(await api.GET('/api/v1/kinds/sources')).items);
}

/** The kinds of channels (targets), with their config and address schemas and capabilities. */
export function channelKinds() {
  return query(['kinds', 'channels'], async () => unwrap(await api.GET('/api/v1/kinds/channels')).items);
}
