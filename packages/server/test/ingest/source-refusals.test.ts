import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { refusalIsDue, refusalWriteIntervalMs } from '../../src/ingest/source-refusals.ts';
import { createMember } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface Refusal {
  code: string;
  message: string;
  at: string;
}

describe('when a refusal is written', () => {
  it('writes the first, then at most one an interval', () => {
    expect(refusalIsDue(undefined, 0)).toBe(true);
    expect(refusalIsDue(1_000, 1_000)).toBe(false);
    expect(refusalIsDue(1_000, 1_000 + refusalWriteIntervalMs - 1)).toBe(false);
    expect(refusalIsDue(1_000, 1_000 + refusalWriteIntervalMs)).toBe(true);
  });
});

describe.each(testDialects)("a source's last refused request on %s", (dialect) => {
  const secret = 'the-right-secret-0123456789';
  let t: TestApp;
  let clock: ManualClock;
  let sourceId: string;

  beforeEach(async () => {
    clock = manualClock(Date.parse('2026-12-04T12:00:00Z'));
    t = await startTestApp(dialect, {}, { clock });
    const made = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'nightly',
      config: { auth: { mode: 'bearer' }, secret },
    });
    sourceId = made.body.id;
  });
  afterEach(() => t.close());

  const post = (token: string, body = '{"title":"hi"}', path = `/hooks/${sourceId}`) =>
    t.app.http.inject({
      method: 'POST',
      url: path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: body,
    });
  const lastRefusal = async () =>
    (await t.api<{ lastRefusal: Refusal | null }>('GET', `/api/v1/sources/${sourceId}`)).body.lastRefusal;

  it('shows the last one on the source, its trouble on the dashboard, and keeps at most one an interval', async () => {
    expect(await lastRefusal()).toBeNull();
    expect((await post('a-wrong-secret-0123456789')).statusCode).toBe(401);
    expect(await lastRefusal()).toEqual({
      code: 'NB_ERR_UNAUTHORIZED',
      message: 'The bearer token is wrong.',
      at: '2026-12-04T12:00:00.000Z',
    });
    // On the owner's health stream, so an open page shows it.
    const entries = await t.app.database.db
      .selectFrom('stream_entries')
      .select(['stream', 'type', 'data'])
      .where('type', '=', 'source.refused')
      .execute();
    expect(entries.map((entry) => ({ ...entry, data: JSON.parse(entry.data) }))).toEqual([
      {
        stream: 'health',
        type: 'source.refused',
        data: { sourceId, code: 'NB_ERR_UNAUTHORIZED', message: 'The bearer token is wrong.' },
      },
    ]);
    const stats = await t.api<{ trouble: { kind: string; id: string; reason: string }[] }>(
      'GET',
      '/api/v1/stats',
    );
    expect(stats.body.trouble).toContainEqual(
      expect.objectContaining({ kind: 'source', id: sourceId, reason: 'The bearer token is wrong.' }),
    );

    // A body it cannot read, within the interval: answered, not written.
    clock.advance(refusalWriteIntervalMs - 1);
    expect((await post(secret, '{"title": ')).statusCode).toBe(400);
    expect((await lastRefusal())?.code).toBe('NB_ERR_UNAUTHORIZED');
    clock.advance(1);
    expect((await post(secret, '{"title": ')).statusCode).toBe(400);
    expect(await lastRefusal()).toMatchObject({
      code: 'NB_ERR_MALFORMED_BODY',
      at: '2026-12-04T12:00:10.000Z',
    });

    // An accepted event does not clear it: the page shows both times.
    expect((await post(secret)).statusCode).toBe(202);
    expect((await lastRefusal())?.code).toBe('NB_ERR_MALFORMED_BODY');
    // After the trouble window it is off the dashboard, still on the source.
    clock.advance(61 * 60_000);
    const later = await t.api<{ trouble: { id: string }[] }>('GET', '/api/v1/stats');
    expect(later.body.trouble.map((entry) => entry.id)).not.toContain(sourceId);
  });

  it('keeps nothing for an address with no source, nor for another owner to see', async () => {
    expect((await post('whatever-0123456789', '{}', '/hooks/01JZZZZZZZZZZZZZZZZZZZZZZZ')).statusCode).toBe(
      404,
    );
    const rows = await t.app.database.db
      .selectFrom('sources')
      .select('id')
      .where('last_refusal', 'is not', null)
      .execute();
    expect(rows).toEqual([]);

    expect((await post('a-wrong-secret-0123456789')).statusCode).toBe(401);
    const bob = await createMember(t, 'bob');
    expect((await bob.api('GET', `/sources/${sourceId}`)).status).toBe(404);
    const bobsStats = await bob.api<{ trouble: { id: string }[] }>('GET', '/stats');
    expect(bobsStats.body.trouble.map((entry) => entry.id)).not.toContain(sourceId);
  });
});
