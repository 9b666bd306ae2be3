import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember, createSet, tokenFor } from './api-client.ts';

interface ErrorView {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface AuditPage {
  items: { action: string; resourceId: string | null }[];
}

/** A webhook source without auth whose events take their type from the payload's `kind`. */
async function typedSource(api: ApiCall, name: string): Promise<string> {
  const source = await api<{ id: string }>('POST', '/sources', {
    kind: 'webhook',
    name,
    config: { auth: { mode: 'none' }, mapping: { type: '/kind' } },
  });
  expect(source.status, JSON.stringify(source.body)).toBe(201);
  return source.body.id;
}

interface BulkAnswer {
  items: { id: string; outcome: string; message?: string }[];
}

describe.each(testDialects)('rules and templates: bulk, dry run and preview on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;
  let member: { userId: string; api: ApiCall };
  let sourceId: string;

  async function post(source: string, payload: Record<string, unknown>): Promise<string> {
    const response = await t.app.http.inject({ method: 'POST', url: `/hooks/${source}`, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return (response.json() as { id: string }).id;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
    member = await createMember(t, 'mia');
    sourceId = await typedSource(admin, 'ops');
    await post(sourceId, { kind: 'disk.full', title: 'disk full on nas', severity: 'error' });
    await post(sourceId, { kind: 'disk.ok', title: 'disk fine again' });
    await post(sourceId, { kind: 'backup.done', title: 'backup done' });
    const memberSource = await typedSource(member.api, 'mia');
    await post(memberSource, { kind: 'disk.full', title: 'mia disk full' });
  });
  afterAll(() => t.close());

  it('lists each source kind with the event types it makes', async () => {
    const kinds = await admin<{ items: { kind: string; eventTypes: string[] }[] }>('GET', '/kinds/sources');
    const byKind = new Map(kinds.body.items.map((kind) => [kind.kind, kind.eventTypes]));
    expect(byKind.get('alertmanager')).toEqual(['alert.firing', 'alert.resolved']);
    expect(byKind.get('github')).toContain('pull_request.merged');
    expect(byKind.get('github')).toContain('github.**');
    expect(byKind.get('webhook')).toEqual(['webhook.received']);
    expect(byKind.get('bridge')).toContain('delivery.dead');
  });

  describe('POST /rules/dry-run', () => {
    it("answers which of the caller's newest events an unsaved rule matches, by type glob and condition", async () => {
      const byType = await admin<{ examined: number; matched: { title: string }[] }>(
        'POST',
        '/rules/dry-run',
        {
          rule: { eventTypes: ['disk.*'] },
          limit: 10,
        },
      );
      expect(byType.status, JSON.stringify(byType.body)).toBe(200);
      // The member's "mia disk full" is not the admin's: a rule reaching only its owner's events skips it.
      expect(byType.body.examined).toBe(3);
      expect(byType.body.matched.map((event) => event.title)).toEqual([
        'disk fine again',
        'disk full on nas',
      ]);

      const withCondition = await admin<{ matched: { title: string }[] }>('POST', '/rules/dry-run', {
        rule: {
          eventTypes: ['disk.*'],
          conditions: [{ field: 'title', op: 'matches', value: 'FULL\\s+on' }],
        },
      });
      expect(withCondition.body.matched.map((event) => event.title)).toEqual(['disk full on nas']);

      const newest = await admin<{ examined: number; matched: unknown[] }>('POST', '/rules/dry-run', {
        rule: {},
        limit: 1,
      });
      expect(newest.body).toMatchObject({ examined: 1, matched: [{ title: 'backup done' }] });
    });

    it('sees everyone’s events for an admin rule that reaches all, and only their own for a member', async () => {
      const all = await admin<{ matched: { title: string }[] }>('POST', '/rules/dry-run', {
        rule: { eventTypes: ['disk.full'], reach: 'all' },
      });
      expect(all.body.matched.map((event) => event.title)).toEqual(['mia disk full', 'disk full on nas']);
      const mine = await member.api<{ examined: number; matched: { title: string }[] }>(
        'POST',
        '/rules/dry-run',
        {
          rule: { eventTypes: ['disk.full'] },
        },
      );
      expect(mine.body).toMatchObject({ examined: 1, matched: [{ title: 'mia disk full' }] });
      const reachAll = await member.api<ErrorView>('POST', '/rules/dry-run', { rule: { reach: 'all' } });
      expect(reachAll.status).toBe(400);
      // Another user's source is not one a member's rule may name.
      const foreign = await member.api<ErrorView>('POST', '/rules/dry-run', {
        rule: { sourceIds: [sourceId] },
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.message).toContain('/sourceIds/0');
    });

    it("tries an edited rule as its owner's: an admin editing a member's rule sees the member's events", async () => {
      const theirs = await member.api<{ id: string }>('POST', '/rules', { name: 'mia disks' });
      const asOwner = await admin<{ matched: { title: string }[] }>('POST', '/rules/dry-run', {
        rule: { eventTypes: ['disk.full'] },
        ruleId: theirs.body.id,
      });
      expect(asOwner.status, JSON.stringify(asOwner.body)).toBe(200);
      expect(asOwner.body.matched.map((event) => event.title)).toEqual(['mia disk full']);
      const adminRule = await admin<{ id: string }>('POST', '/rules', { name: 'admin disks' });
      const hidden = await member.api<ErrorView>('POST', '/rules/dry-run', {
        rule: {},
        ruleId: adminRule.body.id,
      });
      expect(hidden.status).toBe(404);
    });

    it('refuses what RE2 cannot run and bad globs with a 400 naming the field', async () => {
      const lookahead = await admin<ErrorView>('POST', '/rules/dry-run', {
        rule: { conditions: [{ field: 'title', op: 'matches', value: '(?=disk)' }] },
      });
      expect(lookahead.status).toBe(400);
      expect(lookahead.body.error.message).toContain('/conditions/0/value');
      const glob = await admin<ErrorView>('POST', '/rules/dry-run', { rule: { eventTypes: ['a..b'] } });
      expect(glob.status).toBe(400);
      expect(glob.body.error.message).toContain('/eventTypes/0');
      const limit = await admin<ErrorView>('POST', '/rules/dry-run', { rule: {}, limit: 0 });
      expect(limit.status).toBe(400);
      const reader = await tokenFor(t, member.userId, ['read']);
      expect((await reader('POST', '/rules/dry-run', { rule: {} })).status).toBe(403);
    });
  });

  describe('POST /rules/bulk', () => {
    it('disables, enables and deletes several rules in one call, one audit entry per rule changed', async () => {
      const one = await createSet(admin, 'bulk one');
      const two = await createSet(admin, 'bulk two');
      const ids = [one.rule, two.rule];
      const disabled = await admin<BulkAnswer>('POST', '/rules/bulk', { ids, action: 'disable' });
      expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
      expect(disabled.body.items).toEqual(ids.map((id) => ({ id, outcome: 'done' })));
      for (const id of ids)
        expect((await admin<{ enabled: boolean }>('GET', `/rules/${id}`)).body.enabled).toBe(false);
      // Already disabled: nothing changes, nothing is recorded.
      expect(
        (await admin<BulkAnswer>('POST', '/rules/bulk', { ids, action: 'disable' })).body.items.map(
          (item) => item.outcome,
        ),
      ).toEqual(['unchanged', 'unchanged']);
      const audit = await admin<AuditPage>('GET', '/audit?action=rule.update&limit=50');
      expect(audit.body.items.filter((entry) => ids.includes(entry.resourceId!))).toHaveLength(2);

      const deleted = await admin<BulkAnswer>('POST', '/rules/bulk', { ids, action: 'delete' });
      expect(deleted.body.items).toEqual(ids.map((id) => ({ id, outcome: 'done' })));
      expect((await admin('GET', `/rules/${one.rule}`)).status).toBe(404);
      const deletes = await admin<AuditPage>('GET', '/audit?action=rule.delete&limit=50');
      expect(deletes.body.items.filter((entry) => ids.includes(entry.resourceId!))).toHaveLength(2);
    });

    it('will not switch a rule reaching everyone’s events without the admin scope', async () => {
      const wide = await admin<{ id: string }>('POST', '/rules', { name: 'everyone', reach: 'all' });
      expect(wide.status).toBe(201);
      const narrow = await tokenFor(t, t.app.boot.adminUserId, ['write']);
      const answer = await narrow<BulkAnswer>('POST', '/rules/bulk', {
        ids: [wide.body.id],
        action: 'disable',
      });
      expect(answer.body.items).toEqual([
        expect.objectContaining({ outcome: 'forbidden', message: expect.stringContaining('"admin" scope') }),
      ]);
      expect((await admin<{ enabled: boolean }>('GET', `/rules/${wide.body.id}`)).body.enabled).toBe(true);
    });

    it("answers a member not_found for the admin's rule and leaves it, changing only their own", async () => {
      const theirs = await createSet(admin, 'admin rule');
      const mine = await createSet(member.api, 'member rule');
      const answer = await member.api<BulkAnswer>('POST', '/rules/bulk', {
        ids: [mine.rule, theirs.rule],
        action: 'disable',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((item) => item.outcome)).toEqual(['done', 'not_found']);
      expect((await member.api<{ enabled: boolean }>('GET', `/rules/${mine.rule}`)).body.enabled).toBe(false);
      expect((await admin<{ enabled: boolean }>('GET', `/rules/${theirs.rule}`)).body.enabled).toBe(true);
      expect((await member.api('POST', '/rules/bulk', { ids: [], action: 'delete' })).status).toBe(400);
      expect((await member.api('POST', '/rules/bulk', { ids: [mine.rule], action: 'pause' })).status).toBe(
        400,
      );
    });
  });

  describe('POST /templates/bulk', () => {
    it('deletes several templates, owner-scoped, one audit entry each', async () => {
      const made: string[] = [];
      for (const name of ['t1', 't2']) {
        made.push(
          (await admin<{ id: string }>('POST', '/templates', { name, bodies: { text: name } })).body.id,
        );
      }
      const other = await member.api<{ id: string }>('POST', '/templates', {
        name: 'mia',
        bodies: { text: 'x' },
      });
      const refused = await member.api<BulkAnswer>('POST', '/templates/bulk', {
        ids: made,
        action: 'delete',
      });
      expect(refused.body.items.map((item) => item.outcome)).toEqual(['not_found', 'not_found']);
      expect((await member.api('POST', '/templates/bulk', { ids: made, action: 'disable' })).status).toBe(
        400,
      );
      const deleted = await admin<BulkAnswer>('POST', '/templates/bulk', {
        ids: made,
        action: 'delete',
      });
      expect(deleted.body.items).toEqual(made.map((id) => ({ id, outcome: 'done' })));
      expect((await admin('GET', `/templates/${made[0]}`)).status).toBe(404);
      expect((await member.api('GET', `/templates/${other.body.id}`)).status).toBe(200);
      const audit = await admin<AuditPage>('GET', '/audit?action=template.delete&limit=50');
      expect(audit.body.items.filter((entry) => made.includes(entry.resourceId!))).toHaveLength(2);
    });
  });

  describe('POST /templates/preview', () => {
    it("renders every body of an unsaved template against the caller's newest event of a type", async () => {
      const preview = await admin<{ event: { type: string }; renders: { format: string; body: string }[] }>(
        'POST',
        '/templates/preview',
        {
          bodies: {
            title: '{{ event.title | upcase }}',
            text: '{{ event.type }} from {{ source.name }}',
            html: '<b>{{ event.title }}</b>',
          },
          eventTypes: ['disk.*'],
        },
      );
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body.event.type).toBe('disk.ok');
      expect(preview.body.renders).toEqual([
        { format: 'text', title: 'DISK FINE AGAIN', body: 'disk.ok from ops' },
        { format: 'html', title: 'DISK FINE AGAIN', body: '<b>disk fine again</b>' },
      ]);
      // A member previews with their own events only.
      const theirs = await member.api<{ renders: { body: string }[] }>('POST', '/templates/preview', {
        bodies: { text: '{{ event.title }}' },
      });
      expect(theirs.body.renders[0]!.body).toBe('mia disk full');
    });

    it('renders a pasted event', async () => {
      const preview = await member.api<{ event: { id: null }; renders: { body: string }[] }>(
        'POST',
        '/templates/preview',
        {
          bodies: { markdown: '*{{ event.data.host }}* {{ event.severity }}' },
          event: { type: 'disk.full', severity: 'critical', data: { host: 'nas' } },
        },
      );
      expect(preview.status).toBe(200);
      expect(preview.body.event.id).toBeNull();
      expect(preview.body.renders[0]!.body).toBe('*nas* critical');
    });

    it('answers a broken template with a 422 that has its part, line and column', async () => {
      const broken = await admin<ErrorView>('POST', '/templates/preview', {
        bodies: { text: 'line one\n  {{ event.title | nope }}' },
      });
      expect(broken.status).toBe(422);
      expect(broken.body.error.code).toBe('NB_ERR_TEMPLATE');
      expect(broken.body.error.details).toMatchObject({ reason: 'parse', part: 'text', line: 2, column: 3 });
      const failing = await admin<ErrorView>('POST', '/templates/preview', {
        bodies: { text: 'ok', html: 'a\n  {{ event.title | truncate_text: "many" }}' },
      });
      expect(failing.status).toBe(422);
      expect(failing.body.error.details).toMatchObject({
        reason: 'render',
        part: 'html',
        line: 2,
        column: 3,
      });
    });

    it('answers 404 without an event to use, and for an event of another user', async () => {
      const none = await admin<ErrorView>('POST', '/templates/preview', {
        bodies: { text: 'x' },
        eventTypes: ['nothing.here'],
      });
      expect(none.status).toBe(404);
      expect(none.body.error.message).toContain('paste an event');
      const adminEvent = (await admin<{ items: { id: string }[] }>('GET', `/events?sourceId=${sourceId}`))
        .body.items[0]!.id;
      const foreign = await member.api<ErrorView>('POST', '/templates/preview', {
        bodies: { text: 'x' },
        eventId: adminEvent,
      });
      expect(foreign.status).toBe(404);
      expect((await admin('POST', '/templates/preview', { bodies: {} })).status).toBe(400);
    });
  });
});
