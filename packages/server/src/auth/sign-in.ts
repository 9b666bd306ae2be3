import type { Database } from '../db/open-database.ts';
import {
  accountLockout,
  addressLockout,
  afterFailure,
  type LockoutPolicy,
  lockRemainingMs,
} from '../domain/sign-in-lockout.ts';
import { clearFailureCount, readFailureCount, writeFailureCount } from './lockout-store.ts';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { normalizeUserName } from './user-fields.ts';
import { findUserByName, type UserRow } from './users.ts';

export type SignInResult =
  | { ok: true; user: UserRow }
  /**
   * Unknown name, wrong password, no password set or a disabled user: one answer for all of them.
   * `lockedForMs` > 0 when this failure locked the name or the address (the caller logs it).
   */
  | { ok: false; reason: 'wrong'; lockedForMs: number }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

interface Counter {
  key: string;
  policy: LockoutPolicy;
}

/**
 * Checks a name and password. Counted per name (typed, whether or not a user has it) and per client
 * address; while either is locked the password is not even checked. An unknown name costs one argon2
 * verify like a known one, so neither the answer nor its time tells which names exist. A password whose
 * hash has older parameters is hashed again.
 */
export async function signIn(
  database: Database,
  attempt: { name: string; password: string; address: string },
  now: number,
): Promise<SignInResult> {
  const counters: Counter[] = [
    { key: `name:${normalizeUserName(attempt.name).slice(0, 100)}`, policy: accountLockout },
    { key: `address:${attempt.address}`, policy: addressLockout },
  ];
  const counts = await Promise.all(counters.map((counter) => readFailureCount(database, counter.key)));
  const remaining = Math.max(...counters.map((c, i) => lockRemainingMs(counts[i], now, c.policy)));
  if (remaining > 0) return { ok: false, reason: 'locked', retryAfterMs: remaining };

  const user = await findUserByName(database, attempt.name);
  const stored = user?.disabled_at === null ? user.password_hash : null;
  const matches =
    stored !== null && stored !== undefined
      ? await verifyPassword(stored, attempt.password)
      : await verifyAgainstNothing(attempt.password);
  if (!matches || !user) {
    let lockedFor = 0;
    for (const [i, counter] of counters.entries()) {
      const next = afterFailure(counts[i], now, counter.policy);
      await writeFailureCount(database, counter.key, next);
      lockedFor = Math.max(lockedFor, lockRemainingMs(next, now, counter.policy));
    }
    return { ok: false, reason: 'wrong', lockedForMs: lockedFor };
  }
  // Only the name's counter: one good password must not clear an address that is guessing at others.
  await clearFailureCount(database, counters[0]!.key);
  if (needsRehash(stored!)) {
    const rehashed = await hashPassword(attempt.password);
    await database.db
      .updateTable('users')
      .set({ password_hash: rehashed })
      .where('id', '=', user.id)
      .where('password_hash', '=', stored!)
      .execute();
  }
  return { ok: true, user };
}
