import { firstAdmin } from './auth/first-admin.ts';
import type { Database } from './db/open-database.ts';
import type { Clock } from './domain/clock.ts';
import { newId } from './ids.ts';
import { displayPrefix, generateApiToken, hashApiToken } from './security/api-tokens.ts';
import type { TokenScope } from './security/token-scopes.ts';
import { bridgeSource } from './sources/bridge/index.ts';

export interface Bootstrap {
  adminUserId: string;
  bridgeSourceId: string;
  /** Set only on the start that created the first admin token: the one time it can be shown. */
  createdAdminToken?: string;
}

/**
 * The rows every installation has: the first admin user (nobody can sign in as it until it is given a
 * name and password at setup), the built-in `bridge` source, and an admin API
 * token with the `admin` scope (the one from NB_ADMIN_TOKEN, or a new one shown once). Safe to run on every start and on many
 * nodes at once: each insert tolerates a concurrent twin.
 */
export async function bootstrap(database: Database, clock: Clock, adminToken?: string): Promise<Bootstrap> {
  const { db } = database;
  const now = clock.now();
  // The first admin keeps its id when someone names it at setup (auth/first-admin.ts), so it is found as
  // the oldest admin, not by the name it started with.
  let admin = await firstAdmin(database);
  if (!admin) {
    await db
      .insertInto('users')
      .values({ id: newId(), name: 'admin', role: 'admin', created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    admin = await firstAdmin(database);
    if (!admin) throw new Error('no admin user: the user "admin" exists but is not an admin; make it one');
  }

  let bridge = await db
    .selectFrom('sources')
    .select('id')
    .where('kind', '=', bridgeSource.kind)
    .orderBy('id')
    .executeTakeFirst();
  if (!bridge) {
    bridge = { id: newId() };
    await db
      .insertInto('sources')
      .values({
        id: bridge.id,
        owner_id: admin.id,
        kind: bridgeSource.kind,
        name: 'notify-bridge',
        config: '{}',
        enabled: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  let createdAdminToken: string | undefined;
  if (adminToken) {
    await insertToken(database, admin.id, adminToken, 'NB_ADMIN_TOKEN', now, ['admin']);
  } else {
    const existing = await db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', admin.id)
      .executeTakeFirst();
    if (!existing) {
      createdAdminToken = generateApiToken();
      await insertToken(database, admin.id, createdAdminToken, 'first start', now, ['admin']);
    }
  }
  return {
    adminUserId: admin.id,
    bridgeSourceId: bridge.id,
    ...(createdAdminToken ? { createdAdminToken } : {}),
  };
}

export async function insertToken(
  database: Database,
  userId: string,
  token: string,
  name: string,
  now: number,
  scopes: readonly TokenScope[],
): Promise<string> {
  const id = newId();
  await database.db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: userId,
      name,
      prefix: displayPrefix(token),
      token_hash: hashApiToken(token),
      scopes: JSON.stringify(scopes),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      expires_at: null,
    })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
  return id;
}
