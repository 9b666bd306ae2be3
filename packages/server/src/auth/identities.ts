import type { Database } from '../db/open-database.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { newId } from '../ids.ts';
import { normalizeUserName, userNameProblem } from './user-fields.ts';
import { findUser, type Role, type UserRow } from './users.ts';

/**
 * Users who sign in through someone else — an OpenID Connect issuer, a trusted reverse proxy — linked by
 * (issuer, subject), never by name: a person called "alice" at the issuer is not the local "alice" unless
 * the link says so. The first sign-in makes the user, named after what the issuer calls them, with a
 * number added when that name is taken; later sign-ins find them by the link.
 */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  /** What the issuer calls them (preferred_username, Remote-User). */
  preferredName: string | undefined;
  displayName: string | undefined;
  /** The role their groups give now. */
  role: Role;
}

export interface LinkedUser {
  user: UserRow;
  created: boolean;
  /** The role was changed to the one the groups give now. */
  previousRole: Role | undefined;
}

/** last_seen_at is for people; a proxy's every request need not write it. */
const touchEveryMs = 60_000;

export async function linkedUser(
  database: Database,
  identity: ExternalIdentity,
  now: number,
): Promise<LinkedUser> {
  const link = await findLink(database, identity);
  const known = link ? await findUser(database, link.user_id) : undefined;
  if (!known) {
    return { user: await createLinkedUser(database, identity, now), created: true, previousRole: undefined };
  }
  const newRole = known.role !== identity.role && known.disabled_at === null ? identity.role : undefined;
  if (newRole || now - link!.last_seen_at >= touchEveryMs) {
    await database.db.transaction().execute(async (trx) => {
      if (newRole) await trx.updateTable('users').set({ role: newRole }).where('id', '=', known.id).execute();
      await trx
        .updateTable('user_identities')
        .set({ last_seen_at: now })
        .where('issuer', '=', identity.issuer)
        .where('subject', '=', identity.subject)
        .execute();
    });
  }
  return {
    user: newRole ? { ...known, role: newRole } : known,
    created: false,
    previousRole: newRole ? known.role : undefined,
  };
}

function findLink(database: Database, identity: ExternalIdentity) {
  return database.db
    .selectFrom('user_identities')
    .select(['user_id', 'last_seen_at'])
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .executeTakeFirst();
}

/** Tries the name, then name-2, name-3 ...: two people may share a name at two issuers. */
async function createLinkedUser(
  database: Database,
  identity: ExternalIdentity,
  now: number,
): Promise<UserRow> {
  const base = baseName(identity);
  for (let attempt = 1; attempt <= 50; attempt++) {
    const name = attempt === 1 ? base : `${base.slice(0, 60)}-${attempt}`;
    const user: UserRow = {
      id: newId(),
      name,
      role: identity.role,
      created_at: now,
      display_name: identity.displayName?.trim().slice(0, 200) || null,
      locale: null,
      time_zone: null,
      password_hash: null,
      disabled_at: null,
    };
    try {
      await database.db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(user).execute();
        await trx
          .insertInto('user_identities')
          .values({
            issuer: identity.issuer,
            subject: identity.subject,
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
          })
          .execute();
      });
      return user;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same person signing in twice at once: the other request made the link; use it.
      const raced = await linkOwner(database, identity);
      if (raced) return raced;
    }
  }
  throw new Error(`no free user name from "${base}" after 50 tries`);
}

async function linkOwner(database: Database, identity: ExternalIdentity): Promise<UserRow | undefined> {
  const link = await findLink(database, identity);
  return link ? findUser(database, link.user_id) : undefined;
}

/** The issuer's name for them if it makes a valid user name, else one made of the subject. */
function baseName(identity: ExternalIdentity): string {
  const preferred = identity.preferredName === undefined ? '' : normalizeUserName(identity.preferredName);
  if (preferred && userNameProblem(preferred) === undefined) return preferred.slice(0, 60);
  const fromSubject = normalizeUserName(identity.subject).replace(/[^a-z0-9._@-]/g, '-');
  const name = `sso-${fromSubject}`.slice(0, 60);
  return userNameProblem(name) === undefined ? name : `sso-${newId().toLowerCase()}`;
}
