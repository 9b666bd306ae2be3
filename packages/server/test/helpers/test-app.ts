import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, type AppOverrides, createApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Dialect } from '../../src/db/open-database.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export const testAdminToken = 'nb_test-admin-token-0123456789abcdef';

export interface TestApp {
  app: App;
  config: Config;
  testDatabase: TestDatabase;
  /** Requests through Fastify's inject() with the admin token. */
  api<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database of the given dialect. `env` adds or overrides settings (the same names
 * as in production). Outbound requests may reach 127.0.0.0/8, where the tests' sinks listen.
 */
export async function startTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'nb-app-'));
  const loaded = loadConfig({
    NB_DATA_DIR: dataDir,
    NB_ADMIN_TOKEN: testAdminToken,
    NB_LOG_LEVEL: 'silent',
    NB_ALLOW_PRIVATE: '127.0.0.0/8',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  const config: Config = { ...loaded, database: testDatabase.settings };
  const app = await createApp(config, overrides);
  return {
    app,
    config,
    testDatabase,
    async api<T>(method: string, url: string, body?: unknown) {
      const response = await app.http.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${testAdminToken}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, body: (response.body ? response.json() : undefined) as T };
    },
    async close() {
      await app.close();
      await testDatabase.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Another node of the same deployment: the same database and data directory (so the same secret key), as a
 * second process would run. Close it yourself; the database stays with `of`.
 */
export async function startAnotherNode(of: TestApp, overrides: AppOverrides = {}): Promise<App> {
  return createApp(of.config, overrides);
}
