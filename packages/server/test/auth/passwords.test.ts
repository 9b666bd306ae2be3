import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  argon2id,
  hashPassword,
  minPasswordLength,
  needsRehash,
  passwordProblem,
  verifyAgainstNothing,
  verifyPassword,
} from '../../src/auth/passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id, 19 MiB, 2 passes, 1 lane, the parameters inside the hash', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(stored).not.toContain('correct horse');
    expect(needsRehash(stored)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one or a stored value that is not a hash', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'correct horse battery')).toBe(false);
    expect(await verifyAgainstNothing('correct horse battery')).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await hashPassword('correct horse battery')).not.toBe(await hashPassword('correct horse battery'));
  });

  it('asks for a rehash of weaker parameters, other argon2 variants and unreadable values', async () => {
    const weaker = await hash('correct horse battery', {
      algorithm: argon2id,
      memoryCost: 4096,
      timeCost: 2,
      parallelism: 1,
    });
    expect(await verifyPassword(weaker, 'correct horse battery')).toBe(true);
    expect(needsRehash(weaker)).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=4$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(false);
    expect(needsRehash('$2b$12$bcrypt')).toBe(true);
  });

  it('wants at least 12 characters, counted as people count them', () => {
    expect(passwordProblem('a'.repeat(minPasswordLength - 1))).toMatch(/at least 12 characters .*has 11/);
    expect(passwordProblem('a'.repeat(minPasswordLength))).toBeUndefined();
    // Eleven emoji are 22 UTF-16 units but still too short.
    expect(passwordProblem('🔑'.repeat(11))).toMatch(/has 11/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/);
  });
});
