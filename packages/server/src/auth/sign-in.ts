import type { Database } from '../db/open-database.ts';
import { accountLockout, addressLockout, lockRemainingMs } from '../domain/sign-in-lockout.ts';
import { type Counter, reserveAttempt, settleSuccess } from './lockout-store.ts';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { normalizeUserName } from './user-fields.ts';
import { findUserByName, type UserRow } from './users.ts';

/** The failed sign-in counter of a name, typed or a user's. */
export function nameCounterKey(name: string): string {
  return `name:${normalizeUserName(name).slice(0, 100)}`;
}

export type SignInResult =
  | { ok: true; user: UserRow }
  /**
   * Unknown name, wrong password, no password set or a disabled user: one answer for all of them.
   * `lockedForMs` > 0 when this failure locked the name or the address (the caller logs it).
   */
  | {
      ok: false;
      reason: 'wrong';
      lockedForMs: number;
      /** The user the name belongs to, when one does (for the audit log, never for the answer). */
      userId?: string;
    }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

/**
 * Checks a name and password. Counted per name (typed, whether or not a user has it) and per client
 * address, as a failure until the password proves right; while either is locked the password is not even
 * checked. An unknown name costs one argon2
 * verify like a known one, so neither the answer nor its time tells which names exist. A password whose
 * hash has older parameters is hashed again.
 */
export async function signIn(
  database: Database,
  attempt: { name: string; password: string; address: string },
  now: number,
): Promise<SignInResult> {
  const counters: Counter[] = [
    { key: nameCounterKey(attempt.name), policy: accountLockout },
    { key: `address:${attempt.address}`, policy: addressLockout },
  ];
  const reservation = await reserveAttempt(database, counters, now);
  if (reservation.locked) return { ok: false, reason: 'locked', retryAfterMs: reservation.retryAfterMs };

  const user = await findUserByName(database, attempt.name);
  const stored = user?.disabled_at === null ? user.password_hash : null;
  const matches =
    stored !== null && stored !== undefined
      ? await verifyPassword(stored, attempt.password)
      : await verifyAgainstNothing(attempt.password);
  if (!matches || !user) {
    // Counted already; this failure may have started a lock.
    const lockedForMs = Math.max(
      ...counters.map((c, i) => lockRemainingMs(reservation.after[i], now, c.policy)),
    );
    return { ok: false, reason: 'wrong', lockedForMs, ...(user ? { userId: user.id } : {}) };
  }
  await settleSuccess(database, counters[0]!.key, {
    key: counters[1]!.key,
    before: reservation.before[1],
    after: reservation.after[1]!,
  });
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
