import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forgeDedup } from '../../../src/sources/forge/dedup.ts';

describe('a forge webhook dedup key', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');

  it('is the delivery id, kept for the long window, when the forge sends one', () => {
    expect(forgeDedup('7f3c', body)).toEqual({ dedupKey: 'delivery:7f3c', dedupBy: 'key' });
  });

  it.each([undefined, ''])('is the body hash, for the short window, without one (%j)', (delivery) => {
    expect(forgeDedup(delivery, body)).toEqual({
      dedupKey: `sha256:${createHash('sha256').update(body).digest('hex')}`,
      dedupBy: 'body',
    });
  });
});
