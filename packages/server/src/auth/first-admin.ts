import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/open-database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { BridgeError } from '../errors.ts';
import { recordAudit } from './audit-log.ts';
import { hashPassword } from './passwords.ts';
import { checkedProfile, nameInUse, type UserRow, userView } from './users.ts';

/**
 * The first run. Every installation has a first admin from its first start (it owns the built-in bridge
 * source and the first admin API token), but nobody can sign in as it until someone chooses its name and
 * password: through the one-time setup link the server prints, or `notify-bridge user create --admin`.
 * Taking it over, rather than making a second admin, keeps the old admin token and the bridge source with
 * the person who set the server up.
 */

/** How long a printed setup link works. */
export const setupTokenTtlMs = 60 * 60 * 1000;
export const setupTokenPrefix = 'nbs_';

export function hashSetupToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The oldest admin: the one bootstrap made on the first start. */
export async function firstAdmin(database: Database): Promise<UserRow | undefined> {
  return database.db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', 'admin')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Whether anyone can sign in yet: while nobody can, the server offers a setup link. */
export async function anyoneCanSignIn(database: Database): Promise<boolean> {
  const row = await database.db
    .selectFrom('users')
    .select('id')
    .where('password_hash', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A new one-time setup token (256 random bits), valid for an hour, when nobody can sign in yet; undefined
 * otherwise. Only its SHA-256 is stored, so the database never holds a usable link; each node that starts
 * unclaimed stores its own, and any of them works on any node.
 */
export async function issueSetupToken(database: Database, now: number): Promise<string | undefined> {
  if (await anyoneCanSignIn(database)) return undefined;
  const token = `${setupTokenPrefix}${randomBytes(32).toString('base64url')}`;
  await database.db.deleteFrom('setup_tokens').where('expires_at', '<=', now).execute();
  await database.db
    .insertInto('setup_tokens')
    .values({ token_hash: hashSetupToken(token), created_at: now, expires_at: now + setupTokenTtlMs })
    .execute();
  return token;
}

export interface FirstAdminProfile {
  name: string;
  password: string;
  displayName?: string | undefined;
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/**
 * Gives the first admin its name and password. With a setup token, the token must be one of the stored,
 * unexpired ones, and nobody else may be able to sign in yet (the CLI passes none: whoever runs it can
 * open the database anyway). Only while the first admin has no password: the update is guarded on the admin still having no password, so of two racing setups one
 * wins and the other is told setup is done. Every setup token goes with it.
 */
export async function claimFirstAdmin(
  database: Database,
  profile: FirstAdminProfile,
  now: number,
  setupToken?: string,
): Promise<UserRow> {
  const checked = checkedProfile(profile);
  const passwordHash = await hashPassword(profile.password);
  const admin = await firstAdmin(database);
  const done = new BridgeError(
    'NB_ERR_CONFLICT',
    'setup is done: the first admin has a password already; sign in, or ask an admin for an account',
  );
  if (!admin) throw done;
  try {
    return await database.db.transaction().execute(async (trx) => {
      if (setupToken !== undefined) {
        const stored = await trx
          .selectFrom('setup_tokens')
          .select('expires_at')
          .where('token_hash', '=', hashSetupToken(setupToken))
          .executeTakeFirst();
        if (!stored || stored.expires_at <= now) {
          throw new BridgeError(
            'NB_ERR_UNAUTHORIZED',
            'the setup link is unknown or has expired (it works for 1 hour); restart the server for a new one, or run "notify-bridge user create --admin NAME"',
          );
        }
      }
      const claimed = {
        name: checked.name!,
        password_hash: passwordHash,
        display_name: profile.displayName?.trim() || null,
        locale: checked.locale ?? null,
        time_zone: profile.timeZone ?? null,
      };
      const result = await trx
        .updateTable('users')
        .set(claimed)
        .where('id', '=', admin.id)
        .where('password_hash', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw done;
      // A link is for a server nobody can sign in to; an admin token may have made users meanwhile.
      if (setupToken !== undefined && (await anyoneElseCanSignIn(trx, admin.id))) throw done;
      await trx.deleteFrom('setup_tokens').execute();
      const user = { ...admin, ...claimed };
      await recordAudit(
        trx,
        now,
        { userId: admin.id, via: setupToken === undefined ? 'cli' : 'setup', address: null },
        { action: 'user.setup', resourceType: 'user', resourceId: admin.id, after: { ...userView(user) } },
      );
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameInUse(checked.name!);
    throw error;
  }
}

async function anyoneElseCanSignIn(trx: Database['db'], adminId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('users')
    .select('id')
    .where('password_hash', 'is not', null)
    .where('id', '!=', adminId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
