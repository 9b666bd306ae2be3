import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.ts';
import { readFixture } from '../../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

const secret = 'gitea-webhook-secret-0123';
const pushBody = readFixture('gitea/push.json');

describe.each(testDialects)('Gitea and Forgejo webhooks on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  const sources: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    for (const kind of ['gitea', 'forgejo']) {
      const created = await t.api<{ id: string }>('POST', '/api/v1/sources', {
        kind,
        name: kind,
        config: { secret },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      sources[kind] = created.body.id;
    }
  });
  afterAll(() => t.close());

  const post = (sourceId: string, headers: Record<string, string>, body: Buffer = pushBody) =>
    fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { id: string; duplicate: boolean; error?: { code: string } },
    }));

  const sign = (body: Buffer, key = secret) => createHmac('sha256', key).update(body).digest('hex');
  const eventsOf = async (sourceId: string) =>
    t.app.database.db
      .selectFrom('events')
      .select(['id', 'type', 'title'])
      .where('source_id', '=', sourceId)
      .execute();

  it('stores a signed push as a push event, and its redelivery as a duplicate', async () => {
    const delivery = randomUUID();
    const headers = {
      'x-gitea-event': 'push',
      'x-gitea-delivery': delivery,
      'x-gitea-signature': sign(pushBody),
    };
    const first = await post(sources.gitea!, headers);
    expect(first.status).toBe(202);
    const again = await post(sources.gitea!, headers);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });
    const events = await eventsOf(sources.gitea!);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'push',
      title: expect.stringMatching(/^gogits\/hello-world: unknwon pushed/),
    });
  });

  it('takes Forgejo headers', async () => {
    const response = await post(sources.forgejo!, {
      'x-forgejo-event': 'push',
      'x-forgejo-delivery': randomUUID(),
      'x-forgejo-signature': sign(pushBody),
    });
    expect(response.status).toBe(202);
    expect(await eventsOf(sources.forgejo!)).toHaveLength(1);
  });

  it.each([
    [
      'a wrong signature',
      () => ({ 'x-gitea-event': 'push', 'x-gitea-signature': sign(pushBody, 'another-secret-0123456') }),
    ],
    ['a missing signature', () => ({ 'x-gitea-event': 'push' })],
  ])('refuses %s with 401 and stores nothing', async (_name, headers) => {
    const before = (await eventsOf(sources.gitea!)).length;
    const response = await post(sources.gitea!, { ...headers(), 'x-gitea-delivery': randomUUID() });
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('NB_ERR_SIGNATURE');
    expect(await eventsOf(sources.gitea!)).toHaveLength(before);
  });
});
