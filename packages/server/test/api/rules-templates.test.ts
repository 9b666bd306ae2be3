import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs } from './api-client.ts';

interface TemplateView {
  id: string;
  name: string;
  bodies: Record<string, string>;
  version: number;
}
interface RuleView {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  sourceIds: string[] | null;
  eventTypes: string[];
  conditions: unknown[];
  templateId: string | null;
  receiverIds: string[];
  stop: boolean;
  maxAttempts: number | null;
}
interface ErrorView {
  error: { code: string; message: string; details?: unknown };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe.each(testDialects)('/api/v1/templates and /api/v1/rules on %s', (dialect) => {
  let t: TestApp;
  let api: ApiCall;
  let sourceId: string;
  let receiverIds: string[];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = apiAs(t, testAdminToken);
    const source = await api<{ id: string }>('POST', '/sources', {
      kind: 'webhook',
      name: 's',
      config: { auth: { mode: 'none' } },
    });
    sourceId = source.body.id;
    const target = await api<{ id: string }>('POST', '/targets', {
      kind: 'webhook',
      name: 'sink',
      config: { url: 'http://127.0.0.1:9/hook' },
    });
    receiverIds = [];
    for (const name of ['a', 'b']) {
      const receiver = await api<{ id: string }>('POST', `/targets/${target.body.id}/receivers`, {
        name,
        address: {},
      });
      receiverIds.push(receiver.body.id);
    }
  });
  afterAll(() => t.close());

