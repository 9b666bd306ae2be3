import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../src/db/schema.ts';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import {
  type JsonSchema,
  nested,
  type Overrides,
  type RawBody,
  rawBodies,
  roughly,
  rowCounts,
} from './arbitraries.ts';

/**
 * Every POST and PATCH of the API, as the OpenAPI document lists them, under bodies shaped roughly like
 * the route's own schema (wrong types per field, ids that exist and ones that do not), any JSON, deep
 * nesting, huge strings, odd content types and empty bodies: never a 5xx, and a rejected request
 * changes no row.
 */

const numRuns = Number(process.env.NB_PROPERTY_RUNS ?? 100);
const secret = 'property-test-secret-0123456789';

/** Tables an API call may write. */
const tables: (keyof Schema)[] = [
  'users',
  'api_tokens',
  'sources',
  'events',
  'targets',
  'receivers',
  'templates',
  'rules',
  'rule_receivers',
  'deliveries',
  'silences',
  'topics',
  'topic_signing_keys',
  'audit_log',
];

/** Every POST and PATCH of the API; a test below fails when the OpenAPI document lists one more. */
const writes = [
  'POST /api/v1/sources',
  'POST /api/v1/sources/bulk',
  'PATCH /api/v1/sources/{id}',
  'POST /api/v1/targets',
  'POST /api/v1/targets/bulk',
  'POST /api/v1/targets/from-url',
  'PATCH /api/v1/targets/{id}',
  'POST /api/v1/targets/{id}/receivers',
  'POST /api/v1/targets/{id}/receivers/bulk',
  'PATCH /api/v1/targets/{id}/receivers/{receiverId}',
  'POST /api/v1/targets/{id}/receivers/{receiverId}/test',
  'POST /api/v1/rules',
  'PATCH /api/v1/rules/{id}',
  'POST /api/v1/rules/bulk',
  'POST /api/v1/rules/dry-run',
  'POST /api/v1/templates',
  'PATCH /api/v1/templates/{id}',
  'POST /api/v1/templates/bulk',
  'POST /api/v1/templates/preview',
  'POST /api/v1/silences',
  'POST /api/v1/events/{id}/replay',
  'POST /api/v1/deliveries/{id}/replay',
  'POST /api/v1/deliveries/replay',
  'POST /api/v1/setup',
  'POST /api/v1/auth/sign-in',
  'POST /api/v1/auth/sign-out',
  'POST /api/v1/auth/sign-out-everywhere',
  'POST /api/v1/tokens',
  'PATCH /api/v1/me',
  'POST /api/v1/users',
  'PATCH /api/v1/users/{id}',
  'POST /api/v1/topics',
  'PATCH /api/v1/topics/{id}',
  'POST /api/v1/topics/{id}/tokens',
  'POST /api/v1/topics/signing-keys/rotate',
  'POST /api/v1/users/{id}/unlock',
];

interface Operation {
  method: 'POST' | 'PATCH';
  path: string;
  schema: JsonSchema | undefined;
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>
  >;
}

interface KindList {
  items?: { kind: string; configSchema: JsonSchema }[];
}

