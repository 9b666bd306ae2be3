import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { b64, b64url, type LogLine, leaksIn, secretFor, startTracedApp } from '../helpers/traced-app.ts';

const hmacHex = (key: string, body: string) => createHmac('sha256', key).update(body).digest('hex');

interface Sent {
  what: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  method?: string;
  /** Secrets and credential values this request carries. */
  secrets: string[];
  status: number;
}

/** Every source kind's credentials, sent the way its senders send them, to the real app logging at trace. */
describe('source credentials and the trace log', () => {
  let t: TestApp;
  let baseUrl: string;
  let log: { raw: string; lines: LogLine[] };
  const sourceIds: Record<string, string> = {};

  const s = {
    bearer: secretFor('webhook-bearer'),
    basic: secretFor('webhook-basic'),
    hmac: secretFor('webhook-hmac'),
    github: secretFor('github'),
    gitea: secretFor('gitea'),
    forgejo: secretFor('forgejo'),
    gitlab: secretFor('gitlab'),
    ntfy: `tk_${randomBytes(15).toString('hex')}`,
    ntfyTopic: `topic${randomBytes(8).toString('hex')}`,
    gotify: secretFor('gotify'),
    slack: secretFor('slack'),
    discord: secretFor('discord'),
    apprise: `ap${randomBytes(10).toString('hex')}`,
    amBearer: secretFor('am-bearer'),
    amBasic: secretFor('am-basic'),
    planka: secretFor('planka'),
  };

  const sources: { key: string; kind: string; config: Record<string, unknown> }[] = [
    { key: 'bearer', kind: 'webhook', config: { auth: { mode: 'bearer' }, secret: s.bearer } },
    {
      key: 'basic',
      kind: 'webhook',
      config: { auth: { mode: 'basic', username: 'sender' }, secret: s.basic },
    },
    {
      key: 'hmac',
      kind: 'webhook',
      config: { auth: { mode: 'hmac', header: 'x-signature', prefix: 'sha256=' }, secret: s.hmac },
    },
    { key: 'github', kind: 'github', config: { secret: s.github } },
    { key: 'gitea', kind: 'gitea', config: { secret: s.gitea } },
    { key: 'forgejo', kind: 'forgejo', config: { secret: s.forgejo } },
    { key: 'gitlab', kind: 'gitlab', config: { secret: s.gitlab } },
    { key: 'ntfy', kind: 'ntfy', config: { topic: 'private-topic', token: s.ntfy } },
    { key: 'ntfyPublic', kind: 'ntfy', config: { topic: s.ntfyTopic, public: true } },
    { key: 'gotify', kind: 'gotify', config: { token: s.gotify } },
    { key: 'slack', kind: 'slack', config: { token: s.slack } },
    { key: 'discord', kind: 'discord', config: { webhookId: '123456789', token: s.discord } },
    { key: 'apprise', kind: 'apprise', config: { key: s.apprise } },
    { key: 'amBearer', kind: 'alertmanager', config: { auth: 'bearer', secret: s.amBearer } },
    { key: 'amBasic', kind: 'alertmanager', config: { auth: 'basic', username: 'am', secret: s.amBasic } },
    { key: 'planka', kind: 'planka', config: { secret: s.planka } },
  ];

  const json = { 'content-type': 'application/json' };
  const forge = JSON.stringify({ ref: 'refs/heads/main', commits: [], repository: { full_name: 'a/b' } });
  const alerts = JSON.stringify({ version: '4', status: 'firing', alerts: [] });

  function requests(): Sent[] {
    const basic = `Basic ${b64(`sender:${s.basic}`)}`;
    const ntfyBasic = `Basic ${b64(`:${s.ntfy}`)}`;
    const ntfyAuth = b64url(`Bearer ${s.ntfy}`);
    const amBasic = `Basic ${b64(`am:${s.amBasic}`)}`;
    const signed = (key: string) => hmacHex(key, forge);
    return [
      {
        what: 'webhook bearer',
        path: `/hooks/${sourceIds.bearer}`,
        headers: { ...json, authorization: `Bearer ${s.bearer}` },
        body: '{"title":"bearer"}',
        secrets: [s.bearer],
        status: 202,
      },
      {
        what: 'webhook bearer, malformed body',
        path: `/hooks/${sourceIds.bearer}`,
        headers: { ...json, authorization: `Bearer ${s.bearer}` },
        body: '{"title":',
        secrets: [s.bearer],
        status: 400,
      },
      {
        what: 'webhook basic',
        path: `/hooks/${sourceIds.basic}`,
        headers: { ...json, authorization: basic },
        body: '{"title":"basic"}',
        secrets: [s.basic, basic],
        status: 202,
      },
      {
        what: 'webhook HMAC',
        path: `/hooks/${sourceIds.hmac}`,
        headers: { ...json, 'x-signature': `sha256=${hmacHex(s.hmac, '{"title":"hmac"}')}` },
        body: '{"title":"hmac"}',
        secrets: [s.hmac],
        status: 202,
      },
      {
        what: 'GitHub',
        path: `/hooks/${sourceIds.github}`,
        headers: {
          ...json,
          'x-github-event': 'push',
          'x-github-delivery': 'd-1',
          'x-hub-signature-256': `sha256=${signed(s.github)}`,
        },
        body: forge,
        secrets: [s.github, signed(s.github)],
        status: 202,
      },
      {
        what: 'Gitea',
        path: `/hooks/${sourceIds.gitea}`,
        headers: { ...json, 'x-gitea-event': 'push', 'x-gitea-signature': signed(s.gitea) },
        body: forge,
        secrets: [s.gitea, signed(s.gitea)],
        status: 202,
      },
      {
        what: 'Forgejo',
        path: `/hooks/${sourceIds.forgejo}`,
        headers: {
          ...json,
          'x-forgejo-event': 'push',
          'x-forgejo-signature': signed(s.forgejo),
          'x-gitea-signature': signed(s.forgejo),
        },
        body: forge,
        secrets: [s.forgejo, signed(s.forgejo)],
        status: 202,
      },
      {
        what: 'GitLab',
        path: `/hooks/${sourceIds.gitlab}`,
        headers: { ...json, 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': s.gitlab },
        body: JSON.stringify({ object_kind: 'push', ref: 'refs/heads/main', commits: [], project: {} }),
        secrets: [s.gitlab],
        status: 202,
      },
      {
        what: 'ntfy bearer',
        method: 'PUT',
        path: '/ntfy/private-topic',
        headers: { authorization: `Bearer ${s.ntfy}`, title: 'hi' },
        body: 'bearer',
        secrets: [s.ntfy],
        status: 200,
      },
      {
        what: 'ntfy basic',
        path: '/ntfy/private-topic',
        headers: { authorization: ntfyBasic },
        body: 'basic',
        secrets: [s.ntfy, ntfyBasic],
        status: 200,
      },
      {
        what: 'ntfy ?auth=',
        path: `/ntfy/private-topic?auth=${ntfyAuth}&title=hi`,
        body: 'auth param',
        secrets: [s.ntfy, ntfyAuth],
        status: 200,
      },
      {
        what: 'ntfy ?auth= with a wrong topic',
        path: `/ntfy/no-such-topic?auth=${ntfyAuth}`,
        body: 'auth param',
        secrets: [s.ntfy, ntfyAuth],
        status: 403,
      },
      {
        what: 'ntfy public topic',
        path: `/ntfy/${s.ntfyTopic}`,
        body: 'public',
        secrets: [s.ntfyTopic],
        status: 200,
      },
      {
        what: 'Gotify ?token=',
        path: `/gotify/message?token=${s.gotify}`,
        headers: json,
        body: '{"message":"query"}',
        secrets: [s.gotify],
        status: 200,
      },
      {
        what: 'Gotify ?token= URL-encoded name',
        path: `/gotify/message?%74oken=${s.gotify}`,
        headers: json,
        body: '{"message":"encoded"}',
        secrets: [s.gotify],
        status: 200,
      },
      {
        what: 'Gotify X-Gotify-Key',
        path: '/gotify/message',
        headers: { ...json, 'x-gotify-key': s.gotify },
        body: '{"message":"header"}',
        secrets: [s.gotify],
        status: 200,
      },
      {
        what: 'Gotify bearer',
        path: '/gotify/message',
        headers: { ...json, authorization: `Bearer ${s.gotify}` },
        body: '{"message":"bearer"}',
        secrets: [s.gotify],
        status: 200,
      },
      {
        what: 'Gotify token on /hooks',
        path: `/hooks/${sourceIds.gotify}?token=${s.gotify}`,
        headers: json,
        body: '{"message":"by id"}',
        secrets: [s.gotify],
        status: 200,
      },
      {
        what: 'Gotify token, empty message',
        path: `/gotify/message?token=${s.gotify}`,
        headers: json,
        body: '{}',
        secrets: [s.gotify],
        status: 400,
      },
      {
        what: 'Slack',
        path: `/slack/${s.slack}`,
        headers: json,
        body: '{"text":"slack"}',
        secrets: [s.slack],
        status: 200,
      },
      {
        what: 'Slack, a path with one segment too many',
        path: `/slack/${s.slack}/extra`,
        headers: json,
        body: '{"text":"slack"}',
        secrets: [s.slack],
        status: 404,
      },
      {
        what: 'Discord',
        path: `/discord/123456789/${s.discord}?wait=true`,
        headers: json,
        body: '{"content":"discord"}',
        secrets: [s.discord],
        status: 200,
      },
      {
        what: 'Discord, a doubled slash',
        path: `/discord//123456789/${s.discord}`,
        headers: json,
        body: '{"content":"discord"}',
        secrets: [s.discord],
        status: 404,
      },
      {
        what: 'Apprise',
        path: `/apprise/notify/${s.apprise}`,
        headers: json,
        body: '{"body":"apprise"}',
        secrets: [s.apprise],
        status: 200,
      },
      {
        what: 'Alertmanager bearer',
        path: `/hooks/${sourceIds.amBearer}`,
        headers: { ...json, authorization: `Bearer ${s.amBearer}` },
        body: alerts,
        secrets: [s.amBearer],
        status: 200,
      },
      {
        what: 'Alertmanager basic',
        path: `/hooks/${sourceIds.amBasic}`,
        headers: { ...json, authorization: amBasic },
        body: alerts,
        secrets: [s.amBasic, amBasic],
        status: 200,
      },
      {
        what: 'Planka',
        path: `/hooks/${sourceIds.planka}`,
        headers: { ...json, authorization: `Bearer ${s.planka}` },
        body: JSON.stringify({ event: 'cardCreate', data: { item: { name: 'card' } } }),
        secrets: [s.planka],
        status: 202,
      },
    ];
  }

  beforeAll(async () => {
    ({ t, baseUrl, log } = await startTracedApp());
    for (const source of sources) {
      const created = await t.api<{ id: string }>('POST', '/api/v1/sources', {
        kind: source.kind,
        name: source.key,
        config: source.config,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      sourceIds[source.key] = created.body.id;
    }
  });
  afterAll(() => t.close());

  it('never writes one, accepted or refused, and says at debug and trace what happened', async () => {
    for (const request of requests()) {
      const response = await fetch(`${baseUrl}${request.path}`, {
        method: request.method ?? 'POST',
        headers: request.headers,
        body: request.body,
      });
      expect(response.status, `${request.what}: ${await response.text()}`).toBe(request.status);
    }
    expect(leaksIn(log.raw, Object.fromEntries(requests().map((r) => [r.what, r.secrets])))).toEqual([]);

    // The request lines are there, with the credentials blanked where they were.
    const urls = log.lines.flatMap((line) => {
      const req = line.req as { url?: string } | undefined;
      return req?.url ? [req.url] : [];
    });
    expect(urls).toEqual(
      expect.arrayContaining([
        '/gotify/message?token=[redacted]',
        '/slack/[redacted]',
        '/discord/123456789/[redacted]?wait=true',
        '/apprise/notify/[redacted]',
        '/ntfy/[redacted]?auth=[redacted]&title=hi',
        '/ntfy/[redacted]',
      ]),
    );
    const first = (msg: string) => log.lines.find((line) => line.msg === msg);
    expect(first('ingress source found and authenticated')).toMatchObject({ level: 10 });
    expect(first('ingress committed')).toMatchObject({ level: 20 });
    expect(first('ingress request refused')).toMatchObject({ level: 20, code: 'NB_ERR_MALFORMED_BODY' });
  });
});
