import { existsSync } from 'node:fs';
import type { Config } from '../config.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { type Database, openDatabase } from '../db/open-database.ts';
import { CliError } from './cli-error.ts';

/**
 * The server's database, for commands that only read or add rows (`token create`). It is never created
 * here: run from another directory, a relative NB_DATA_DIR names a folder with no database, and a fresh one
 * made there would take the token while the running server never sees it.
 */
export async function openExistingDatabase(command: string, config: Config): Promise<Database> {
  const pointAt =
    'set NB_DATA_DIR (or DATABASE_URL) to the server\'s, or run "notify-bridge migrate" to create one';
  if (!config.database.url && !existsSync(config.database.sqlitePath)) {
    throw new CliError(`${command}: no database at ${config.database.sqlitePath}; ${pointAt}`);
  }
  const database = openDatabase(config.database);
  const where = config.database.url
    ? `the PostgreSQL database of DATABASE_URL${config.database.postgresSchema ? ` (schema ${config.database.postgresSchema})` : ''}`
    : config.database.sqlitePath;
  try {
    const pending = await pendingMigrations(database).catch((error: Error) => {
      throw new CliError(
        `${command}: cannot read ${where}: ${error.message || (error as NodeJS.ErrnoException).code}`,
      );
    });
    if (pending.length > 0) {
      if (pending[0] === '0001-initial') {
        throw new CliError(`${command}: ${where} has no notify-bridge tables; ${pointAt}`);
      }
      throw new CliError(
        `${command}: ${where} is not up to date (${pending.length} migrations pending); ` +
          'start the server of this version once, or run "notify-bridge migrate"',
      );
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