  describe('templates', () => {
    it('creates, reads, lists, changes (bumping the version) and deletes a template', async () => {
      const created = await api<TemplateView>('POST', '/templates', {
        name: 'alerts',
        bodies: { title: '{{ event.title }}', text: '{{ event.body }}' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'alerts',
        version: 1,
        bodies: { title: '{{ event.title }}' },
      });
      const id = created.body.id;
      expect((await api<TemplateView>('GET', `/templates/${id}`)).body).toEqual(created.body);
      expect((await api<Page<TemplateView>>('GET', '/templates')).body.items.map((x) => x.id)).toContain(id);

      const renamed = await api<TemplateView>('PATCH', `/templates/${id}`, { name: 'alerts v2' });
      expect(renamed.body).toMatchObject({
        name: 'alerts v2',
        version: 2,
        bodies: { text: '{{ event.body }}' },
      });
      const rebodied = await api<TemplateView>('PATCH', `/templates/${id}`, {
        bodies: { markdown: '**{{ event.title }}**' },
      });
      expect(rebodied.body).toMatchObject({ version: 3, bodies: { markdown: '**{{ event.title }}**' } });
      expect(rebodied.body.bodies.text).toBeUndefined();

      expect((await api('DELETE', `/templates/${id}`)).status).toBe(204);
      expect((await api('GET', `/templates/${id}`)).status).toBe(404);
    });

    it('refuses a template that does not parse with NB_ERR_TEMPLATE, naming part, line and column', async () => {
      const broken = await api<ErrorView>('POST', '/templates', {
        name: 'broken',
        bodies: { text: 'line one\n{% if event.title %}no end' },
      });
      expect(broken.status).toBe(422);
      expect(broken.body.error.code).toBe('NB_ERR_TEMPLATE');
      expect(broken.body.error.details).toMatchObject({
        reason: 'parse',
        part: 'text',
        line: 2,
        column: expect.any(Number),
      });

      const empty = await api<ErrorView>('POST', '/templates', {
        name: 'empty',
        bodies: { title: 'just a title' },
      });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toContain('at least one body');

      const good = await api<TemplateView>('POST', '/templates', { name: 'good', bodies: { text: 'ok' } });
      const patch = await api<ErrorView>('PATCH', `/templates/${good.body.id}`, {
        bodies: { html: '{{ unclosed' },
      });
      expect(patch.status).toBe(422);
      expect((await api<TemplateView>('GET', `/templates/${good.body.id}`)).body).toMatchObject({
        version: 1,
        bodies: { text: 'ok' },
      });
    });
  });

  describe('rules', () => {
    it('creates a rule with defaults for what is left out', async () => {
      const created = await api<RuleView>('POST', '/rules', { name: 'minimal' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'minimal',
        enabled: true,
        priority: 0,
        sourceIds: null,
        eventTypes: [],
        conditions: [],
        templateId: null,
        receiverIds: [],
        stop: false,
        maxAttempts: null,
      });
      await api('DELETE', `/rules/${created.body.id}`);
    });

    it('creates, reads, lists, changes and deletes a rule with receivers, conditions and a template', async () => {
      const template = await api<TemplateView>('POST', '/templates', {
        name: 'for rules',
        bodies: { text: 'x' },
      });
      const body = {
        name: 'critical pushes',
        priority: 10,
        sourceIds: [sourceId],
        eventTypes: ['push', 'alert.**'],
        conditions: [{ field: 'severity', op: 'gte', value: 'warning' }],
        templateId: template.body.id,
        receiverIds: [receiverIds[0], receiverIds[1], receiverIds[0]],
        stop: true,
        maxAttempts: 3,
      };
      const created = await api<RuleView>('POST', '/rules', body);
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect(created.body).toMatchObject({ ...body, receiverIds: [...receiverIds].sort(), enabled: true });
      expect((await api<RuleView>('GET', `/rules/${id}`)).body).toEqual(created.body);
      expect((await api<Page<RuleView>>('GET', '/rules')).body.items).toContainEqual(created.body);

      const changed = await api<RuleView>('PATCH', `/rules/${id}`, {
        enabled: false,
        receiverIds: [receiverIds[1]],
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        enabled: false,
        receiverIds: [receiverIds[1]],
        priority: 10,
        stop: true,
      });
      const untouched = await api<RuleView>('PATCH', `/rules/${id}`, { name: 'renamed' });
      expect(untouched.body).toMatchObject({
        name: 'renamed',
        enabled: false,
        receiverIds: [receiverIds[1]],
        maxAttempts: 3,
      });
      const cleared = await api<RuleView>('PATCH', `/rules/${id}`, { templateId: null, sourceIds: null });
      expect(cleared.body).toMatchObject({ templateId: null, sourceIds: null });
      expect((await api<RuleView>('GET', `/rules/${id}`)).body).toEqual(cleared.body);

      expect((await api('DELETE', `/rules/${id}`)).status).toBe(204);
      expect((await api('GET', `/rules/${id}`)).status).toBe(404);
    });

    it('routes events by a new rule at once and stops after it is deleted', async () => {
      const created = await api<RuleView>('POST', '/rules', {
        name: 'route me',
        eventTypes: ['route.me'],
        receiverIds,
      });
      const event = {
        sourceId,
        ownerId: t.app.boot.adminUserId,
        type: 'route.me',
        title: 't',
        body: '',
        severity: 'info' as const,
        tags: [],
        data: null,
      };
      expect(
        t.app.router
          .route(event as never)
          .map((r) => r.receiverId)
          .sort(),
      ).toEqual([...receiverIds].sort());
      await api('DELETE', `/rules/${created.body.id}`);
      expect(t.app.router.route(event as never)).toEqual([]);
    });

    it('refuses a bad glob, a bad condition and ids that do not exist, naming the field', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ eventTypes: ['push', 'alert*'] }, '/eventTypes/1', 'whole segment'],
        [{ eventTypes: ['a..b'] }, '/eventTypes/0', 'empty segment'],
        [
          { conditions: [{ field: 'severity', op: 'gte', value: 'loud' }] },
          '/conditions/0/value',
          'must be a severity',
        ],
        [{ conditions: [{ field: 'nope', op: 'eq', value: 1 }] }, '/conditions/0/field', 'unknown field'],
        [
          { receiverIds: [receiverIds[0], '01J00000000000000000000000'] },
          '/receiverIds/1',
          '01J00000000000000000000000',
        ],
        [{ sourceIds: ['01J00000000000000000000001'] }, '/sourceIds/0', '01J00000000000000000000001'],
        [{ templateId: '01J00000000000000000000002' }, '/templateId', '01J00000000000000000000002'],
      ];
      for (const [fields, path, words] of cases) {
        const response = await api<ErrorView>('POST', '/rules', { name: 'bad', ...fields });
        expect(response.status, JSON.stringify(fields)).toBe(400);
        expect(response.body.error.code).toBe('NB_ERR_VALIDATION');
        expect(response.body.error.message).toContain(words);
        expect(response.body.error.details).toEqual([expect.objectContaining({ path })]);
      }
      const schemaError = await api<ErrorView>('POST', '/rules', {
        name: 'bad',
        conditions: [{ field: 'severity', op: 'approx' }],
      });
      expect(schemaError.status).toBe(400);
      expect((await api<Page<RuleView>>('GET', '/rules')).body.items.filter((r) => r.name === 'bad')).toEqual(
        [],
      );

      const good = await api<RuleView>('POST', '/rules', { name: 'good' });
      const patched = await api<ErrorView>('PATCH', `/rules/${good.body.id}`, { eventTypes: ['bad glob'] });
      expect(patched.status).toBe(400);
      expect((await api<RuleView>('GET', `/rules/${good.body.id}`)).body.eventTypes).toEqual([]);
    });
  });
});
