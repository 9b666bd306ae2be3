import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayRouteTo, shareKey } from '../../src/domain/target-sharing.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember } from './api-client.ts';

interface Items<T> {
  items: T[];
}
type Receiver = { id: string; addedBy: string | null };

describe('mayRouteTo', () => {
  const target = { targetId: 't', targetOwnerId: 'admin', addedBy: null };
  const shares = new Set([shareKey('t', 'alice'), shareKey('t', 'bob')]);

  it('lets an admin’s rule and the target owner’s reach every receiver', () => {
    expect(mayRouteTo({ id: 'root', role: 'admin' }, { ...target, addedBy: 'alice' }, new Set())).toBe(true);
    expect(mayRouteTo({ id: 'admin', role: 'member' }, { ...target, addedBy: 'alice' }, new Set())).toBe(
      true,
    );
  });

  it('lends a shared target’s own receivers and the member’s, never another member’s', () => {
    const alice = { id: 'alice', role: 'member' } as const;
    expect(mayRouteTo(alice, target, shares)).toBe(true);
    expect(mayRouteTo(alice, { ...target, addedBy: 'alice' }, shares)).toBe(true);
    expect(mayRouteTo(alice, { ...target, addedBy: 'bob' }, shares)).toBe(false);
  });

  it('lends nothing without a share', () => {
    const carol = { id: 'carol', role: 'member' } as const;
    expect(mayRouteTo(carol, target, shares)).toBe(false);
    expect(mayRouteTo(carol, { ...target, addedBy: 'carol' }, shares)).toBe(false);
  });
});

