import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember, createSet } from './api-client.ts';

interface EventPage {
  items: { id: string; title: string; body: string; severity: string; sourceId: string }[];
  nextCursor: string | null;
}

describe.each(testDialects)('searching events (GET /events?q=) on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let alices: Awaited<ReturnType<typeof createSet>>;
  let admins: Awaited<ReturnType<typeof createSet>>;
  const ids: Record<string, string> = {};

  async function ingest(
    sourceId: string,
    key: string,
    fields: { title: string; body: string; type?: string },
  ) {
    const [accepted] = await t.app.ingestor.ingest(sourceId, [
      { type: fields.type ?? 'backup.done', severity: 'info', data: { key }, ...fields },
    ]);
    ids[key] = accepted!.eventId;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
    alice = await createMember(t, 'alice');
    alices = await createSet(alice.api, 'alice');
    admins = await createSet(admin, 'admin');
    await ingest(alices.source, 'aliceDisk', { title: 'Backup failed', body: 'the disk is full on nas' });
    await ingest(alices.source, 'aliceOk', { title: 'Backup finished', body: 'all good', type: 'backup.ok' });
    await ingest(admins.source, 'adminDisk', { title: 'Backup failed', body: 'disk full on the server' });
    await ingest(admins.source, 'adminRussian', { title: 'Резервная копия', body: 'Диск заполнен' });
  });
  afterAll(() => t.close());

  const search = (api: ApiCall, query: string) => api<EventPage>('GET', `/events?${query}`);
  const found = async (api: ApiCall, query: string) => {
    const answer = await search(api, query);
    expect(answer.status, answer.raw).toBe(200);
    return answer.body.items.map((item) => item.id).sort();
  };

  it('finds an event by a word of its body, title or type, every word required', async () => {
    expect(await found(admin, 'q=full')).toEqual([ids.aliceDisk, ids.adminDisk].sort());
    expect(await found(admin, 'q=finished')).toEqual([ids.aliceOk]);
    expect(await found(admin, 'q=ok')).toEqual([ids.aliceOk]);
    expect(await found(admin, 'q=disk%20nas')).toEqual([ids.aliceDisk]);
    expect(await found(admin, 'q=disk%20nothing')).toEqual([]);
    expect(await found(admin, `q=${encodeURIComponent('ДИСК')}`)).toEqual([ids.adminRussian]);
  });

  it("never finds another owner's events for a member, whatever the words", async () => {
    expect(await found(alice.api, 'q=full')).toEqual([ids.aliceDisk]);
    expect(await found(alice.api, 'q=server')).toEqual([]);
    expect(await found(alice.api, `q=${encodeURIComponent('заполнен')}`)).toEqual([]);
    expect(await found(alice.api, `q=full&sourceId=${admins.source}`)).toEqual([]);
  });

  it('combines q with the filters and pages by cursor', async () => {
    expect(await found(admin, `q=backup&sourceId=${alices.source}`)).toEqual(
      [ids.aliceDisk, ids.aliceOk].sort(),
    );
    expect(await found(admin, 'q=backup&type=backup.ok')).toEqual([ids.aliceOk]);
    expect(await found(admin, 'q=backup&severity=critical')).toEqual([]);
    expect(await found(admin, 'q=backup&until=2000-01-01T00:00:00Z')).toEqual([]);
    // `backup` is in every type (backup.done, backup.ok), so the Russian event has it too.
    expect((await found(admin, 'q=backup&since=2000-01-01T00:00:00Z')).length).toBe(4);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: EventPage = (await search(admin, `q=backup&limit=1${cursor ? `&cursor=${cursor}` : ''}`))
        .body;
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.adminRussian, ids.adminDisk, ids.aliceOk, ids.aliceDisk]);
  });

  it('reads query syntax as plain words: FTS operators never make a 500', async () => {
    const inputs = [
      '"',
      '"full',
      'full*',
      '*',
      'NEAR(full disk',
      'full AND',
      'AND',
      '-full',
      'full -disk',
      'title:full',
      '^full',
      '(',
      ')',
      "'",
      'full OR nas',
      '!',
      '&',
      '|',
      ':*',
      '\\',
    ];
    for (const input of inputs) {
      const answer = await search(admin, `q=${encodeURIComponent(input)}`);
      expect([200, 400], `${input}: ${answer.raw}`).toContain(answer.status);
      if (answer.status === 400)
        expect((answer.body as unknown as { error: { code: string } }).error.code).toBe('NB_ERR_VALIDATION');
    }
    expect(await found(admin, `q=${encodeURIComponent('"full')}`)).toEqual(
      [ids.aliceDisk, ids.adminDisk].sort(),
    );
    expect(await found(admin, `q=${encodeURIComponent('full*')}`)).toEqual(
      [ids.aliceDisk, ids.adminDisk].sort(),
    );
    expect(await found(admin, `q=${encodeURIComponent('-nas')}`)).toEqual([ids.aliceDisk]);
    // NEAR is a word to look for too: no event has it.
    expect(await found(admin, `q=${encodeURIComponent('NEAR(nas')}`)).toEqual([]);
    // `OR` is a word to look for, not an operator: no event has it.
    expect(await found(admin, 'q=full%20OR%20nas')).toEqual([]);
    const noWords = await search(admin, `q=${encodeURIComponent('"*()')}`);
    expect(noWords.status).toBe(400);
    expect(JSON.stringify(noWords.body)).toContain('no words');
    expect((await search(admin, `q=${'a'.repeat(201)}`)).status).toBe(400);
  });

  it('keeps the index with the events: a deleted source takes its events out of the search', async () => {
    const other = await createSet(admin, 'short-lived');
    await ingest(other.source, 'gone', { title: 'ephemeral zebra', body: '' });
    expect(await found(admin, 'q=zebra')).toEqual([ids.gone]);
    expect((await admin('DELETE', `/sources/${other.source}`)).status).toBe(204);
    expect(await found(admin, 'q=zebra')).toEqual([]);
  });
});
