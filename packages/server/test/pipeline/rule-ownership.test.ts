import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.ts';
import { type ApiCall, apiAs, createMember, tokenFor } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

type Who = 'alice' | 'bob' | 'admin';
const everyone: Who[] = ['alice', 'bob', 'admin'];

interface Page<T> {
  items: T[];
}
interface EventView {
  id: string;
  sourceId: string;
  type: string;
  data: { target?: { id: string } } | null;
}
interface DeliveryView {
  id: string;
  eventId: string;
  receiverId: string;
  targetId: string;
  status: string;
}

/**
 * One user's things: a webhook source; a target at a working sink with one receiver per rule (`any`: no
 * sourceIds, `own`: their source, `bridge`: the bridge source), so an event's deliveries say which rules
 * matched it; and a target at a sink answering 410 Gone, which a `die` event of their source reaches, so a
 * delivery of theirs dies (delivery.dead) and the receiver is disabled (receiver.disabled).
 */
interface UserSet {
  api: ApiCall;
  source: string;
  okTarget: string;
  goneTarget: string;
  /** Receiver id -> label such as `alice.any`. */
  labels: Map<string, string>;
}

async function created(api: ApiCall, url: string, body: unknown): Promise<string> {
  const response = await api<{ id: string }>('POST', url, body);
  expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(201);
  return response.body.id;
}

async function createSet(
  api: ApiCall,
  who: Who,
  bridgeSourceId: string,
  sinks: { ok: string; gone: string },
): Promise<UserSet> {
  const source = await created(api, '/sources', {
    kind: 'webhook',
    name: `${who}'s hook`,
    config: { auth: { mode: 'none' }, mapping: { type: '/type' } },
  });
  const okTarget = await created(api, '/targets', { kind: 'webhook', name: 'ok', config: { url: sinks.ok } });
  const goneTarget = await created(api, '/targets', {
    kind: 'webhook',
    name: 'gone',
    config: { url: sinks.gone },
  });
  const labels = new Map<string, string>();
  const receiver = async (target: string, label: string) => {
    const id = await created(api, `/targets/${target}/receivers`, { name: label, address: {} });
    labels.set(id, `${who}.${label}`);
    return id;
  };
  // The admin's catch-all rules reach everyone's events; a member's cannot.
  const reach = who === 'admin' ? { reach: 'all' } : {};
  const rules: [string, Record<string, unknown>][] = [
    ['any', { eventTypes: ['**'], receiverIds: [await receiver(okTarget, 'any')], ...reach }],
    ['own', { sourceIds: [source], receiverIds: [await receiver(okTarget, 'own')] }],
    ['bridge', { sourceIds: [bridgeSourceId], receiverIds: [await receiver(okTarget, 'bridge')], ...reach }],
    ['die', { sourceIds: [source], eventTypes: ['die'], receiverIds: [await receiver(goneTarget, 'gone')] }],
  ];
  for (const [name, rule] of rules) await created(api, '/rules', { name, ...rule });
  return { api, source, okTarget, goneTarget, labels };
}

