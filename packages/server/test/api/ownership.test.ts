import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { testDialects } from '../helpers/databases.ts';
import { signInAs } from '../helpers/session-client.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember, createSet } from './api-client.ts';

interface Page {
  items: { id: string; ownerId?: string }[];
}

describe.each(testDialects)('who sees what on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let bob: { userId: string; api: ApiCall };
  let alices: Awaited<ReturnType<typeof createSet>>;
  let bobs: Awaited<ReturnType<typeof createSet>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
    alice = await createMember(t, 'alice');
    bob = await createMember(t, 'bob');
    alices = await createSet(alice.api, 'alice');
    bobs = await createSet(bob.api, 'bob');
  });
  afterAll(() => t.close());

  it('makes new rows owned by the caller', async () => {
    const source = await alice.api<{ ownerId: string }>('GET', `/sources/${alices.source}`);
    expect(source.body.ownerId).toBe(alice.userId);
    const rule = await bob.api<{ ownerId: string }>('GET', `/rules/${bobs.rule}`);
    expect(rule.body.ownerId).toBe(bob.userId);
  });

  it('shows members only their own rows (and the shared bridge source) and admins everyone’s', async () => {
    for (const resource of ['sources', 'targets', 'templates', 'rules'] as const) {
      const key = resource.slice(0, -1) as 'source' | 'target' | 'template' | 'rule';
      const mine = (await alice.api<Page>('GET', `/${resource}`)).body.items.map((row) => row.id);
      const shared = resource === 'sources' ? [t.app.boot.bridgeSourceId] : [];
      expect(mine.sort(), resource).toEqual([alices[key], ...shared].sort());
      const all = (await admin<Page>('GET', `/${resource}`)).body.items.map((row) => row.id);
      expect(all, resource).toEqual(expect.arrayContaining([alices[key], bobs[key]]));
    }
  });

  it('scopes a signed-in session like the user’s token: a member’s own rows, an admin’s everyone’s', async () => {
    const password = 'correct horse battery';
    const passwordHash = await hashPassword(password);
    await t.app.database.db
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', 'in', [alice.userId, t.app.boot.adminUserId])
      .execute();
    const aliceSession = (await signInAs(t, 'alice', password))!;
    const adminSession = (await signInAs(t, 'admin', password))!;
    const rules = async (api: ApiCall) => (await api<Page>('GET', '/rules')).body.items.map((row) => row.id);
    expect(await rules(aliceSession)).toEqual([alices.rule]);
    expect(await rules(adminSession)).toEqual(expect.arrayContaining([alices.rule, bobs.rule]));
    for (const [method, url, body] of [
      ['GET', `/rules/${bobs.rule}`],
      ['PATCH', `/rules/${bobs.rule}`, { enabled: false }],
      ['DELETE', `/targets/${bobs.target}`],
    ] as const) {
      expect((await aliceSession(method, url, body)).status, `${method} ${url}`).toBe(404);
    }
    expect((await adminSession('GET', `/rules/${bobs.rule}`)).status).toBe(200);
  });

  it("answers 404 for another member's rows, to read, change, delete or test them", async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', `/sources/${bobs.source}`],
      ['PATCH', `/sources/${bobs.source}`, { name: 'mine' }],
      ['DELETE', `/sources/${bobs.source}`],
      ['GET', `/targets/${bobs.target}`],
      ['DELETE', `/targets/${bobs.target}`],
      ['GET', `/targets/${bobs.target}/receivers`],
      ['GET', `/targets/${bobs.target}/receivers/${bobs.receiver}`],
      ['POST', `/targets/${bobs.target}/receivers/${bobs.receiver}/test`],
      ['GET', `/templates/${bobs.template}`],
      ['PATCH', `/rules/${bobs.rule}`, { enabled: false }],
      ['DELETE', `/rules/${bobs.rule}`],
    ];
    for (const [method, url, body] of attempts) {
      const response = await alice.api<{ error: { code: string } }>(method, url, body);
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.body.error.code).toBe('NB_ERR_NOT_FOUND');
    }
    expect((await admin('GET', `/rules/${bobs.rule}`)).status).toBe(200);
    expect((await admin<{ enabled: boolean }>('GET', `/rules/${bobs.rule}`)).body.enabled).toBe(true);
  });

  it("will not let a rule name another member's source, receiver or template", async () => {
    for (const field of [
      { sourceIds: [bobs.source] },
      { receiverIds: [bobs.receiver] },
      { templateId: bobs.template },
    ]) {
      const response = await alice.api<{ error: { code: string } }>('POST', '/rules', {
        name: 'sneaky',
        ...field,
      });
      expect(response.status, JSON.stringify(field)).toBe(400);
      expect(response.body.error.code).toBe('NB_ERR_VALIDATION');
    }
  });

  it('shows members the events of their own sources and the deliveries to their own targets', async () => {
    const [ofAlice] = await t.app.ingestor.ingest(alices.source, [
      { type: 'a', title: 'a', body: '', severity: 'info', data: null },
    ]);
    const [ofBob] = await t.app.ingestor.ingest(bobs.source, [
      { type: 'b', title: 'b', body: '', severity: 'info', data: null },
    ]);
    const events = (await alice.api<Page>('GET', '/events')).body.items.map((e) => e.id);
    expect(events).toEqual([ofAlice!.eventId]);
    expect((await alice.api('GET', `/events/${ofBob!.eventId}`)).status).toBe(404);
    expect((await alice.api('POST', `/events/${ofBob!.eventId}/replay`)).status).toBe(404);
    const deliveries = (await alice.api<{ items: { eventId: string }[] }>('GET', '/deliveries')).body.items;
    expect(deliveries.map((d) => d.eventId)).toEqual([ofAlice!.eventId]);
    const bobsDeliveries = (
      await admin<{ items: { id: string; eventId: string }[] }>(
        'GET',
        `/deliveries?eventId=${ofBob!.eventId}`,
      )
    ).body.items;
    expect(bobsDeliveries).toHaveLength(1);
    expect((await alice.api('GET', `/deliveries/${bobsDeliveries[0]!.id}`)).status).toBe(404);
    expect((await alice.api('POST', `/deliveries/${bobsDeliveries[0]!.id}/replay`)).status).toBe(404);
  });
});
