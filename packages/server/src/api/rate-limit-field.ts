import { type Static, Type } from 'typebox';
import { type RateLimit, ratePeriods } from '../domain/rate-limit.ts';
import { parseJson } from '../json.ts';

/** A limit: `count` messages per `per`, `burst` of them at once (domain/rate-limit.ts). */
export const RateLimitShape = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Messages per period.' }),
    per: Type.Enum(Object.keys(ratePeriods) as (keyof typeof ratePeriods)[], {
      description: 'second, minute, hour or day.',
    }),
    burst: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'How many may go at once after a quiet spell; default `count`.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The `rateLimit` field of targets and receivers: a GCRA limit over every node, or null for none. */
export const RateLimitField = Type.Union([RateLimitShape, Type.Null()], {
  description:
    'At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.',
  examples: [{ count: 20, per: 'minute' }],
});

export function rateLimitColumn(input: Static<typeof RateLimitField> | undefined): string | null {
  return input ? JSON.stringify(input) : null;
}

export function rateLimitView(column: string | null): RateLimit | null {
  return column === null ? null : parseJson<RateLimit>(column);
}
