import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenSlackMessage, mrkdwnToMarkdown, mrkdwnToText } from '../../../src/sources/slack/flatten.ts';
import { testDialects } from '../../helpers/databases.ts';
import { eventCount, lastEvent, startSourceApp } from '../../helpers/source-app.ts';
import type { TestApp } from '../../helpers/test-app.ts';

describe('Slack mrkdwn', () => {
  it.each([
    [
      'Deploy *done* on <https://ci.example/1|build 1>',
      'Deploy **done** on [build 1](https://ci.example/1)',
      'Deploy done on build 1 (https://ci.example/1)',
    ],
    ['~old~ _new_', '~~old~~ _new_', 'old new'],
    ['see <https://x.example>', 'see <https://x.example>', 'see https://x.example'],
    ['2*3*4 stays', '2*3*4 stays', '2*3*4 stays'],
  ])('%j', (mrkdwn, markdown, text) => {
    expect(mrkdwnToMarkdown(mrkdwn)).toBe(markdown);
    expect(mrkdwnToText(mrkdwn)).toBe(text);
  });

  it('flattens blocks and legacy attachments in order', () => {
    const { lines, firstUrl } = flattenSlackMessage({
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Nightly backup' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*3* hosts OK' },
          fields: [{ type: 'mrkdwn', text: '*nas*: 412 GB' }],
        },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'took 3h12m' }] },
      ],
      attachments: [
        {
          pretext: 'Details',
          title: 'Log',
          title_link: 'https://logs.example/1',
          text: 'all good',
          fields: [{ title: 'Errors', value: '0' }],
        },
      ],
    });
    expect(lines).toEqual([
      'fallback',
      'Nightly backup',
      '*3* hosts OK',
      '*nas*: 412 GB',
      'took 3h12m',
      'Details',
      '<https://logs.example/1|Log>',
      'all good',
      '*Errors*: 0',
    ]);
    expect(firstUrl).toBe('https://logs.example/1');
  });
});

describe.each(testDialects)('the Slack-compatible endpoint on %s', (dialect) => {
  const token = 'T000-B000-slacktoken0123';
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'slack',
      name: 'slack',
      config: { token },
    }));
  });
  afterAll(() => t.close());

  const last = () => lastEvent(t, sourceId);
  const count = () => eventCount(t, sourceId);

  it('answers "ok" to the curl recipe from Slack\'s docs and to a form payload', async () => {
    // curl -X POST -H 'Content-type: application/json' --data '{"text":"Hello, World!"}' https://hooks.slack.com/services/T/B/X
    const json = await fetch(`${baseUrl}/slack/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"Hello, World!"}',
    });
    expect(json.status).toBe(200);
    expect(await json.text()).toBe('ok');
    expect(await last()).toMatchObject({ title: 'Hello, World!', body: 'Hello, World!' });
    const form = await fetch(`${baseUrl}/slack/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        payload: JSON.stringify({ text: 'Deploy *done* <https://ci.example/7|#7>' }),
      }),
    });
    expect(await form.text()).toBe('ok');
    expect(await last()).toMatchObject({ title: 'Deploy done #7 (https://ci.example/7)' });
  });

  it("answers in Slack's words when something is wrong, storing nothing", async () => {
    const before = await count();
    const post = (path: string, body: string) =>
      fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const unknown = await post('/slack/not-the-token-0000000', '{"text":"x"}');
    expect([unknown.status, await unknown.text()]).toEqual([404, 'no_service']);
    const empty = await post(`/slack/${token}`, '{"blocks":[]}');
    expect([empty.status, await empty.text()]).toEqual([400, 'no_text']);
    const broken = await post(`/slack/${token}`, '{"text":');
    expect([broken.status, await broken.text()]).toEqual([400, 'invalid_payload']);
    const viaHooks = await post(`/hooks/${sourceId}`, '{"text":"x"}');
    expect([viaHooks.status, await viaHooks.text()]).toEqual([403, 'invalid_token']);
    expect(await count()).toBe(before);
  });
});
