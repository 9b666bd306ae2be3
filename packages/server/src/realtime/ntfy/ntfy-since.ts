import { entryIdOf } from './ntfy-message.ts';

/**
 * ntfy's `since=` (docs.ntfy.sh/subscribe/api/#fetching-cached-messages): a message id, a Unix time, a
 * duration such as `10m`, `all`, `latest` or `none`. Undefined for anything else (ntfy answers 400 then).
 */
export type NtfySince =
  | { from: 'all' }
  | { from: 'none' }
  | { from: 'latest' }
  | { from: 'id'; after: number }
  | { from: 'time'; atMs: number };

const durationUnits: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseNtfySince(raw: string | undefined, poll: boolean, now: number): NtfySince | undefined {
  // Without since=, a subscription gets only what comes from now on, a poll everything cached (ntfy's defaults).
  if (raw === undefined || raw === '') return { from: poll ? 'all' : 'none' };
  if (raw === 'all' || raw === 'none' || raw === 'latest') return { from: raw };
  const id = entryIdOf(raw);
  if (id !== undefined) return { from: 'id', after: id };
  if (/^\d{1,12}$/.test(raw)) return { from: 'time', atMs: Number(raw) * 1000 };
  const duration = /^(\d{1,9})([smhd])$/.exec(raw);
  if (duration) return { from: 'time', atMs: now - Number(duration[1]) * durationUnits[duration[2]!]! };
  return undefined;
}
