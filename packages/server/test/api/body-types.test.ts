import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/** A body is JSON the sender typed: the API takes its values as sent or refuses them, never converts them. */
describe.each(testDialects)('request bodies keep their JSON types on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('refuses 0 for a nullable count instead of storing null, and a string for a number', async () => {
    const zero = await t.api('POST', '/api/v1/rules', { name: 'zero', maxAttempts: 0 });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain('maxAttempts');
    const text = await t.api('POST', '/api/v1/rules', { name: 'text', maxAttempts: '3' });
    expect(text.status).toBe(400);
    const flag = await t.api('POST', '/api/v1/rules', { name: 'flag', enabled: 'false' });
    expect(flag.status).toBe(400);
    const listed = await t.api<{ items: { name: string }[] }>('GET', '/api/v1/rules');
    expect(listed.body.items.map((rule) => rule.name)).toEqual([]);
  });

  it('still reads numbers in a query string, which is text', async () => {
    const page = await t.api<{ items: unknown[] }>('GET', '/api/v1/rules?limit=5');
    expect(page.status).toBe(200);
  });
});
