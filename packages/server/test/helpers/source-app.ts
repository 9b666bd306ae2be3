import { expect } from 'vitest';
import type { Dialect } from '../../src/db/open-database.ts';
import { startTestApp, type TestApp } from './test-app.ts';

/** The real app listening on a random port, with one source created through the API. */
export async function startSourceApp(
  dialect: Dialect,
  source: { kind: string; name: string; config: Record<string, unknown> },
  env: Record<string, string> = {},
): Promise<{ t: TestApp; baseUrl: string; sourceId: string }> {
  const t = await startTestApp(dialect, env);
  const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  const created = await t.api<{ id: string }>('POST', '/api/v1/sources', source);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { t, baseUrl, sourceId: created.body.id };
}

/** The newest stored event of a source. */
export async function lastEvent(t: TestApp, sourceId: string) {
  const rows = await t.app.database.db
    .selectFrom('events')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  return rows[0];
}

export async function eventCount(t: TestApp, sourceId: string): Promise<number> {
  const rows = await t.app.database.db
    .selectFrom('events')
    .select('id')
    .where('source_id', '=', sourceId)
    .execute();
  return rows.length;
}
