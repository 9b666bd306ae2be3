import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's first recommendation (19 MiB, 2 passes, 1 lane). The parameters go into the PHC
 * string with the hash, so raising them later only needs `needsRehash` at the next sign-in. The library's
 * async functions run on libuv's thread pool, off the event loop (15–25 ms per hash on
 * 2 cores: `npx node bench/password-hash.ts`).
 */
export const passwordParameters = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

// The library's Algorithm is a const enum, which type stripping cannot inline: Algorithm.Argon2id is 2.
export const argon2id = 2 as Algorithm.Argon2id;

export const minPasswordLength = 12;
/** argon2 takes any length, but a megabyte of "password" is only a way to burn our CPU. */
export const maxPasswordLength = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id, ...passwordParameters });
}

/** False for a wrong password and for a stored value that is not an argon2 hash at all; never throws. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** What is wrong with a new password, in words for the user; undefined when it will do. */
export function passwordProblem(password: string): string | undefined {
  // Counted in code points: a password of emoji is as long as it looks.
  const length = [...password].length;
  if (length < minPasswordLength)
    return `the password must be at least ${minPasswordLength} characters long (it has ${length})`;
  if (length > maxPasswordLength) return `the password must be at most ${maxPasswordLength} characters long`;
  return undefined;
}

/**
 * Whether a stored hash was made with weaker settings than today's (another algorithm, less memory, fewer
 * passes): then the password just verified is hashed again. An unreadable value also counts as old.
 */
export function needsRehash(stored: string): boolean {
  const match = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!match) return true;
  const [, algorithm, version, memory, time, lanes] = match;
  return (
    algorithm !== 'argon2id' ||
    Number(version) < 19 ||
    Number(memory) < passwordParameters.memoryCost ||
    Number(time) < passwordParameters.timeCost ||
    Number(lanes) !== passwordParameters.parallelism
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of nothing anyone knows, verified against when the name is unknown, so an unknown user costs
 * the same time as a wrong password and the answer time does not tell which names exist.
 */
export function verifyAgainstNothing(password: string): Promise<boolean> {
  dummyHash ??= hashPassword(`no user ${randomBytes(16).toString('hex')}`);
  return dummyHash.then((stored) => verifyPassword(stored, password)).then(() => false);
}
