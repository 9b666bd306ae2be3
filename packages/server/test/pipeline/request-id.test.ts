import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;

type LogLine = Record<string, unknown> & { msg?: string };

describe.each(testDialects)('request and dispatch ids on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
    });
    t = await startTestApp(dialect, { NB_POLL_INTERVAL_MS: '50' }, { logger });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  });
  afterAll(() => t.close());

  const linesOf = (reqId: string) => lines.filter((line) => line.reqId === reqId);

  function inject(requestId: string, url = '/api/v1/sources') {
    return t.app.http.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${testAdminToken}`, 'x-request-id': requestId },
    });
  }

  it('echoes a sane X-Request-Id and logs every line of the request with it', async () => {
    const response = await fetch(`${baseUrl}/api/v1/sources`, {
      headers: { authorization: `Bearer ${testAdminToken}`, 'x-request-id': 'abc-123' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    const logged = linesOf('abc-123');
    expect(logged.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'request completed']),
    );
    // The bearer token is redacted from the request line.
    expect(JSON.stringify(logged)).not.toContain(testAdminToken);
  });

  it('keeps ids with the characters other tracers use, up to 64 of them', async () => {
    for (const id of ['01J9Z3.trace:span-ok-1', 'a'.repeat(64)]) {
      const response = await inject(id);
      expect(response.headers['x-request-id']).toBe(id);
      expect(linesOf(id).length).toBeGreaterThan(0);
    }
  });

  it('gives each request without an id a fresh ULID', async () => {
    const [first, second] = [await inject(''), await t.app.http.inject({ method: 'GET', url: '/healthz' })];
    const ids = [first.headers['x-request-id'], second.headers['x-request-id']];
    for (const id of ids) expect(id).toMatch(ulid);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it.each([
    ['a header-splitting value', 'x\r\nevil'],
    ['a 200-character value', 'a'.repeat(200)],
    ['a value with spaces', 'abc 123'],
    ['a value with a log-forging quote', 'abc","level":60'],
  ])('replaces %s with a generated ULID', async (_what, hostile) => {
    const response = await inject(hostile);
    const id = response.headers['x-request-id'] as string;
    expect(id).toMatch(ulid);
    expect(linesOf(id).length).toBeGreaterThan(0);
    expect(lines.some((line) => JSON.stringify(line).includes(hostile))).toBe(false);
  });

  it('puts the request id into error bodies', async () => {
    const notFound = await inject('req-404', '/api/v1/sources/01J00000000000000000000000');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error).toMatchObject({ code: 'NB_ERR_NOT_FOUND', requestId: 'req-404' });

    const noRoute = await inject('req-no-route', '/api/v1/nothing-here');
    expect(noRoute.json().error).toMatchObject({ code: 'NB_ERR_NOT_FOUND', requestId: 'req-no-route' });

    const unauthorized = await t.app.http.inject({
      method: 'GET',
      url: '/api/v1/sources',
      headers: { 'x-request-id': 'req-401' },
    });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['x-request-id']).toBe('req-401');
    expect(unauthorized.json().error).toMatchObject({ code: 'NB_ERR_UNAUTHORIZED', requestId: 'req-401' });

    const hookMiss = await fetch(`${baseUrl}/hooks/01J00000000000000000000000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await hookMiss.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toBe(hookMiss.headers.get('x-request-id'));
    expect(body.error.requestId).toMatch(ulid);
  });

  it('gives the log lines of one delivery one dispatchId, the one stored on its attempt', async () => {
    const sink = await new HttpSink().start();
    try {
      const pipeline = await createPipeline(t, `${sink.url}/hook`);
      const accepted = await postHook(
        baseUrl,
        pipeline.sourceId,
        { title: 'traced' },
        {
          'x-request-id': 'hook-req-1',
        },
      );
      expect(accepted.status).toBe(202);
      expect(linesOf('hook-req-1').length).toBeGreaterThan(0);

      const eventId = accepted.body.id as string;
      const delivery = await eventually(
        async () => {
          const list = await t.api<{ items: { id: string; status: string }[] }>(
            'GET',
            `/api/v1/deliveries?eventId=${eventId}`,
          );
          const [first] = list.body.items;
          return first?.status === 'sent' ? first : undefined;
        },
        15_000,
        'the delivery to be sent',
      );
      const detail = await t.api<{ attempts: { dispatchId: string }[] }>(
        'GET',
        `/api/v1/deliveries/${delivery.id}`,
      );
      expect(detail.body.attempts).toHaveLength(1);
      const stored = detail.body.attempts[0]!.dispatchId;
      expect(stored).toMatch(ulid);

      const logged = await eventually(async () => {
        const found = lines.filter((line) => line.deliveryId === delivery.id);
        return found.some((line) => line.msg === 'delivery attempt finished') ? found : undefined;
      });
      expect(new Set(logged.map((line) => line.dispatchId))).toEqual(new Set([stored]));
      expect(logged.every((line) => line.eventId === eventId)).toBe(true);
      await t.api('DELETE', `/api/v1/rules/${pipeline.ruleId}`);
    } finally {
      await sink.close();
    }
  });
});