describe.each(testDialects)('API bodies under malformed input on %s', (dialect) => {
  let t: TestApp;
  const sink = new HttpSink();
  let operations: Operation[] = [];
  const ids: Record<string, string> = {};
  let sourceKinds: { kind: string; configSchema: JsonSchema }[] = [];
  let channelKinds: { kind: string; configSchema: JsonSchema }[] = [];

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp(dialect);
    // Only the API's own writes are under test: a running dispatcher would add rows of its own (the
    // bridge's delivery.dead events of replayed deliveries) between the snapshots around a rejection.
    await t.app.dispatcher.stop();
    const doc = (await t.api<OpenApi>('GET', '/api/v1/openapi.json')).body;
    // The API's writes; the document also lists the ingress routes, whose bodies are each sender's own.
    const apiPaths = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/v1/'));
    operations = apiPaths.flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method === 'post' || method === 'patch')
        .map(([method, op]) => ({
          method: method.toUpperCase() as 'POST' | 'PATCH',
          path,
          schema: op.requestBody?.content?.['application/json']?.schema,
        })),
    );
    sourceKinds = kindsOf((await t.api<KindList>('GET', '/api/v1/kinds/sources')).body);
    channelKinds = kindsOf((await t.api<KindList>('GET', '/api/v1/kinds/channels')).body);

    const created = async (url: string, body: unknown) => {
      const response = await t.api<{ id: string }>('POST', url, body);
      expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(201);
      return response.body.id;
    };
    ids.source = await created('/api/v1/sources', {
      kind: 'webhook',
      name: 'hook',
      config: { auth: { mode: 'bearer' }, secret },
    });
    ids.target = await created('/api/v1/targets', {
      kind: 'webhook',
      name: 'sink',
      config: { url: sink.url },
    });
    ids.receiver = await created(`/api/v1/targets/${ids.target}/receivers`, { name: 'sink', address: {} });
    ids.template = await created('/api/v1/templates', {
      name: 'plain',
      bodies: { text: '{{ event.title }}' },
    });
    ids.rule = await created('/api/v1/rules', {
      name: 'all',
      sourceIds: [ids.source],
      receiverIds: [ids.receiver],
    });
    const posted = await t.app.http.inject({
      method: 'POST',
      url: `/hooks/${ids.source}`,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      payload: '{"title":"seed"}',
    });
    expect(posted.statusCode).toBe(202);
    ids.event = posted.json<{ id: string }>().id;
    const delivery = await t.app.database.db
      .selectFrom('deliveries')
      .select('id')
      .where('event_id', '=', ids.event)
      .executeTakeFirstOrThrow();
    ids.delivery = delivery.id;
    ids.user = await created('/api/v1/users', { name: 'member', password: 'a long enough password' });
    ids.topic = await created('/api/v1/topics', { name: 'property-topic' });
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  function kindsOf(list: KindList | { kind: string; configSchema: JsonSchema }[]) {
    return Array.isArray(list) ? list : (list.items ?? []);
  }

  it('covers every POST and PATCH the OpenAPI document lists', () => {
    expect(operations.map((op) => `${op.method} ${op.path}`).sort()).toEqual([...writes].sort());
    expect(sourceKinds.length).toBeGreaterThan(5);
    expect(channelKinds.length).toBeGreaterThan(2);
  });

  /** The id a path's `{id}` stands for, by the resource the path names. */
  const pathIds = (path: string): Record<string, string> => {
    const resource = path.split('/')[3];
    const byResource: Record<string, string | undefined> = {
      sources: ids.source,
      targets: ids.target,
      rules: ids.rule,
      templates: ids.template,
      events: ids.event,
      deliveries: ids.delivery,
      users: ids.user,
      topics: ids.topic,
      silences: undefined,
    };
    return { id: byResource[resource!] ?? 'no-such-id', receiverId: ids.receiver! };
  };

  /** Bodies for one operation: its schema, with each kind's config schema where a config goes. */
  const shapeOf = (op: Operation): fc.Arbitrary<unknown> => {
    const known: Overrides = {
      receiverId: fc.constantFrom(ids.receiver, 'no-such-receiver'),
      receiverIds: fc.constant([ids.receiver]),
      sourceIds: fc.constant([ids.source]),
      templateId: fc.constantFrom(ids.template, 'no-such-template'),
    };
    const schema = op.schema ?? { type: 'object' };
    const config = schema.properties?.config;
    if (!config) return roughly(schema, known);
    const kinds = op.path.includes('/targets') ? channelKinds : sourceKinds;
    // A PATCH changes the webhook source or target made above; a POST may be of any kind.
    const candidates = op.method === 'PATCH' ? kinds.filter((k) => k.kind === 'webhook') : kinds;
    return fc.oneof(
      ...candidates.map((kind) =>
        roughly(
          {
            ...schema,
            properties: {
              ...schema.properties,
              ...(schema.properties?.kind ? { kind: { const: kind.kind } } : {}),
              config: kind.configSchema,
            },
          },
          known,
        ),
      ),
      roughly(schema, known),
    );
  };

  it.each(writes)('%s answers 2xx or 4xx and a rejection changes no row', async (write) => {
    {
      const op = operations.find((o) => `${o.method} ${o.path}` === write)!;
      const params = pathIds(op.path);
      const url = op.path.replace(/\{(\w+)\}/g, (_all, name: string) => params[name] ?? 'x');
      const fields = Object.keys(op.schema?.properties ?? {});
      const patched = op.method === 'PATCH' ? rowOf(op.path, params) : undefined;
      await fc.assert(
        fc.asyncProperty(rawBodies(shapeOf(op), fields), async (raw: RawBody) => {
          const before = await rowCounts(t.app.database, tables);
          const row = await patched?.();
          const response = await t.app.http.inject({
            method: op.method,
            url,
            headers: {
              authorization: `Bearer ${testAdminToken}`,
              ...(raw.contentType === undefined ? {} : { 'content-type': raw.contentType }),
            },
            payload: raw.body,
          });
          const what = `${op.method} ${op.path} with ${raw.label} as ${raw.contentType}: ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, what).toBeLessThan(500);
          if (response.statusCode < 400) return;
          expect(await rowCounts(t.app.database, tables), what).toEqual(before);
          if (patched) expect(await patched(), what).toEqual(row);
          if (response.headers['content-type']?.includes('json')) {
            expect(
              response.json<{ error: { message: string } }>().error.message.length,
              what,
            ).toBeGreaterThan(0);
          }
        }),
        { numRuns },
      );
    }
  });

  // The property reaches a deep value in one given field only now and then; this tries every field.
  it.each(writes)('%s refuses a deeply nested value in each of its fields', async (write) => {
    const op = operations.find((o) => `${o.method} ${o.path}` === write)!;
    const params = pathIds(op.path);
    const url = op.path.replace(/\{(\w+)\}/g, (_all, name: string) => params[name] ?? 'x');
    for (const field of Object.keys(op.schema?.properties ?? { body: {} })) {
      const before = await rowCounts(t.app.database, tables);
      const response = await t.app.http.inject({
        method: op.method,
        url,
        headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
        payload: `{${JSON.stringify(field)}:${nested(5000, true)}}`,
      });
      expect(response.statusCode, `${write} ${field}: ${response.body.slice(0, 200)}`).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('NB_ERR_MALFORMED_BODY');
      expect(await rowCounts(t.app.database, tables)).toEqual(before);
    }
  });

  /** Reads the row a PATCH changes, to see that a rejected one left it as it was. */
  function rowOf(path: string, params: Record<string, string>): () => Promise<unknown> {
    const resource = path.includes('/receivers/') ? 'receivers' : path.split('/')[3]!;
    // PATCH /me changes the caller: the admin whose token the test uses.
    const table = (resource === 'me' ? 'users' : resource) as keyof Schema;
    const id =
      resource === 'receivers' ? params.receiverId! : resource === 'me' ? t.app.boot.adminUserId : params.id!;
    return () =>
      t.app.database.db
        .selectFrom(table)
        .selectAll()
        .where('id' as never, '=', id as never)
        .executeTakeFirst();
  }
});