describe.each(testDialects)('sharing a target on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let bob: { userId: string; api: ApiCall };
  let carol: { userId: string; api: ApiCall };
  let family: string;
  let familyChat: string;
  let alicesSource: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
    alice = await createMember(t, 'alice');
    bob = await createMember(t, 'bob');
    carol = await createMember(t, 'carol');
    const target = await admin<{ id: string }>('POST', '/targets', {
      kind: 'webhook',
      name: 'family',
      config: { url: 'http://127.0.0.1:9/family', secret: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw==' },
    });
    family = target.body.id;
    const chat = await admin<{ id: string }>('POST', `/targets/${family}/receivers`, {
      name: 'family chat',
      address: {},
    });
    familyChat = chat.body.id;
    const source = await alice.api<{ id: string }>('POST', '/sources', {
      kind: 'webhook',
      name: 'alice’s scripts',
      config: { auth: { mode: 'none' } },
    });
    alicesSource = source.body.id;
    for (const user of [alice, bob]) {
      const share = await admin<{ userName: string }>('PUT', `/targets/${family}/shares/${user.userId}`);
      expect(share.status).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('lists the shares to an admin and the shared targets to the members, and nothing to others', async () => {
    const shares = await admin<Items<{ userName: string }>>('GET', `/targets/${family}/shares`);
    expect(shares.body.items.map((share) => share.userName)).toEqual(['alice', 'bob']);
    const shared = await alice.api<Items<{ id: string; ownerName: string }>>('GET', '/targets/shared');
    expect(shared.body.items).toEqual([
      expect.objectContaining({ id: family, ownerName: 'admin', name: 'family' }),
    ]);
    expect((await carol.api<Items<unknown>>('GET', '/targets/shared')).body.items).toEqual([]);
    // Sharing again changes nothing and writes no second audit entry.
    await admin('PUT', `/targets/${family}/shares/${alice.userId}`);
    const audit = await admin<Items<{ action: string }>>('GET', '/audit?action=target.share');
    expect(audit.body.items).toHaveLength(2);
  });

  it('never shows a member the shared target itself: its config, secrets or candidates', async () => {
    for (const [method, url, body] of [
      ['GET', `/targets/${family}`],
      ['PATCH', `/targets/${family}`, { name: 'mine' }],
      ['DELETE', `/targets/${family}`],
      ['GET', `/targets/${family}/candidates`],
      ['GET', `/targets/${family}/url`],
    ] as const) {
      expect((await alice.api(method, url, body)).status, `${method} ${url}`).toBe(404);
    }
    const listed = await alice.api<Items<{ id: string }>>('GET', '/targets');
    expect(listed.body.items.map((row) => row.id)).not.toContain(family);
    const everything = (await alice.api('GET', `/targets/${family}/receivers`)).raw;
    expect(everything).not.toContain('whsec_');
    expect(everything).not.toContain('127.0.0.1:9');
  });

  it('lends the owner’s receivers, and keeps each member’s own receivers to themselves', async () => {
    const own = await alice.api<Receiver>('POST', `/targets/${family}/receivers`, {
      name: 'alice’s phone',
      address: {},
    });
    expect(own.status).toBe(201);
    expect(own.body.addedBy).toBe(alice.userId);
    const seenByAlice = await alice.api<Items<Receiver>>('GET', `/targets/${family}/receivers`);
    expect(seenByAlice.body.items.map((r) => r.id).sort()).toEqual([familyChat, own.body.id].sort());
    const seenByBob = await bob.api<Items<Receiver>>('GET', `/targets/${family}/receivers`);
    expect(seenByBob.body.items.map((r) => r.id)).toEqual([familyChat]);
    expect((await bob.api('GET', `/targets/${family}/receivers/${own.body.id}`)).status).toBe(404);
    expect(
      (await bob.api('PATCH', `/targets/${family}/receivers/${own.body.id}`, { name: 'x' })).status,
    ).toBe(404);
    expect((await carol.api('GET', `/targets/${family}/receivers`)).status).toBe(404);
    // The admin, who owns the target, sees every receiver on it.
    const seenByAdmin = await admin<Items<Receiver>>('GET', `/targets/${family}/receivers`);
    expect(seenByAdmin.body.items.map((r) => r.id)).toContain(own.body.id);
  });

  it('lets a member change and test only the receivers they added', async () => {
    const lent = await alice.api<{ error: { code: string; message: string } }>(
      'PATCH',
      `/targets/${family}/receivers/${familyChat}`,
      { name: 'mine now' },
    );
    expect(lent.status).toBe(403);
    expect(lent.body.error.message).toContain('only its owner can change');
    expect((await alice.api('POST', `/targets/${family}/receivers/${familyChat}/test`)).status).toBe(403);
    expect((await alice.api('DELETE', `/targets/${family}/receivers/${familyChat}`)).status).toBe(403);
    const bulk = await alice.api<Items<{ outcome: string }>>('POST', `/targets/${family}/receivers/bulk`, {
      ids: [familyChat],
      action: 'disable',
    });
    expect(bulk.body.items).toEqual([expect.objectContaining({ outcome: 'not_found' })]);
    const lentAfter = await admin<{ enabled: boolean }>('GET', `/targets/${family}/receivers/${familyChat}`);
    expect(lentAfter.body.enabled).toBe(true);
    const own = await alice.api<Receiver>('POST', `/targets/${family}/receivers`, {
      name: 'tablet',
      address: {},
    });
    const renamed = await alice.api<{ name: string }>(
      'PATCH',
      `/targets/${family}/receivers/${own.body.id}`,
      {
        name: 'old tablet',
      },
    );
    expect(renamed.body.name).toBe('old tablet');
    expect((await alice.api('DELETE', `/targets/${family}/receivers/${own.body.id}`)).status).toBe(204);
  });

  it('routes a member’s rule to a lent receiver until the share ends, then stops at once', async () => {
    const otherBobs = await bob.api<Receiver>('POST', `/targets/${family}/receivers`, {
      name: 'bob',
      address: {},
    });
    const refused = await alice.api('POST', '/rules', { name: 'sneaky', receiverIds: [otherBobs.body.id] });
    expect(refused.status).toBe(400);
    const rule = await alice.api<{ id: string }>('POST', '/rules', {
      name: 'to the family',
      sourceIds: [alicesSource],
      receiverIds: [familyChat],
    });
    expect(rule.status).toBe(201);
    const deliveriesOf = async (eventId: string) =>
      t.app.database.db
        .selectFrom('deliveries')
        .select('receiver_id')
        .where('event_id', '=', eventId)
        .execute();
    const [before] = await t.app.ingestor.ingest(alicesSource, [
      { type: 'backup.done', title: 'backup', body: '', severity: 'info', data: null },
    ]);
    expect(await deliveriesOf(before!.eventId)).toEqual([{ receiver_id: familyChat }]);
    // Alice sees the delivery her rule made, though the target is not hers.
    const visible = await alice.api<Items<{ eventId: string }>>('GET', '/deliveries');
    expect(visible.body.items.map((d) => d.eventId)).toContain(before!.eventId);
    // And counts it on her dashboard.
    const stats = await alice.api<{ deliveries: { byStatus: Record<string, number> } }>('GET', '/stats');
    const counted = Object.values(stats.body.deliveries.byStatus).reduce((sum, n) => sum + n, 0);
    expect(counted).toBe(1);

    expect((await admin('DELETE', `/targets/${family}/shares/${alice.userId}`)).status).toBe(204);
    const [after] = await t.app.ingestor.ingest(alicesSource, [
      { type: 'backup.done', title: 'backup', body: '', severity: 'info', data: null },
    ]);
    expect(await deliveriesOf(after!.eventId)).toEqual([]);
    expect((await alice.api('GET', `/targets/${family}/receivers`)).status).toBe(404);
    expect((await alice.api<Items<unknown>>('GET', '/targets/shared')).body.items).toEqual([]);
    expect((await admin('DELETE', `/targets/${family}/shares/${alice.userId}`)).status).toBe(404);
    const audit = await admin<Items<unknown>>('GET', '/audit?action=target.unshare');
    expect(audit.body.items).toEqual([
      expect.objectContaining({ resourceId: family, changes: { detail: { userId: alice.userId } } }),
    ]);
  });

  it('leaves sharing to admins, and refuses nonsense', async () => {
    const own = await alice.api<{ id: string }>('POST', '/targets', {
      kind: 'webhook',
      name: 'alice’s',
      config: { url: 'http://127.0.0.1:9/alice' },
    });
    expect((await alice.api('PUT', `/targets/${own.body.id}/shares/${bob.userId}`)).status).toBe(403);
    expect((await alice.api('GET', `/targets/${own.body.id}/shares`)).status).toBe(403);
    const toOwner = await admin('PUT', `/targets/${family}/shares/${t.app.boot.adminUserId}`);
    expect(toOwner.status).toBe(409);
    expect((await admin('PUT', `/targets/${family}/shares/01JNOSUCHUSER000000000000`)).status).toBe(404);
    expect((await admin('PUT', `/targets/01JNOSUCHTARGET0000000000/shares/${bob.userId}`)).status).toBe(404);
  });

  it('takes a member’s receivers on a shared target with them when they are deleted', async () => {
    const own = await bob.api<Receiver>('POST', `/targets/${family}/receivers`, {
      name: 'bob 2',
      address: {},
    });
    expect(own.status).toBe(201);
    const refused = await admin<{ details: Record<string, number> }>('DELETE', `/users/${bob.userId}`);
    expect(refused.status).toBe(409);
    expect(
      (refused.body as unknown as { error: { details: Record<string, number> } }).error.details.receivers,
    ).toBe(2);
    expect((await admin('DELETE', `/users/${bob.userId}?resources=delete`)).status).toBe(204);
    const left = await admin<Items<Receiver>>('GET', `/targets/${family}/receivers`);
    expect(left.body.items.filter((r) => r.addedBy === bob.userId)).toEqual([]);
    expect(left.body.items.map((r) => r.id)).toContain(familyChat);
  });
});
