import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type JsonSchema, type RawBody, rawBodies, roughly } from './arbitraries.ts';

/**
 * Every ingress route, with its real credentials, under bodies a sender should never send: whatever
 * comes in is answered 2xx or 4xx, and a rejected request stores no event and no delivery.
 */

const numRuns = Number(process.env.NB_PROPERTY_RUNS ?? 100);
const secret = 'property-test-secret-0123456789';
const token = 'property_token_0123456789';
const topic = 'property_topic';
const discordId = '123456789';

const S = Type.String();
const forgeUser = Type.Object({ login: S, username: S, html_url: S });
const forgeIssue = Type.Object({
  number: Type.Integer(),
  title: S,
  html_url: S,
  body: S,
  pull_request: Type.Object({}),
  merged: Type.Boolean(),
});
const forgePayload = Type.Object({
  action: S,
  ref: S,
  ref_type: Type.Union([Type.Literal('tag'), Type.Literal('branch')]),
  compare_url: S,
  compare: S,
  workflow_run: Type.Object({ name: S, conclusion: S, html_url: S, head_branch: S }),
  commits: Type.Array(
    Type.Object({ id: S, message: S, url: S, author: Type.Object({ name: S, username: S }) }),
  ),
  repository: Type.Object({ name: S, full_name: S, html_url: S }),
  sender: forgeUser,
  pusher: forgeUser,
  issue: forgeIssue,
  pull_request: forgeIssue,
  comment: Type.Object({ body: S, html_url: S }),
  release: Type.Object({ tag_name: S, name: S, html_url: S, body: S }),
});
const forgeEvents = ['push', 'create', 'delete', 'issues', 'issue_comment', 'pull_request', 'release'];
const forgeEventHeader = fc.constantFrom(...forgeEvents, 'workflow_run', 'ping', 'star', '');

const gitlabPayload = Type.Object({
  object_kind: Type.Union(
    ['push', 'tag_push', 'merge_request', 'issue', 'work_item', 'note', 'pipeline', 'release', 'x'].map((k) =>
      Type.Literal(k),
    ),
  ),
  ref: S,
  user_name: S,
  user_username: S,
  user: Type.Object({ name: S, username: S }),
  project: Type.Object({ name: S, path_with_namespace: S, web_url: S }),
  commits: Type.Array(Type.Object({ id: S, message: S, title: S })),
  total_commits_count: Type.Integer(),
  checkout_sha: Type.Union([S, Type.Null()]),
  object_attributes: Type.Object({
    iid: Type.Integer(),
    title: S,
    url: S,
    action: S,
    status: S,
    note: S,
    noteable_type: Type.Union([Type.Literal('MergeRequest'), Type.Literal('Issue'), S]),
    description: S,
    ref: S,
  }),
  merge_request: Type.Object({ iid: Type.Integer(), title: S }),
  issue: Type.Object({ iid: Type.Integer(), title: S }),
  name: S,
  tag: S,
  url: S,
  description: S,
  action: S,
});

const stringRecord = Type.Record(S, S);
const alertmanagerPayload = Type.Object({
  version: Type.Literal('4'),
  groupKey: S,
  status: S,
  receiver: S,
  groupLabels: stringRecord,
  commonLabels: stringRecord,
  commonAnnotations: stringRecord,
  externalURL: S,
  truncatedAlerts: Type.Integer(),
  alerts: Type.Array(
    Type.Object({
      status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
      labels: Type.Object({ alertname: S, severity: S, instance: S }),
      annotations: Type.Object({ summary: S, description: S, message: S }),
      startsAt: Type.String({ format: 'date-time' }),
      endsAt: Type.String({ format: 'date-time' }),
      generatorURL: S,
      fingerprint: S,
    }),
  ),
});

