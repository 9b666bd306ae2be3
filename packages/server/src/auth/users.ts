import type { Selectable } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { UsersTable } from '../db/schema.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import {
  canonicalLocale,
  localeProblem,
  normalizeUserName,
  timeZoneProblem,
  userNameProblem,
} from './user-fields.ts';

export type Role = 'admin' | 'member';
export type UserRow = Selectable<UsersTable>;

export interface NewUser {
  name: string;
  role: Role;
  password: string;
  displayName?: string | undefined;
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/** What anyone may see of a user: never the password hash, not even whether one is set. */
export interface UserView {
  id: string;
  name: string;
  displayName: string;
  role: Role;
  locale: string | null;
  timeZone: string | null;
  disabled: boolean;
  createdAt: string;
}

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name ?? row.name,
    role: row.role,
    locale: row.locale,
    timeZone: row.time_zone,
    disabled: row.disabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function invalidField(path: string, message: string): BridgeError {
  return new BridgeError('NB_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

/** The user's own fields checked and put in stored form; the first problem is a 400 naming its field. */
export function checkedProfile(fields: {
  name?: string | undefined;
  password?: string | undefined;
  locale?: string | null | undefined;
  timeZone?: string | null | undefined;
}): { name?: string; locale?: string | null } {
  const problems: [string, string | undefined][] = [
    ['/name', fields.name === undefined ? undefined : userNameProblem(fields.name)],
    ['/password', fields.password === undefined ? undefined : passwordProblem(fields.password)],
    ['/locale', typeof fields.locale === 'string' ? localeProblem(fields.locale) : undefined],
    ['/timeZone', typeof fields.timeZone === 'string' ? timeZoneProblem(fields.timeZone) : undefined],
  ];
  for (const [path, problem] of problems) if (problem) throw invalidField(path, problem);
  return {
    ...(fields.name === undefined ? {} : { name: normalizeUserName(fields.name) }),
    ...(fields.locale === undefined
      ? {}
      : { locale: fields.locale === null ? null : canonicalLocale(fields.locale)! }),
  };
}

/** A new user with a password; a name in use is a 409 and leaves no row. */
export async function createUser(database: Database, user: NewUser, now: number): Promise<UserRow> {
  const checked = checkedProfile(user);
  const row: UserRow = {
    id: newId(),
    name: checked.name!,
    role: user.role,
    created_at: now,
    display_name: user.displayName?.trim() || null,
    locale: checked.locale ?? null,
    time_zone: user.timeZone ?? null,
    password_hash: await hashPassword(user.password),
    disabled_at: null,
  };
  try {
    await database.db.insertInto('users').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameInUse(row.name);
    throw error;
  }
  return row;
}

export function nameInUse(name: string): BridgeError {
  return new BridgeError('NB_ERR_CONFLICT', `the user name "${name}" is taken; choose another`);
}

export async function findUserByName(database: Database, name: string): Promise<UserRow | undefined> {
  return database.db
    .selectFrom('users')
    .selectAll()
    .where('name', '=', normalizeUserName(name))
    .executeTakeFirst();
}

export async function findUser(database: Database, id: string): Promise<UserRow | undefined> {
  return database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
