import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember } from './api-client.ts';

interface SilenceView {
  id: string;
  receiverId: string;
  eventTypes: string[] | null;
  mode: 'drop' | 'defer';
  endsAt: string;
  active: boolean;
  comment: string;
  createdBy: string;
  ownerId: string;
  createdAt: string;
}
interface ErrorView {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const hour = 3_600_000;

/** A webhook target with one receiver, made by `api`'s user. */
async function createReceiver(api: ApiCall, label: string): Promise<string> {
  const target = await api<{ id: string }>('POST', '/targets', {
    kind: 'webhook',
    name: label,
    config: { url: 'http://127.0.0.1:9/hook' },
  });
  expect(target.status).toBe(201);
  const receiver = await api<{ id: string }>('POST', `/targets/${target.body.id}/receivers`, {
    name: label,
    address: {},
  });
  expect(receiver.status).toBe(201);
  return receiver.body.id;
}

describe.each(testDialects)('/api/v1/silences on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let bob: { userId: string; api: ApiCall };
  let alicesReceiver: string;
  let bobsReceiver: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
    alice = await createMember(t, 'alice');
    bob = await createMember(t, 'bob');
    alicesReceiver = await createReceiver(alice.api, 'alice');
    bobsReceiver = await createReceiver(bob.api, 'bob');
  });
  afterAll(() => t.close());

  it('creates a silence for a duration, with drop as the default mode, and reads it back', async () => {
    const before = Date.now();
    const created = await alice.api<SilenceView>('POST', '/silences', {
      receiverId: alicesReceiver,
      duration: '2h',
      comment: 'on holiday',
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({
      receiverId: alicesReceiver,
      eventTypes: null,
      mode: 'drop',
      active: true,
      comment: 'on holiday',
      createdBy: `api:${alice.userId}`,
      createdVia: 'api',
      creator: { id: alice.userId, name: 'alice' },
      ownerId: alice.userId,
    });
    const endsAt = Date.parse(created.body.endsAt);
    expect(endsAt).toBeGreaterThanOrEqual(before + 2 * hour);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 2 * hour);
    expect((await alice.api<SilenceView>('GET', `/silences/${created.body.id}`)).body).toEqual(created.body);
  });

  it('creates a defer silence until an ISO time for some event types', async () => {
    const endsAt = new Date(Date.now() + 3 * hour).toISOString();
    const created = await alice.api<SilenceView>('POST', '/silences', {
      receiverId: alicesReceiver,
      mode: 'defer',
      endsAt,
      eventTypes: ['alert.*', 'push'],
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({
      mode: 'defer',
      endsAt,
      eventTypes: ['alert.*', 'push'],
      comment: '',
    });
  });

  it('ends a silence on DELETE and keeps it, ended, in the list', async () => {
    const created = await alice.api<SilenceView>('POST', '/silences', {
      receiverId: alicesReceiver,
      duration: '1d',
    });
    expect((await alice.api('DELETE', `/silences/${created.body.id}`)).status).toBe(204);
    const ended = await alice.api<SilenceView>('GET', `/silences/${created.body.id}`);
    expect(ended.body.active).toBe(false);
    expect(Date.parse(ended.body.endsAt)).toBeLessThanOrEqual(Date.now());
    // Ending it again changes nothing.
    expect((await alice.api('DELETE', `/silences/${created.body.id}`)).status).toBe(204);
    expect((await alice.api<SilenceView>('GET', `/silences/${created.body.id}`)).body.endsAt).toBe(
      ended.body.endsAt,
    );
    const over = await alice.api<Page<SilenceView>>('GET', '/silences?active=false');
    expect(over.body.items.map((s) => s.id)).toContain(created.body.id);
    const active = await alice.api<Page<SilenceView>>('GET', '/silences?active=true');
    expect(active.body.items.map((s) => s.id)).not.toContain(created.body.id);
    expect(active.body.items.every((s) => s.active)).toBe(true);
  });

  it('lists newest first, filtered by receiver, a page at a time', async () => {
    const other = await createReceiver(alice.api, 'alice 2');
    const ids: string[] = [];
    for (const duration of ['1h', '2h', '3h']) {
      const created = await alice.api<SilenceView>('POST', '/silences', { receiverId: other, duration });
      ids.push(created.body.id);
    }
    const first = await alice.api<Page<SilenceView>>('GET', `/silences?receiverId=${other}&limit=2`);
    expect(first.body.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await alice.api<Page<SilenceView>>(
      'GET',
      `/silences?receiverId=${other}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it('refuses an end in the past, both or neither of endsAt and duration, and too long a silence', async () => {
    const cases: [body: Record<string, unknown>, path: string, message: RegExp][] = [
      [{ endsAt: new Date(Date.now() - 1000).toISOString() }, '/endsAt', /future/],
      [{ endsAt: new Date(Date.now() + 400 * 24 * hour).toISOString() }, '/endsAt', /366 days/],
      [{ duration: '400d' }, '/duration', /366 days/],
      [{ duration: '0s' }, '/duration', /future/],
      [{ endsAt: new Date(Date.now() + hour).toISOString(), duration: '1h' }, '/endsAt', /either/],
      [{}, '/endsAt', /either/],
    ];
    for (const [body, path, message] of cases) {
      const refused = await alice.api<ErrorView>('POST', '/silences', {
        receiverId: alicesReceiver,
        ...body,
      });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('NB_ERR_VALIDATION');
      expect(refused.body.error.details, JSON.stringify(body)).toEqual([
        { path, message: expect.stringMatching(message) },
      ]);
    }
  });

  it('says which durations it accepts', async () => {
    const refused = await alice.api<ErrorView>('POST', '/silences', {
      receiverId: alicesReceiver,
      duration: '2 fortnights',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('30s, 5m, 2h, 1d or 1h30m');
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: '/duration' })]);
  });

  it('refuses a bad glob, an empty glob list, an unknown mode and unknown fields', async () => {
    const glob = await alice.api<ErrorView>('POST', '/silences', {
      receiverId: alicesReceiver,
      duration: '1h',
      eventTypes: ['push', 'alert*'],
    });
    expect(glob.status).toBe(400);
    expect(glob.body.error.details).toEqual([expect.objectContaining({ path: '/eventTypes/1' })]);
    for (const body of [{ eventTypes: [] }, { mode: 'mute' }, { until: 'tomorrow' }]) {
      const refused = await alice.api<ErrorView>('POST', '/silences', {
        receiverId: alicesReceiver,
        duration: '1h',
        ...body,
      });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('NB_ERR_VALIDATION');
    }
  });

  it('answers 404 for an unknown receiver or silence', async () => {
    const receiver = await alice.api<ErrorView>('POST', '/silences', {
      receiverId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      duration: '1h',
    });
    expect(receiver.status).toBe(404);
    expect(receiver.body.error.message).toBe('no receiver with id "01JZZZZZZZZZZZZZZZZZZZZZZZ"');
    expect((await alice.api('GET', '/silences/01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
    expect((await alice.api('DELETE', '/silences/01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
  });

  it("lets members silence only their own receivers and see only their own receivers' silences", async () => {
    const refused = await alice.api<ErrorView>('POST', '/silences', {
      receiverId: bobsReceiver,
      duration: '1h',
    });
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toContain('no receiver');
    const bobs = await bob.api<SilenceView>('POST', '/silences', {
      receiverId: bobsReceiver,
      duration: '1h',
    });
    expect(bobs.status).toBe(201);
    expect((await alice.api('GET', `/silences/${bobs.body.id}`)).status).toBe(404);
    expect((await alice.api('DELETE', `/silences/${bobs.body.id}`)).status).toBe(404);
    expect((await bob.api<SilenceView>('GET', `/silences/${bobs.body.id}`)).body.active).toBe(true);
    const alicesList = await alice.api<Page<SilenceView>>('GET', '/silences?limit=500');
    expect(alicesList.body.items.length).toBeGreaterThan(0);
    expect(alicesList.body.items.map((s) => s.id)).not.toContain(bobs.body.id);
    const filtered = await alice.api<Page<SilenceView>>('GET', `/silences?receiverId=${bobsReceiver}`);
    expect(filtered.body.items).toEqual([]);
    const all = await admin<Page<SilenceView>>('GET', '/silences?limit=500');
    const receivers = new Set(all.body.items.map((s) => s.receiverId));
    expect(receivers.has(alicesReceiver) && receivers.has(bobsReceiver)).toBe(true);
  });

  it("lets an admin silence a member's receiver: the member owns it, the admin made it", async () => {
    const created = await admin<SilenceView>('POST', '/silences', {
      receiverId: alicesReceiver,
      duration: '1h',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ownerId: alice.userId,
      createdBy: `api:${t.app.boot.adminUserId}`,
    });
    expect((await alice.api('GET', `/silences/${created.body.id}`)).status).toBe(200);
  });
});