const plankaRecord = Type.Object({
  id: S,
  name: S,
  listId: S,
  cardId: S,
  boardId: S,
  description: S,
  text: S,
});
const plankaPayload = Type.Object({
  event: Type.Union(
    ['cardCreate', 'cardUpdate', 'cardDelete', 'commentCreate', 'listCreate'].map((e) => Type.Literal(e)),
  ),
  data: Type.Object({
    item: plankaRecord,
    included: Type.Object({
      cards: Type.Array(plankaRecord),
      lists: Type.Array(plankaRecord),
      boards: Type.Array(plankaRecord),
    }),
  }),
  prevData: Type.Object({ item: plankaRecord }),
  user: Type.Object({ name: S, username: S }),
});

const webhookPayload = Type.Object({
  title: S,
  subject: S,
  message: S,
  body: S,
  severity: S,
  level: S,
  priority: Type.Integer(),
  url: S,
  link: S,
  tags: Type.Array(S),
  kind: S,
  id: S,
  ts: Type.Integer(),
  files: Type.Array(Type.Object({ url: S, name: S, contentType: S })),
});

const ntfyPayload = Type.Object({
  topic: Type.Literal(topic),
  message: S,
  title: S,
  tags: Type.Array(S),
  priority: Type.Integer({ minimum: 1, maximum: 5 }),
  click: S,
  attach: S,
  filename: S,
  markdown: Type.Boolean(),
});

const gotifyPayload = Type.Object({
  title: S,
  message: S,
  priority: Type.Integer({ minimum: 0, maximum: 10 }),
  extras: Type.Object({
    'client::notification': Type.Object({ click: Type.Object({ url: S }) }),
    'client::display': Type.Object({ contentType: Type.Literal('text/markdown') }),
  }),
});

const apprisePayload = Type.Object({
  title: S,
  body: S,
  type: Type.Union(['info', 'success', 'warning', 'failure'].map((t) => Type.Literal(t))),
  tag: S,
  tags: Type.Array(S),
  format: S,
});

const slackText = Type.Object({ type: S, text: S });
const slackPayload = Type.Object({
  text: S,
  blocks: Type.Array(
    Type.Object({
      type: Type.Union(['header', 'section', 'context', 'rich_text'].map((t) => Type.Literal(t))),
      text: slackText,
      fields: Type.Array(slackText),
      elements: Type.Array(
        Type.Object({ type: S, text: S, elements: Type.Array(Type.Object({ text: S, url: S })) }),
      ),
    }),
  ),
  attachments: Type.Array(
    Type.Object({
      pretext: S,
      title: S,
      title_link: S,
      text: S,
      fallback: S,
      color: S,
      fields: Type.Array(Type.Object({ title: S, value: S })),
    }),
  ),
});

const discordPayload = Type.Object({
  content: S,
  username: S,
  embeds: Type.Array(
    Type.Object({
      title: S,
      description: S,
      url: S,
      fields: Type.Array(Type.Object({ name: S, value: S })),
      footer: Type.Object({ text: S }),
      author: Type.Object({ name: S }),
    }),
  ),
});

interface SourceSpec {
  kind: string;
  name: string;
  config: Record<string, unknown>;
}

interface Request {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
}

interface IngressRoute {
  name: string;
  source: string;
  shape: JsonSchema;
  /** Headers that vary per case (the forge's event name). */
  vary?: fc.Arbitrary<Record<string, string>>;
  request(sourceId: string, body: Buffer, varied: Record<string, string>): Request;
}

