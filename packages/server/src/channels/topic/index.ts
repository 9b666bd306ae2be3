import type { ChannelKind, SendOutcome } from '../channel.ts';
import {
  type TopicAddress,
  TopicAddressSchema,
  type TopicTargetConfig,
  TopicTargetConfigSchema,
} from './config-schema.ts';
import { topicMessage } from './topic-message.ts';

/**
 * Publishes to the bridge's own topics (realtime/topics/), which apps subscribe to over SSE, the ntfy
 * protocol or the client SDK. The far side is our own database: a send stores one topic entry, once per
 * delivery (the delivery id is its dedup key), and subscribers get it after that commit.
 */
export const topicChannel: ChannelKind<TopicTargetConfig, TopicAddress> = {
  kind: 'topic',
  description:
    'Publish to one of your topics, which apps subscribe to (SSE, the ntfy apps and protocol, the client SDK).',
  configSchema: TopicTargetConfigSchema,
  addressSchema: TopicAddressSchema,
  secretFields: [],
  formats: ['markdown', 'text'],
  limits: {},

  async checkAddress(address, lookups) {
    return (await lookups.topicExists(address.topic))
      ? undefined
      : `the target's owner has no topic "${address.topic}"; create it first (POST /api/v1/topics)`;
  },

  async send(ctx, message): Promise<SendOutcome> {
    if (!ctx.topics) {
      return {
        status: 'failed',
        error: { kind: 'internal', message: 'topics can only be published to by the server' },
      };
    }
    let result: Awaited<ReturnType<typeof ctx.topics.publish>>;
    try {
      result = await ctx.topics.publish(ctx.address.topic, {
        data: topicMessage(message, ctx.options.silent === true),
        dedupKey: ctx.deliveryId,
      });
    } catch (error) {
      ctx.logger.warn({ err: error }, 'storing a topic entry failed');
      return { status: 'retry', error: { kind: 'transport', message: 'storing the topic entry failed' } };
    }
    if (result === 'no-such-topic') {
      return {
        status: 'failed',
        error: {
          kind: 'rejected',
          message: `the target's owner has no topic "${ctx.address.topic}" (deleted?); create it again or change the receiver`,
        },
        disableReceiver: true,
      };
    }
    return { status: 'sent', ...(result === 'duplicate' ? { detail: { duplicate: true } } : {}) };
  },
};
