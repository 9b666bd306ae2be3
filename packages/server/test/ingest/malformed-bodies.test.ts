import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxJsonDepth } from '../../src/http/json-depth.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The malformed bodies a fuzzer found answered 500 (issue 11, item 10): each is a 400 that says what is
 * wrong, and stores nothing.
 */

const secret = 'malformed-test-secret-0123456789';
const token = 'malformed_token_0123456789';
const topic = 'malformed_topic';
const discordId = '42';

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const sign = (body: string) => createHmac('sha256', secret).update(body).digest('hex');

describe.each(testDialects)('malformed bodies on %s', (dialect) => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const sources = {
      webhook: { auth: { mode: 'bearer' }, secret },
      github: { secret },
      gitea: { secret },
      gitlab: { secret },
      alertmanager: { auth: 'bearer', secret },
      planka: { secret },
      ntfy: { topic, token },
      gotify: { token },
      apprise: { key: token },
      slack: { token },
      discord: { webhookId: discordId, token },
    };
    for (const [kind, config] of Object.entries(sources)) {
      const created = await t.api<{ id: string }>('POST', '/api/v1/sources', { kind, name: kind, config });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[kind] = created.body.id;
    }
  });
  afterAll(() => t.close());

  /** Every JSON ingress route, with its credentials for `body`. */
  const jsonRoutes = (body: string): { url: string; headers: Record<string, string> }[] => [
    { url: `/hooks/${ids.webhook}`, headers: { authorization: `Bearer ${secret}` } },
    {
      url: `/hooks/${ids.github}`,
      headers: { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign(body)}` },
    },
    { url: `/hooks/${ids.gitea}`, headers: { 'x-gitea-event': 'push', 'x-gitea-signature': sign(body) } },
    { url: `/hooks/${ids.gitlab}`, headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': secret } },
    { url: `/hooks/${ids.alertmanager}`, headers: { authorization: `Bearer ${secret}` } },
    { url: `/hooks/${ids.planka}`, headers: { authorization: `Bearer ${secret}` } },
    // ntfy's JSON publishing; to /ntfy/<topic> the body is the message text, whatever it looks like.
    { url: '/', headers: { authorization: `Bearer ${token}` } },
    { url: `/gotify/message?token=${token}`, headers: {} },
    { url: `/apprise/notify/${token}`, headers: {} },
    { url: `/slack/${token}`, headers: {} },
    { url: `/discord/${discordId}/${token}`, headers: {} },
  ];

  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    t.app.http.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });

  const eventCount = async () =>
    (
      await t.app.database.db
        .selectFrom('events')
        .select('id')
        .where('source_id', 'in', Object.values(ids))
        .execute()
    ).length;

  it(`refuses JSON nested deeper than ${maxJsonDepth} levels on every JSON ingress route, with a 400`, async () => {
    const body = deep(5000);
    for (const route of jsonRoutes(body)) {
      const response = await post(route.url, body, route.headers);
      // ntfy finds the source by the topic inside the body: a body it cannot read names no source (403).
      if (route.url === '/') {
        expect(response.statusCode, route.url).toBe(403);
        continue;
      }
      expect(response.statusCode, `${route.url}: ${response.body.slice(0, 200)}`).toBe(400);
      // Slack answers with a bare error word; every other dialect carries our message.
      if (!route.url.startsWith('/slack/'))
        expect(response.body, route.url).toContain(`${maxJsonDepth} levels`);
    }
    expect(await eventCount()).toBe(0);
  });

  it(`accepts JSON nested exactly ${maxJsonDepth} levels`, async () => {
    const body = deep(maxJsonDepth);
    const response = await post(`/hooks/${ids.webhook}`, body, { authorization: `Bearer ${secret}` });
    expect(response.statusCode, response.body).toBe(202);
    const deeper = await post(`/hooks/${ids.webhook}`, deep(maxJsonDepth + 1), {
      authorization: `Bearer ${secret}`,
    });
    expect(deeper.statusCode).toBe(400);
    expect(deeper.json()).toMatchObject({ error: { code: 'NB_ERR_MALFORMED_BODY' } });
  });

  it('refuses deep JSON in a form field (GitHub payload, Slack payload, Discord payload_json)', async () => {
    const field = (name: string) => new URLSearchParams({ [name]: deep(5000) }).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const github = field('payload');
    const answers = await Promise.all([
      post(`/hooks/${ids.github}`, github, {
        ...form,
        'x-github-event': 'push',
        'x-hub-signature-256': `sha256=${sign(github)}`,
      }),
      post(`/slack/${token}`, field('payload'), form),
      post(`/discord/${discordId}/${token}`, field('payload_json'), form),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([400, 400, 400]);
    expect(answers[0]!.json()).toMatchObject({ error: { code: 'NB_ERR_MALFORMED_BODY' } });
  });

  it(`refuses an API body nested deeper than ${maxJsonDepth} levels with NB_ERR_MALFORMED_BODY`, async () => {
    const response = await t.app.http.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: {
        authorization: 'Bearer nb_test-admin-token-0123456789abcdef',
        'content-type': 'application/json',
      },
      payload: `{"kind":"webhook","name":"deep","config":{"mapping":${deep(5000)}}}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'NB_ERR_MALFORMED_BODY' } });
    expect(response.json().error.message).toContain(`${maxJsonDepth} levels`);
  });

  it('answers a null Gotify message with a 400 in Gotify words that names the body', async () => {
    const response = await post(`/gotify/message?token=${token}`, 'null');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'Bad Request',
      errorCode: 400,
      errorDescription: 'a Gotify message: the body must be object',
    });
  });

  it('answers a null Apprise notification with NB_ERR_VALIDATION naming the body', async () => {
    const response = await post(`/apprise/notify/${token}`, 'null');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'NB_ERR_VALIDATION', message: 'an Apprise notification: the body must be object' },
    });
  });

  it('answers a null Discord message and a null embed with Discord 50035 naming the field', async () => {
    const nullBody = await post(`/discord/${discordId}/${token}`, 'null');
    expect(nullBody.statusCode).toBe(400);
    expect(nullBody.json()).toEqual({
      code: 50035,
      message: 'Invalid Form Body: a Discord message: the body must be object',
    });
    const nullEmbed = await post(`/discord/${discordId}/${token}`, '{"embeds":[null]}');
    expect(nullEmbed.statusCode).toBe(400);
    expect(nullEmbed.json()).toEqual({
      code: 50035,
      message: 'Invalid Form Body: a Discord message: field /embeds/0 must be object',
    });
  });

  it.each([
    ['an object', '{}'],
    ['a word ntfy does not know', '"abc"'],
    ['out of range', '9'],
  ])('answers an ntfy JSON priority that is %s with a 400 naming the priority', async (_what, priority) => {
    const response = await post('/', `{"topic":"${topic}","message":"hi","priority":${priority}}`, {
      authorization: `Bearer ${token}`,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatch(/priority/);
  });

  it('answers an ntfy Priority header ntfy does not know with a 400, and takes its names and numbers', async () => {
    const publish = (priority: string) =>
      t.app.http.inject({
        method: 'PUT',
        url: `/ntfy/${topic}`,
        headers: { authorization: `Bearer ${token}`, priority },
        payload: 'hello',
      });
    expect((await publish('abc')).statusCode).toBe(400);
    expect((await publish('constructor')).statusCode).toBe(400);
    expect((await publish('urgent')).statusCode).toBe(200);
    expect((await publish('2')).statusCode).toBe(200);
  });

  it('answers wrong field types of the forges with NB_ERR_VALIDATION naming the field', async () => {
    const body = '{"ref":0,"commits":{}}';
    const response = await post(`/hooks/${ids.gitea}`, body, {
      'x-gitea-event': 'push',
      'x-gitea-signature': sign(body),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'NB_ERR_VALIDATION', message: 'a gitea webhook body: field /ref must be string' },
    });
  });

  it('stores a NUL character of a text body as U+FFFD instead of failing (Postgres text cannot hold it)', async () => {
    const response = await t.app.http.inject({
      method: 'POST',
      url: `/hooks/${ids.webhook}`,
      headers: { authorization: `Bearer ${secret}` },
      payload: 'before\u0000after',
    });
    expect(response.statusCode, response.body).toBe(202);
    const stored = await t.app.database.db
      .selectFrom('events')
      .select('body')
      .where('id', '=', response.json().id)
      .executeTakeFirstOrThrow();
    expect(stored.body).toBe('before\uFFFDafter');
  });
});
