import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { canonicalLocale, userNameProblem } from '../../src/auth/user-fields.ts';
import { createUser, findUserByName, userView } from '../../src/auth/users.ts';
import { BridgeError } from '../../src/errors.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

describe('user fields', () => {
  it('takes names of letters, digits and ._@- in any case, stored lower case', () => {
    for (const ok of ['alice', 'Alice', 'a.b_c-d', 'me@example.org', '7of9'])
      expect(userNameProblem(ok), ok).toBeUndefined();
    for (const bad of ['', ' ', '-lead', '.dot', 'has space', 'ü', 'x'.repeat(65), 'semi;colon'])
      expect(userNameProblem(bad), bad).toMatch(/1 to 64 letters/);
  });

  it('canonicalises locales and refuses what is not a language tag', () => {
    expect(canonicalLocale('de-ch')).toBe('de-CH');
    expect(canonicalLocale('EN')).toBe('en');
    expect(canonicalLocale('not a locale')).toBeUndefined();
  });
});

describe.each(testDialects)('users on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
  });
  afterAll(() => test.drop());

  it('stores a new user with an argon2id hash, never the password, and shows no hash', async () => {
    const row = await createUser(
      test.database,
      {
        name: 'Alice',
        role: 'member',
        password: 'correct horse battery',
        displayName: ' Alice A. ',
        locale: 'de-ch',
        timeZone: 'Europe/Zurich',
      },
      1_000,
    );
    const stored = await findUserByName(test.database, 'ALICE');
    expect(stored?.id).toBe(row.id);
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored!.password_hash!, 'correct horse battery')).toBe(true);
    const view = userView(stored!);
    expect(view).toEqual({
      id: row.id,
      name: 'alice',
      displayName: 'Alice A.',
      role: 'member',
      locale: 'de-CH',
      timeZone: 'Europe/Zurich',
      disabled: false,
      createdAt: '1970-01-01T00:00:01.000Z',
    });
    expect(JSON.stringify(view)).not.toMatch(/argon|horse/);
  });

  it('refuses a taken name (in any case), a short password, a bad zone or locale, leaving no row', async () => {
    const count = async () =>
      Number(
        (
          await test.database.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const attempts: [Parameters<typeof createUser>[1], string, string][] = [
      [{ name: 'ALICE', role: 'member', password: 'correct horse battery' }, 'NB_ERR_CONFLICT', 'taken'],
      [{ name: 'bob', role: 'member', password: 'short' }, 'NB_ERR_VALIDATION', '/password'],
      [
        { name: 'bob', role: 'member', password: 'x'.repeat(12), timeZone: 'Mars/Base' },
        'NB_ERR_VALIDATION',
        '/timeZone',
      ],
      [
        { name: 'bob', role: 'member', password: 'x'.repeat(12), locale: '??' },
        'NB_ERR_VALIDATION',
        '/locale',
      ],
      [{ name: 'no spaces', role: 'member', password: 'x'.repeat(12) }, 'NB_ERR_VALIDATION', '/name'],
    ];
    for (const [user, code, text] of attempts) {
      const error = await createUser(test.database, user, 2_000).catch((e: unknown) => e);
      expect(error, JSON.stringify(user)).toBeInstanceOf(BridgeError);
      expect((error as BridgeError).code).toBe(code);
      expect((error as BridgeError).message).toContain(text);
    }
    expect(await count()).toBe(before);
  });
});