const hmacHex = (body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');
const bearer = { authorization: `Bearer ${secret}` };
const hook = (sourceId: string, headers: Record<string, string>): Request => ({
  method: 'POST',
  url: `/hooks/${sourceId}`,
  headers,
});

const sources: SourceSpec[] = [
  { kind: 'webhook', name: 'hmac', config: { auth: { mode: 'hmac' }, secret } },
  {
    kind: 'webhook',
    name: 'mapped',
    config: {
      auth: { mode: 'bearer' },
      secret,
      mapping: {
        type: 'x.{{ kind }}',
        title: '{{ title }} {{ tags[0] }}',
        severity: '/level',
        dedupKey: '/id',
        tags: '/tags',
        attachments: '/files',
        occurredAt: '/ts',
      },
    },
  },
  { kind: 'gitea', name: 'gitea', config: { secret } },
  { kind: 'forgejo', name: 'forgejo', config: { secret } },
  { kind: 'github', name: 'github', config: { secret } },
  { kind: 'gitlab', name: 'gitlab', config: { secret } },
  { kind: 'alertmanager', name: 'alertmanager', config: { auth: 'bearer', secret } },
  { kind: 'planka', name: 'planka', config: { secret, baseUrl: 'https://planka.test' } },
  { kind: 'ntfy', name: 'ntfy', config: { topic, token } },
  { kind: 'gotify', name: 'gotify', config: { token } },
  { kind: 'apprise', name: 'apprise', config: { key: token } },
  { kind: 'slack', name: 'slack', config: { token } },
  { kind: 'discord', name: 'discord', config: { webhookId: discordId, token } },
];

const routes: IngressRoute[] = [
  {
    name: '/hooks (webhook, HMAC)',
    source: 'hmac',
    shape: Type.Union([webhookPayload, Type.Array(webhookPayload)]),
    request: (id, body) => hook(id, { 'x-signature': hmacHex(body) }),
  },
  {
    name: '/hooks (webhook, bearer, mapping)',
    source: 'mapped',
    shape: webhookPayload,
    request: (id) => hook(id, bearer),
  },
  ...(['gitea', 'forgejo'] as const).map(
    (forge): IngressRoute => ({
      name: `/hooks (${forge})`,
      source: forge,
      shape: forgePayload,
      vary: fc.record({ event: forgeEventHeader, delivery: fc.uuid() }),
      request: (id, body, { event, delivery }) =>
        hook(id, {
          [`x-${forge}-event`]: event!,
          [`x-${forge}-delivery`]: delivery!,
          [`x-${forge}-signature`]: hmacHex(body),
        }),
    }),
  ),
  {
    name: '/hooks (github)',
    source: 'github',
    shape: forgePayload,
    vary: fc.record({ event: forgeEventHeader }),
    request: (id, body, { event }) =>
      hook(id, { 'x-github-event': event!, 'x-hub-signature-256': `sha256=${hmacHex(body)}` }),
  },
  {
    name: '/hooks (gitlab)',
    source: 'gitlab',
    shape: gitlabPayload,
    vary: fc.record({ event: fc.constantFrom('Push Hook', 'Note Hook', 'System Hook'), uuid: fc.uuid() }),
    request: (id, _body, { event, uuid }) =>
      hook(id, { 'x-gitlab-event': event!, 'x-gitlab-token': secret, 'x-gitlab-event-uuid': uuid! }),
  },
  {
    name: '/hooks (alertmanager)',
    source: 'alertmanager',
    shape: alertmanagerPayload,
    request: (id) => hook(id, bearer),
  },
  { name: '/hooks (planka)', source: 'planka', shape: plankaPayload, request: (id) => hook(id, bearer) },
  ...(
    [
      ['ntfy', ntfyPayload, { authorization: `Bearer ${token}` }],
      ['gotify', gotifyPayload, { 'x-gotify-key': token }],
      ['apprise', apprisePayload, {}],
      ['slack', slackPayload, {}],
      ['discord', discordPayload, {}],
    ] as const
  ).map(
    ([kind, shape, headers]): IngressRoute => ({
      name: `/hooks (${kind})`,
      source: kind,
      shape,
      request: (id) => hook(id, headers),
    }),
  ),
  {
    name: 'ntfy PUT/POST /ntfy/<topic>',
    source: 'ntfy',
    shape: ntfyPayload,
    vary: fc.record({
      method: fc.constantFrom('POST', 'PUT'),
      title: fc.string({ maxLength: 20 }),
      priority: fc.constantFrom('', 'high', '5', '0', '9', '-1', 'abc', '{}', '1e400'),
      tags: fc.string({ maxLength: 20 }),
    }),
    request: (_id, _body, { method, title, priority, tags }) => ({
      method: method as 'POST',
      url: `/ntfy/${topic}?p=${encodeURIComponent(priority!)}&tags=${encodeURIComponent(tags!)}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(title ? { 'x-title': encodeURIComponent(title) } : {}),
      },
    }),
  },
  {
    name: 'ntfy POST / (JSON publishing)',
    source: 'ntfy',
    shape: ntfyPayload,
    request: () => ({ method: 'POST', url: '/', headers: { authorization: `Bearer ${token}` } }),
  },
  {
    name: 'gotify POST /gotify/message',
    source: 'gotify',
    shape: gotifyPayload,
    request: () => ({ method: 'POST', url: `/gotify/message?token=${token}`, headers: {} }),
  },
  {
    name: 'apprise POST /apprise/notify/<key>',
    source: 'apprise',
    shape: apprisePayload,
    request: () => ({ method: 'POST', url: `/apprise/notify/${token}`, headers: {} }),
  },
  {
    name: 'slack POST /slack/<token>',
    source: 'slack',
    shape: slackPayload,
    request: () => ({ method: 'POST', url: `/slack/${token}`, headers: {} }),
  },
  {
    name: 'discord POST /discord/<id>/<token>',
    source: 'discord',
    shape: discordPayload,
    vary: fc.record({ wait: fc.constantFrom('', 'true') }),
    request: (_id, _body, { wait }) => ({
      method: 'POST',
      url: `/discord/${discordId}/${token}${wait ? '?wait=true' : ''}`,
      headers: {},
    }),
  },
];

describe.each(testDialects)('ingress routes under malformed input on %s', (dialect) => {
  let t: TestApp;
  const sink = new HttpSink();
  const sourceIds: Record<string, string> = {};

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp(dialect);
    for (const spec of sources) {
      const created = await t.api<{ id: string }>('POST', '/api/v1/sources', spec);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      sourceIds[spec.name] = created.body.id;
    }
    const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'webhook',
      name: 'sink',
      config: { url: sink.url },
    });
    const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: 'sink',
      address: {},
    });
    // Only the sources under test: a bridge event (a dead delivery) must not change the counts.
    const rule = await t.api('POST', '/api/v1/rules', {
      name: 'everything',
      sourceIds: Object.values(sourceIds),
      receiverIds: [receiver.body.id],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  const counts = async () => {
    const row = await t.app.database.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('events')
          .select(eb.fn.countAll<number | string>().as('n'))
          .where('source_id', 'in', Object.values(sourceIds))
          .as('events'),
        eb.selectFrom('deliveries').select(eb.fn.countAll<number | string>().as('n')).as('deliveries'),
      ])
      .executeTakeFirstOrThrow();
    return { events: Number(row.events), deliveries: Number(row.deliveries) };
  };

  it.each(routes)('$name answers 2xx or 4xx and a rejection stores nothing', async (route) => {
    const sourceId = sourceIds[route.source]!;
    const fields = Object.keys((route.shape as JsonSchema).properties ?? {});
    await fc.assert(
      fc.asyncProperty(
        rawBodies(roughly(route.shape as JsonSchema), fields),
        route.vary ?? fc.constant({}),
        async (raw: RawBody, varied: Record<string, string>) => {
          const payload = Buffer.from(raw.body, 'utf8');
          const request = route.request(sourceId, payload, varied);
          const headers = {
            ...request.headers,
            ...(raw.contentType === undefined ? {} : { 'content-type': raw.contentType }),
          };
          const before = await counts();
          const response = await t.app.http.inject({ ...request, headers, payload });
          const what = `${raw.label} as ${raw.contentType}: ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, what).toBeLessThan(500);
          if (response.statusCode >= 400) expect(await counts(), what).toEqual(before);
        },
      ),
      { numRuns },
    );
  });
});
