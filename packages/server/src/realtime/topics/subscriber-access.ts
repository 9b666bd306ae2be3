import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/open-database.ts';
import type { TopicsTable } from '../../db/schema.ts';
import { BridgeError } from '../../errors.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { Logger } from '../../telemetry/logger.ts';
import { currentSigningKey, signingKey } from './signing-keys.ts';
import {
  checkSubscriberToken,
  encodeSubscriberToken,
  parseSubscriberToken,
  subscriberTokenPrefix,
} from './subscriber-token.ts';
import { isTopicName } from './topic-name.ts';

export type TopicRow = Selectable<TopicsTable>;

export interface SubscriberAccess {
  database: Database;
  secretBox: SecretBox;
}

/**
 * The topic a subscriber names, when it may be subscribed to from outside at all. An unknown name and an
 * internal topic answer the very same 404, so nobody can learn which internal names exist.
 */
export async function subscribableTopic(database: Database, name: string): Promise<TopicRow> {
  const row = isTopicName(name)
    ? await database.db
        .selectFrom('topics')
        .selectAll()
        .where('name', '=', name)
        .where('external', '=', 1)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new BridgeError('NB_ERR_NOT_FOUND', 'no such topic to subscribe to');
  return row;
}

/**
 * Whose connection a subscription is, for the cap on open streams: a token's own id, or on a public topic
 * the client's address. A token topic without a valid token for it is one generic 401, whichever check failed
 * (malformed, unknown key, signature, expiry, another topic): the reason goes to the debug log only.
 */
export async function authorizeSubscriber(
  access: SubscriberAccess,
  topic: TopicRow,
  presented: { token: string | undefined; clientAddress: string; now: number; logger: Logger },
): Promise<{ holder: string }> {
  if (topic.access === 'public') return { holder: `topic-client:${presented.clientAddress}` };
  const parsed = presented.token ? parseSubscriberToken(presented.token) : undefined;
  const key = parsed ? await signingKey(access, parsed.claims.keyId) : undefined;
  const check = checkSubscriberToken(parsed, key, { nowMs: presented.now, topicId: topic.id });
  if (!check.ok) {
    presented.logger.debug({ refusal: check.refusal }, 'subscriber token refused');
    throw new BridgeError(
      'NB_ERR_UNAUTHORIZED',
      `this topic needs a valid subscriber token for it: "Authorization: Bearer ${subscriberTokenPrefix}..." or ?token=`,
    );
  }
  return { holder: `topic-token:${check.claims.tokenId}` };
}

/** A new token for these topics, signed with the current key; its expiry in Unix seconds. */
export async function mintSubscriberToken(
  access: SubscriberAccess,
  topicIds: readonly string[],
  now: number,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: number }> {
  const key = await currentSigningKey(access, now);
  const expiresAt = Math.floor(now / 1000) + ttlSeconds;
  const token = encodeSubscriberToken(
    { keyId: key.id, tokenId: randomBytes(12).toString('base64url'), topicIds, expiresAt },
    key.key,
  );
  return { token, expiresAt };
}
