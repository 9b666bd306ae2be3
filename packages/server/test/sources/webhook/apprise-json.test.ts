import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

describe.each(testDialects)('the generic webhook source and Apprise json:// on %s', (dialect) => {
  const secret = 'json-hook-secret-0123456';
  let t: TestApp;
  let port: string;
  let sourceId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    port = new URL(await t.app.listen()).port;
    const created = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'apprise json',
      config: { auth: { mode: 'basic', username: 'apprise' }, secret },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    sourceId = created.body.id;
  });
  afterAll(() => t.close());

  it("maps Apprise's JSON payload (title, message, type) with basic auth", async () => {
    const apprise = '/usr/bin/apprise';
    if (!existsSync(apprise))
      throw new Error(`${apprise} is missing: apt-get install apprise (.ci/run does)`);
    const url = `json://apprise:${secret}@127.0.0.1:${port}/hooks/${sourceId}`;
    const child = spawn(apprise, ['-t', 'Nightly job', '-b', 'finished without errors', url], {
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    const events = await t.app.database.db
      .selectFrom('events')
      .select(['title', 'body'])
      .where('source_id', '=', sourceId)
      .execute();
    expect(events).toEqual([{ title: 'Nightly job', body: 'finished without errors' }]);
  });
});
