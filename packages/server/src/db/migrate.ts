import { type MigrationResult, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './open-database.ts';

export interface MigrationReport {
  applied: string[];
  error?: { migration: string | undefined; message: string };
}

/** Brings the schema up to date. Returns what ran rather than throwing, so callers can report it. */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const migrator = createMigrator(database);
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error === undefined) return { applied };
  const failed = (results ?? []).find((r: MigrationResult) => r.status === 'Error');
  return { applied, error: { migration: failed?.migrationName, message: errorMessage(error) } };
}

/** Names of migrations the code knows but the database has not run. Empty means ready. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const migrations = await createMigrator(database).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

function createMigrator(database: Database): Migrator {
  return new Migrator({
    db: database.db,
    provider: migrationProvider,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
