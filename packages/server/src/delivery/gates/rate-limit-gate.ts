import type { ChannelKind } from '../../channels/channel.ts';
import type { Database } from '../../db/open-database.ts';
import { describeRate } from '../../domain/rate-limit.ts';
import type { DispatchContext } from '../load-dispatch-context.ts';
import { type RateBucket, takeFromBuckets } from '../rate-buckets.ts';
import { type Gate, pass } from './gate.ts';

/** A target's config with its secrets unsealed (the dispatcher's, once per batch). */
export type OpenConfig = (
  context: DispatchContext,
  channel: ChannelKind,
) => Readonly<Record<string, unknown>>;

/** The limits a send to this receiver must fit: the user's on target and receiver, and the channel's own. */
export function bucketsOf(
  context: DispatchContext,
  channel: ChannelKind | undefined,
  openConfig: OpenConfig,
): RateBucket[] {
  const { target, receiver } = context;
  const buckets: RateBucket[] = [];
  if (receiver.rateLimit)
    buckets.push({ key: `receiver:${receiver.id}`, limit: receiver.rateLimit, what: 'the receiver' });
  if (target.rateLimit)
    buckets.push({ key: `target:${target.id}`, limit: target.rateLimit, what: 'the target' });
  const declared = channel?.limits.rate;
  // Only a channel that says whom the far side counts needs the config opened.
  const scope = (channel &&
    declared?.scope?.(openConfig(context, channel) as never, receiver.address as never)) ?? {
    target: target.id,
    receiver: receiver.id,
  };
  if (declared?.receiver) {
    buckets.push({
      key: `${target.kind}:receiver:${scope.receiver}`,
      limit: declared.receiver,
      what: `${target.kind} per chat`,
    });
  }
  if (declared?.target) {
    buckets.push({
      key: `${target.kind}:target:${scope.target}`,
      limit: declared.target,
      what: `${target.kind} per target`,
    });
  }
  return buckets;
}

/**
 * Rate limits, last of the gates so a dropped or deferred delivery spends nothing. Over a limit the
 * delivery is deferred to the instant the limit lets the next message through, never dropped; the buckets
 * are shared by every node (delivery/rate-buckets.ts).
 */
export function rateLimitGate(
  database: Database,
  channelKind: (kind: string) => ChannelKind | undefined,
  openConfig: OpenConfig,
): Gate {
  return {
    name: 'rate-limit',
    async decide(context, now) {
      const buckets = bucketsOf(context, channelKind(context.target.kind), openConfig);
      if (buckets.length === 0) return pass;
      const taken = await takeFromBuckets(database, buckets, now);
      if (taken.allowed) return pass;
      const { bucket, retryAt } = taken;
      return {
        action: 'defer',
        until: retryAt,
        reason: `held by the rate limit of ${bucket.what} (${describeRate(bucket.limit)}) until ${new Date(retryAt).toISOString()}`,
        detail: { bucket: bucket.key },
      };
    },
  };
}
