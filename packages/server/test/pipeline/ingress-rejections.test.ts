import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const secret = 'hmac-secret-for-the-tests-0123';

describe.each(testDialects)('ingress rejections on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { NB_MAX_BODY_BYTES: '4096' });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'signed',
      config: { auth: { mode: 'hmac', header: 'x-signature', encoding: 'hex', prefix: 'sha256=' }, secret },
    });
    expect(source.status, JSON.stringify(source.body)).toBe(201);
    sourceId = source.body.id;
  });
  afterAll(() => t.close());

  function sign(body: string): string {
    return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  }

  async function post(path: string, body: string, headers: Record<string, string>) {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });
    return {
      status: response.status,
      body: (await response.json()) as { error?: { code: string; message: string } },
    };
  }

  async function eventCount(): Promise<number> {
    const row = await t.app.database.db
      .selectFrom('events')
      .select(sql<number>`count(*)`.as('n'))
      .where('source_id', '=', sourceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('accepts a correctly signed body', async () => {
    const body = JSON.stringify({ title: 'signed' });
    const response = await post(`/hooks/${sourceId}`, body, {
      'content-type': 'application/json',
      'x-signature': sign(body),
    });
    expect(response.status).toBe(202);
    expect(await eventCount()).toBe(1);
  });

  it.each([
    [
      'a wrong signature',
      () => ({ body: '{"title":"x"}', headers: { 'x-signature': sign('{"title":"y"}') } }),
      401,
      'NB_ERR_SIGNATURE',
    ],
    ['a missing signature', () => ({ body: '{"title":"x"}', headers: {} }), 401, 'NB_ERR_SIGNATURE'],
    [
      'malformed JSON',
      () => ({ body: '{"title":', headers: { 'x-signature': sign('{"title":') } }),
      400,
      'NB_ERR_MALFORMED_BODY',
    ],
    [
      'an oversized body',
      () => {
        const body = JSON.stringify({ title: 'x'.repeat(5000) });
        return { body, headers: { 'x-signature': sign(body) } };
      },
      413,
      'NB_ERR_BODY_TOO_LARGE',
    ],
  ])('answers %s with its 4xx and stores nothing', async (_name, make, status, code) => {
    const before = await eventCount();
    const { body, headers } = make();
    const response = await post(`/hooks/${sourceId}`, body, {
      'content-type': 'application/json',
      ...headers,
    });
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.body.error?.message).not.toContain(secret);
    expect(await eventCount()).toBe(before);
  });

  it('answers an unknown source with 404', async () => {
    const response = await post('/hooks/01NOSUCHSOURCE0000000000000', '{}', {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(404);
    expect(response.body.error?.code).toBe('NB_ERR_NOT_FOUND');
    const events = await t.app.database.db
      .selectFrom('events')
      .select('id')
      .where('source_id', '=', '01NOSUCHSOURCE0000000000000')
      .execute();
    expect(events).toEqual([]);
  });
});
