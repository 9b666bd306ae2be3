import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember } from './api-client.ts';

interface BulkAnswer {
  items: { id: string; outcome: string; message?: string }[];
}
interface ErrorView {
  error: { code: string; message: string };
}

const webhookSource = { kind: 'webhook', config: { auth: { mode: 'none' } } };
const webhookTarget = { kind: 'webhook', config: { url: 'https://example.org/hook' } };

describe.each(testDialects)('bulk enable, disable and delete on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;
  let member: { userId: string; api: ApiCall };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
    member = await createMember(t, 'bulk-member');
  });
  afterAll(() => t.close());

  async function create(api: ApiCall, path: string, body: Record<string, unknown>): Promise<string> {
    const created = await api<{ id: string }>('POST', path, body);
    expect(created.status, created.raw).toBe(201);
    return created.body.id;
  }

  async function auditOf(resourceId: string) {
    return t.app.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'changes'])
      .where('resource_id', '=', resourceId)
      .orderBy('id')
      .execute();
  }

  it('disables several sources in one call, one audit entry each, and leaves an already disabled one be', async () => {
    const a = await create(member.api, '/sources', { ...webhookSource, name: 'a' });
    const b = await create(member.api, '/sources', { ...webhookSource, name: 'b' });
    const off = await create(member.api, '/sources', { ...webhookSource, name: 'off', enabled: false });
    const answer = await member.api<BulkAnswer>('POST', '/sources/bulk', {
      ids: [a, b, off],
      action: 'disable',
    });
    expect(answer.status, answer.raw).toBe(200);
    expect(answer.body.items).toEqual([
      { id: a, outcome: 'done' },
      { id: b, outcome: 'done' },
      { id: off, outcome: 'unchanged' },
    ]);
    for (const id of [a, b]) {
      expect((await member.api<{ enabled: boolean }>('GET', `/sources/${id}`)).body.enabled).toBe(false);
      const entries = await auditOf(id);
      expect(entries.map((entry) => entry.action)).toEqual(['source.create', 'source.update']);
      expect(entries[1]?.actor_id).toBe(member.userId);
      expect(entries[1]?.changes).toContain('enabled');
    }
    expect((await auditOf(off)).map((entry) => entry.action)).toEqual(['source.create']);
  });

  it("answers not_found for another owner's source and never touches it", async () => {
    const admins = await create(admin, '/sources', { ...webhookSource, name: 'admin only' });
    const mine = await create(member.api, '/sources', { ...webhookSource, name: 'mine' });
    const answer = await member.api<BulkAnswer>('POST', '/sources/bulk', {
      ids: [admins, mine],
      action: 'delete',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      { id: admins, outcome: 'not_found', message: `no source with id "${admins}"` },
      { id: mine, outcome: 'done' },
    ]);
    expect((await admin('GET', `/sources/${admins}`)).status).toBe(200);
    expect((await admin('GET', `/sources/${mine}`)).status).toBe(404);
    expect((await auditOf(admins)).map((entry) => entry.action)).toEqual(['source.create']);
    expect((await auditOf(mine)).map((entry) => entry.action)).toEqual(['source.create', 'source.delete']);
  });

  it('refuses to change the built-in bridge source, visible to everyone', async () => {
    const bridge = t.app.boot.bridgeSourceId;
    const answer = await member.api<BulkAnswer>('POST', '/sources/bulk', {
      ids: [bridge],
      action: 'disable',
    });
    expect(answer.body.items[0]).toMatchObject({ id: bridge, outcome: 'forbidden' });
    expect((await admin<{ enabled: boolean }>('GET', `/sources/${bridge}`)).body.enabled).toBe(true);
  });

  it('lets an admin act on everyone’s targets, and a member only on their own', async () => {
    const members = await create(member.api, '/targets', { ...webhookTarget, name: 'member target' });
    const admins = await create(admin, '/targets', { ...webhookTarget, name: 'admin target' });
    const byMember = await member.api<BulkAnswer>('POST', '/targets/bulk', {
      ids: [members, admins],
      action: 'disable',
    });
    expect(byMember.body.items.map((item) => item.outcome)).toEqual(['done', 'not_found']);
    expect((await admin<{ enabled: boolean }>('GET', `/targets/${admins}`)).body.enabled).toBe(true);
    const byAdmin = await admin<BulkAnswer>('POST', '/targets/bulk', {
      ids: [members, admins],
      action: 'enable',
    });
    expect(byAdmin.body.items.map((item) => item.outcome)).toEqual(['done', 'unchanged']);
    expect((await auditOf(members)).map((entry) => entry.action)).toEqual([
      'target.create',
      'target.update',
      'target.update',
    ]);
    const deleted = await admin<BulkAnswer>('POST', '/targets/bulk', {
      ids: [members, admins],
      action: 'delete',
    });
    expect(deleted.body.items.map((item) => item.outcome)).toEqual(['done', 'done']);
    expect((await admin('GET', `/targets/${members}`)).status).toBe(404);
  });

  it("acts on a target's receivers, clears the bridge's disabled reason, and refuses another target's", async () => {
    const target = await create(member.api, '/targets', { ...webhookTarget, name: 'with receivers' });
    const other = await create(member.api, '/targets', { ...webhookTarget, name: 'other' });
    const one = await create(member.api, `/targets/${target}/receivers`, { name: 'one', address: {} });
    const two = await create(member.api, `/targets/${target}/receivers`, { name: 'two', address: {} });
    const elsewhere = await create(member.api, `/targets/${other}/receivers`, { name: 'x', address: {} });
    await t.app.database.db
      .updateTable('receivers')
      .set({ enabled: 0, disabled_reason: 'the far side answered 410' })
      .where('id', '=', two)
      .execute();
    const enabled = await member.api<BulkAnswer>('POST', `/targets/${target}/receivers/bulk`, {
      ids: [one, two, elsewhere],
      action: 'enable',
    });
    expect(enabled.body.items.map((item) => item.outcome)).toEqual(['unchanged', 'done', 'not_found']);
    const after = await member.api<{ enabled: boolean; disabledReason: string | null }>(
      'GET',
      `/targets/${target}/receivers/${two}`,
    );
    expect(after.body).toMatchObject({ enabled: true, disabledReason: null });
    expect((await auditOf(two)).map((entry) => entry.action)).toEqual(['receiver.create', 'receiver.update']);

    const deleted = await member.api<BulkAnswer>('POST', `/targets/${target}/receivers/bulk`, {
      ids: [one, two],
      action: 'delete',
    });
    expect(deleted.body.items.map((item) => item.outcome)).toEqual(['done', 'done']);
    const left = await member.api<{ items: unknown[] }>('GET', `/targets/${target}/receivers`);
    expect(left.body.items).toEqual([]);
    expect((await member.api('GET', `/targets/${other}/receivers/${elsewhere}`)).status).toBe(200);

    const admins = await create(admin, '/targets', { ...webhookTarget, name: 'admin target 2' });
    const foreign = await member.api<ErrorView>('POST', `/targets/${admins}/receivers/bulk`, {
      ids: [one],
      action: 'delete',
    });
    expect(foreign.status).toBe(404);
  });

  it.each([
    [{ ids: [], action: 'delete' }, '/ids'],
    [{ ids: ['a', 'a'], action: 'delete' }, '/ids'],
    [{ ids: ['a'], action: 'archive' }, '/action'],
    [{ ids: ['a'] }, 'action'],
    [{ ids: Array.from({ length: 501 }, (_, i) => `id${i}`), action: 'enable' }, '/ids'],
    [{ ids: ['a'], action: 'enable', extra: 1 }, 'additional properties'],
  ])('answers 400 to %j', async (body, named) => {
    for (const path of ['/sources/bulk', '/targets/bulk']) {
      const answer = await member.api<ErrorView>('POST', path, body);
      expect(answer.status, `${path} ${answer.raw}`).toBe(400);
      expect(answer.body.error.code).toBe('NB_ERR_VALIDATION');
      expect(answer.raw).toContain(named);
    }
  });

  it('needs the write scope', async () => {
    const reader = await createMember(t, 'bulk-reader', ['read']);
    const answer = await reader.api<ErrorView>('POST', '/sources/bulk', { ids: ['a'], action: 'delete' });
    expect(answer.status).toBe(403);
  });
});
