import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { createWebhookReceiver, hookSecret, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface RuleView {
  id: string;
  eventTypes: string[];
}
interface ErrorView {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}
interface DeliveryView {
  ruleId: string | null;
  receiverId: string;
}
interface SilenceView {
  eventTypes: string[] | null;
}

/** What users write into rules, through the API, reaching real ingest over HTTP. */
describe.each(testDialects)('rule patterns and event types through the API and /hooks on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;
  let receiverId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'typed source',
      config: { auth: { mode: 'bearer' }, secret: hookSecret, mapping: { type: '/type' } },
    });
    expect(source.status, JSON.stringify(source.body)).toBe(201);
    sourceId = source.body.id;
    // Port 9 (discard) refuses connections: deliveries are made at ingest whatever the sending does.
    receiverId = (await createWebhookReceiver(t, 'http://127.0.0.1:9/hook')).receiverId;
  });
  afterAll(() => t.close());

  async function createRule(fields: Record<string, unknown>) {
    return t.api<RuleView & ErrorView>('POST', '/api/v1/rules', {
      name: 'pattern rule',
      sourceIds: [sourceId],
      receiverIds: [receiverId],
      ...fields,
    });
  }

  async function deliveriesOf(eventId: string): Promise<DeliveryView[]> {
    const page = await t.api<{ items: DeliveryView[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`);
    return page.body.items;
  }

  it('ingests an adversarial body against a `(.|\\s)*foo` rule and keeps answering', async () => {
    const rule = await createRule({
      eventTypes: ['redos.**'],
      conditions: [{ field: 'body', op: 'matches', value: '(.|\\s)*foo' }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    // On V8's backtracking engine 60 spaces kept the process busy for minutes; this is 10 kB of them.
    const miss = await postHook(baseUrl, sourceId, { type: 'redos.miss', body: ' '.repeat(10_000) });
    const hit = await postHook(baseUrl, sourceId, { type: 'redos.hit', body: `${' '.repeat(10_000)}foo` });
    expect([miss.status, hit.status]).toEqual([202, 202]);
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);

    expect(await deliveriesOf(miss.body.id as string)).toEqual([]);
    expect(await deliveriesOf(hit.body.id as string)).toEqual([
      expect.objectContaining({ ruleId: rule.body.id, receiverId }),
    ]);
  });

  it('refuses a pattern RE2 cannot run, naming the condition and the construct', async () => {
    const cases: [string, string][] = [
      ['(a)\\1', 'backreferences'],
      ['^(?!ok)', 'lookahead'],
      ['(?<=x)y', 'lookbehind'],
      ['(unclosed', 'missing closing )'],
    ];
    for (const [pattern, words] of cases) {
      const response = await createRule({
        conditions: [
          { field: 'type', op: 'exists' },
          { field: 'title', op: 'matches', value: pattern },
        ],
      });
      expect(response.status, pattern).toBe(400);
      expect(response.body.error.code).toBe('NB_ERR_VALIDATION');
      expect(response.body.error.message).toMatch(/^\/conditions\/1\/value: /);
      expect(response.body.error.message).toContain(words);
      expect(response.body.error.details).toEqual([
        { path: '/conditions/1/value', message: expect.stringContaining(words) },
      ]);
    }
  });

  it('stores capitalised event types lowercased and matches the events they name', async () => {
    const created = await createRule({ eventTypes: ['Tpl.loop100M', 'CAPS.*'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.eventTypes).toEqual(['tpl.loop100m', 'caps.*']);

    const loop = await postHook(baseUrl, sourceId, { type: 'tpl.loop100M', title: 'loop' });
    const caps = await postHook(baseUrl, sourceId, { type: 'Caps.Lock', title: 'caps' });
    expect((await deliveriesOf(loop.body.id as string)).map((d) => d.ruleId)).toEqual([created.body.id]);
    expect((await deliveriesOf(caps.body.id as string)).map((d) => d.ruleId)).toEqual([created.body.id]);

    const patched = await t.api<RuleView>('PATCH', `/api/v1/rules/${created.body.id}`, {
      eventTypes: ['Other.Thing'],
    });
    expect(patched.body.eventTypes).toEqual(['other.thing']);
    expect((await t.api<RuleView>('GET', `/api/v1/rules/${created.body.id}`)).body.eventTypes).toEqual([
      'other.thing',
    ]);
  });

  it('stores a silence’s capitalised event types lowercased', async () => {
    const silence = await t.api<SilenceView>('POST', '/api/v1/silences', {
      receiverId,
      eventTypes: ['Backup.**', 'disk.Full'],
      duration: '1h',
    });
    expect(silence.status, JSON.stringify(silence.body)).toBe(201);
    expect(silence.body.eventTypes).toEqual(['backup.**', 'disk.full']);
  });
});