describe.each(testDialects)('which rules see which events, on %s', (dialect) => {
  let t: TestApp;
  let okSink: HttpSink;
  let goneSink: HttpSink;
  const sets = new Map<Who, UserSet>();
  /** Event ids by name, e.g. `alice.note`, `alice.delivery.dead`. */
  const events = new Map<string, string>();

  async function hook(who: Who, type: string): Promise<string> {
    const response = await t.app.http.inject({
      method: 'POST',
      url: `/hooks/${sets.get(who)!.source}`,
      payload: { type, title: `${who} ${type}`, message: 'x' },
    });
    expect(response.statusCode).toBe(202);
    return response.json<{ id: string }>().id;
  }

  /** The bridge's `type` event about `who`'s gone target, once the dispatcher has made it. */
  function bridgeEvent(who: Who, type: string): Promise<string> {
    const target = sets.get(who)!.goneTarget;
    return eventually(
      async () => {
        const page = await sets
          .get('admin')!
          .api<Page<EventView>>('GET', `/events?sourceId=${t.app.boot.bridgeSourceId}&type=${type}`);
        return page.body.items.find((event) => event.data?.target?.id === target)?.id;
      },
      15_000,
      `${type} about ${who}`,
    );
  }

  async function deliveriesOf(eventId: string): Promise<DeliveryView[]> {
    const page = await sets.get('admin')!.api<Page<DeliveryView>>('GET', `/deliveries?eventId=${eventId}`);
    return page.body.items;
  }

  /** The labels of the receivers an event was routed to. */
  async function routedTo(eventId: string): Promise<string[]> {
    const labels = new Map([...sets.values()].flatMap((set) => [...set.labels]));
    return (await deliveriesOf(eventId)).map((d) => labels.get(d.receiverId) ?? d.receiverId).sort();
  }

  beforeAll(async () => {
    okSink = await new HttpSink().start();
    goneSink = await new HttpSink().start();
    goneSink.respondAlways({ status: 410 });
    t = await startTestApp(dialect, { NB_POLL_INTERVAL_MS: '50' });
    const sinks = { ok: `${okSink.url}/ok`, gone: `${goneSink.url}/gone` };
    const apis: Record<Who, ApiCall> = {
      admin: apiAs(t, testAdminToken),
      alice: (await createMember(t, 'alice')).api,
      bob: (await createMember(t, 'bob')).api,
    };
    for (const who of everyone)
      sets.set(who, await createSet(apis[who], who, t.app.boot.bridgeSourceId, sinks));
    for (const who of everyone) {
      events.set(`${who}.note`, await hook(who, 'note'));
      events.set(`${who}.die`, await hook(who, 'die'));
    }
    for (const who of everyone) {
      events.set(`${who}.delivery.dead`, await bridgeEvent(who, 'delivery.dead'));
      events.set(`${who}.receiver.disabled`, await bridgeEvent(who, 'receiver.disabled'));
    }
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await okSink.close();
    await goneSink.close();
  });

  it('gives a member’s rule only their own events, an admin’s reaching all everyone’s, and bridge events only to rules naming the bridge', async () => {
    // Rows: events; columns: the receivers of the rules that matched them.
    const expected: Record<string, string[]> = {
      'alice.note': ['admin.any', 'alice.any', 'alice.own'],
      'bob.note': ['admin.any', 'bob.any', 'bob.own'],
      'admin.note': ['admin.any', 'admin.own'],
      'alice.die': ['admin.any', 'alice.any', 'alice.gone', 'alice.own'],
      'bob.die': ['admin.any', 'bob.any', 'bob.gone', 'bob.own'],
      'admin.die': ['admin.any', 'admin.gone', 'admin.own'],
      'alice.delivery.dead': ['admin.bridge', 'alice.bridge'],
      'alice.receiver.disabled': ['admin.bridge', 'alice.bridge'],
      'bob.delivery.dead': ['admin.bridge', 'bob.bridge'],
      'bob.receiver.disabled': ['admin.bridge', 'bob.bridge'],
      'admin.delivery.dead': ['admin.bridge'],
      'admin.receiver.disabled': ['admin.bridge'],
    };
    const actual: Record<string, string[]> = {};
    for (const name of Object.keys(expected)) actual[name] = await routedTo(events.get(name)!);
    expect(actual).toEqual(expected);
  });

  it('lists to a member their own events, the bridge’s about their things included, and nothing else', async () => {
    const all = [...events.keys()];
    for (const who of ['alice', 'bob'] as const) {
      const { api } = sets.get(who)!;
      const listed = (await api<Page<EventView>>('GET', '/events?limit=500')).body.items.map((e) => e.id);
      const mine = all.filter((name) => name.startsWith(`${who}.`)).map((name) => events.get(name)!);
      expect(listed.sort(), who).toEqual(mine.sort());
      const bridge = await api<Page<EventView>>('GET', `/events?sourceId=${t.app.boot.bridgeSourceId}`);
      expect(bridge.body.items.map((e) => e.id).sort()).toEqual(
        [events.get(`${who}.delivery.dead`), events.get(`${who}.receiver.disabled`)].sort(),
      );
      const other = who === 'alice' ? 'bob' : 'alice';
      for (const name of ['note', 'delivery.dead']) {
        expect((await api('GET', `/events/${events.get(`${other}.${name}`)}`)).status).toBe(404);
        expect((await api('GET', `/events/${events.get(`${who}.${name}`)}`)).status).toBe(200);
      }
      expect((await api('GET', `/events/${events.get('admin.delivery.dead')}`)).status).toBe(404);
    }
    const admins = (await sets.get('admin')!.api<Page<EventView>>('GET', '/events?limit=500')).body.items;
    expect(admins.map((e) => e.id)).toEqual(expect.arrayContaining([...events.values()]));
  });

  it('lists to a member the deliveries to their own targets, those of bridge events about them included', async () => {
    for (const who of ['alice', 'bob'] as const) {
      const set = sets.get(who)!;
      const listed = (await set.api<Page<DeliveryView>>('GET', '/deliveries?limit=500')).body.items;
      expect(new Set(listed.map((d) => d.targetId))).toEqual(new Set([set.okTarget, set.goneTarget]));
      const dead = events.get(`${who}.delivery.dead`)!;
      expect(listed.filter((d) => d.eventId === dead).map((d) => set.labels.get(d.receiverId))).toEqual([
        `${who}.bridge`,
      ]);
      const detail = await set.api<{ deliveries: DeliveryView[] }>('GET', `/events/${dead}`);
      expect(detail.body.deliveries.map((d) => set.labels.get(d.receiverId))).toEqual([`${who}.bridge`]);
    }
  });

  it('lets a member name the bridge source in a rule, but not another member’s source', async () => {
    const alice = sets.get('alice')!;
    const bridge = await alice.api<{ id: string; kind: string }>(
      'GET',
      `/sources/${t.app.boot.bridgeSourceId}`,
    );
    expect(bridge.body.kind).toBe('bridge');
    const refused = await alice.api<{ error: { code: string } }>('POST', '/rules', {
      name: 'sneaky',
      sourceIds: [t.app.boot.bridgeSourceId, sets.get('bob')!.source],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('NB_ERR_VALIDATION');
  });
});

describe.each(testDialects)('a rule’s reach, on %s', (dialect) => {
  let t: TestApp;
  let sink: HttpSink;
  let admin: ApiCall;
  /** The same admin with a token that lacks the admin scope. */
  let adminWrite: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let aliceSource: string;

  beforeAll(async () => {
    sink = await new HttpSink().start();
    t = await startTestApp(dialect, { NB_POLL_INTERVAL_MS: '50' });
    admin = apiAs(t, testAdminToken);
    adminWrite = await tokenFor(t, t.app.boot.adminUserId, ['write']);
    alice = await createMember(t, 'alice');
    aliceSource = await created(alice.api, '/sources', {
      kind: 'webhook',
      name: 'alice',
      config: { auth: { mode: 'none' } },
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  async function catchAll(api: ApiCall, name: string, extra: Record<string, unknown> = {}) {
    const target = await created(api, '/targets', {
      kind: 'webhook',
      name,
      config: { url: `${sink.url}/${name}` },
    });
    const receiver = await created(api, `/targets/${target}/receivers`, { name, address: {} });
    return api<{ id: string; reach: string; error?: { code: string; message: string } }>('POST', '/rules', {
      name,
      eventTypes: ['**'],
      receiverIds: [receiver],
      ...extra,
    });
  }

  let sent = 0;
  async function routedFrom(eventSource: string): Promise<string[]> {
    // A new title each time, or the body-hash dedup answers 200 with the first event.
    const response = await t.app.http.inject({
      method: 'POST',
      url: `/hooks/${eventSource}`,
      payload: { title: `event ${++sent}` },
    });
    expect(response.statusCode).toBe(202);
    // Straight from the table: the API's own view of deliveries depends on the roles this test changes.
    const rows = await t.app.database.db
      .selectFrom('deliveries')
      .innerJoin('rules', 'rules.id', 'deliveries.rule_id')
      .select('rules.name')
      .where('deliveries.event_id', '=', response.json<{ id: string }>().id)
      .execute();
    return rows.map((row) => row.name).sort();
  }

  it('starts at own, so an admin’s new rule sees only the admin’s events until it asks for all', async () => {
    const own = await catchAll(admin, 'admin-own');
    expect(own.status).toBe(201);
    expect(own.body.reach).toBe('own');
    expect(await routedFrom(aliceSource)).toEqual([]);
    const all = await catchAll(admin, 'admin-all', { reach: 'all' });
    expect(all.status).toBe(201);
    expect(await routedFrom(aliceSource)).toEqual(['admin-all']);
  });

  it('refuses all to an admin’s token without the admin scope, on create and on any change', async () => {
    const refused = await catchAll(adminWrite, 'narrow', { reach: 'all' });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('NB_ERR_FORBIDDEN');
    expect(refused.body.error?.message).toContain('"admin" scope');
    const rules = await admin<Page<{ id: string; name: string }>>('GET', '/rules?limit=100');
    expect(rules.body.items.map((rule) => rule.name)).not.toContain('narrow');

    const wide = rules.body.items.find((rule) => rule.name === 'admin-all')!;
    const edit = await adminWrite<{ error: { code: string } }>('PATCH', `/rules/${wide.id}`, {
      name: 'renamed',
    });
    expect(edit.status).toBe(403);
    expect((await admin<{ name: string }>('GET', `/rules/${wide.id}`)).body.name).toBe('admin-all');
    const narrowed = await adminWrite<{ reach: string }>('PATCH', `/rules/${wide.id}`, { reach: 'own' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.reach).toBe('own');
    expect(await routedFrom(aliceSource)).toEqual([]);
    expect((await admin('PATCH', `/rules/${wide.id}`, { reach: 'all' })).status).toBe(200);
  });

  it('refuses all on a member’s rule, whoever asks', async () => {
    const own = await catchAll(alice.api, 'alice-own');
    expect(own.status).toBe(201);
    const asked = await alice.api<{ error: { code: string } }>('PATCH', `/rules/${own.body.id}`, {
      reach: 'all',
    });
    expect(asked.status).toBe(400);
    expect(asked.body.error.code).toBe('NB_ERR_VALIDATION');
    const byAdmin = await admin<{ error: { code: string } }>('PATCH', `/rules/${own.body.id}`, {
      reach: 'all',
    });
    expect(byAdmin.status).toBe(400);
  });

  it('stops reaching all when its owner is no longer an admin', async () => {
    expect(await routedFrom(aliceSource)).toEqual(['admin-all', 'alice-own']);
    await t.app.database.db
      .updateTable('users')
      .set({ role: 'member' })
      .where('id', '=', t.app.boot.adminUserId)
      .execute();
    await t.app.router.refresh();
    try {
      expect(await routedFrom(aliceSource)).toEqual(['alice-own']);
    } finally {
      await t.app.database.db
        .updateTable('users')
        .set({ role: 'admin' })
        .where('id', '=', t.app.boot.adminUserId)
        .execute();
      await t.app.router.refresh();
    }
  });
});

describe.each(testDialects)('a catch-all rule and the bridge’s own events, on %s', (dialect) => {
  let t: TestApp;
  let goneSink: HttpSink;
  const logLines: string[] = [];

  beforeAll(async () => {
    goneSink = await new HttpSink().start();
    goneSink.respondAlways({ status: 410 });
    const logger = createLogger({
      level: 'info',
      destination: { write: (line) => void logLines.push(line) },
    });
    t = await startTestApp(dialect, { NB_POLL_INTERVAL_MS: '50' }, { logger });
  });
  afterAll(async () => {
    await t.close();
    await goneSink.close();
  });

  it('does not route a failed delivery’s delivery.dead back through `**` to the failing target', async () => {
    const api = apiAs(t, testAdminToken);
    const source = await created(api, '/sources', {
      kind: 'webhook',
      name: 'h',
      config: { auth: { mode: 'none' } },
    });
    const target = await created(api, '/targets', {
      kind: 'webhook',
      name: 'gone',
      config: { url: goneSink.url },
    });
    const receiver = await created(api, `/targets/${target}/receivers`, { name: 'r', address: {} });
    await created(api, '/rules', { name: 'everything', eventTypes: ['**'], receiverIds: [receiver] });
    const response = await t.app.http.inject({
      method: 'POST',
      url: `/hooks/${source}`,
      payload: { title: 'x' },
    });
    expect(response.statusCode).toBe(202);

    const dead = await eventually(async () => {
      const page = await api<Page<EventView>>('GET', '/events?type=delivery.dead');
      return page.body.items[0];
    });
    // The bridge event and its deliveries commit together: none now means none ever.
    expect((await api<Page<DeliveryView>>('GET', `/deliveries?eventId=${dead.id}`)).body.items).toEqual([]);
    const deliveries = (await api<Page<DeliveryView>>('GET', '/deliveries')).body.items;
    expect(deliveries.map((d) => d.status)).toEqual(['dead']);
    const errors = logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });
});
