import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapForgeEvent } from '../../../src/sources/forge/map-event.ts';
import { testDialects } from '../../helpers/databases.ts';
import { eventCount, startSourceApp } from '../../helpers/source-app.ts';
import type { TestApp } from '../../helpers/test-app.ts';

// Real payloads collected by Octokit: one entry per event name, several examples each.
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as {
  name: string;
  examples: Record<string, unknown>[];
}[];
const example = (name: string, match: (payload: Record<string, unknown>) => boolean = () => true) => {
  const found = examples.find((e) => e.name === name)?.examples.find(match);
  if (!found) throw new Error(`no ${name} example matches`);
  return found;
};

describe('GitHub payloads as events', () => {
  it('maps every Octokit example without throwing, to a typed event with a title', () => {
    let count = 0;
    for (const { name, examples: payloads } of examples) {
      for (const payload of payloads) {
        const event = mapForgeEvent('github', name, payload as never);
        expect(event.type, name).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/);
        expect(event.title.length, name).toBeGreaterThan(0);
        count++;
      }
    }
    expect(count).toBeGreaterThan(200);
  });

  it.each([
    ['push', () => example('push'), 'push', /Codertocat\/Hello-World: Codertocat pushed/],
    [
      'pull_request',
      () => example('pull_request', (p) => p.action === 'opened'),
      'pull_request.opened',
      /opened pull request #\d+/,
    ],
    [
      'pull_request',
      () => {
        // Octokit has no merged example; a merge is a `closed` with `merged: true`.
        const closed = example('pull_request', (p) => p.action === 'closed');
        return { ...closed, pull_request: { ...(closed.pull_request as object), merged: true } };
      },
      'pull_request.merged',
      /merged pull request/,
    ],
    ['issues', () => example('issues', (p) => p.action === 'opened'), 'issue.opened', /opened issue #\d+/],
    [
      'issue_comment',
      () => example('issue_comment', (p) => p.action === 'created'),
      'issue.commented',
      /commented on issue/,
    ],
    [
      'release',
      () => example('release', (p) => p.action === 'published'),
      'release.published',
      /published release/,
    ],
    ['create', () => example('create', (p) => p.ref_type === 'tag'), 'tag.created', /created tag/],
  ] as const)('%s -> %s', (header, payload, type, title) => {
    const event = mapForgeEvent('github', header, payload() as never);
    expect(event.type).toBe(type);
    expect(event.title).toMatch(title);
    expect(event.url).toMatch(/^https:\/\/github\.com\//);
  });

  it('makes a failed workflow run an error and a successful one info', () => {
    const run = example('workflow_run') as { action: string; workflow_run: Record<string, unknown> };
    const failed = mapForgeEvent('github', 'workflow_run', {
      ...run,
      action: 'completed',
      workflow_run: { ...run.workflow_run, conclusion: 'failure' },
    } as never);
    expect(failed).toMatchObject({ type: 'workflow.failed', severity: 'error' });
    expect(failed.title).toMatch(/workflow .+ failed on/);
    const passed = mapForgeEvent('github', 'workflow_run', {
      ...run,
      action: 'completed',
      workflow_run: { ...run.workflow_run, conclusion: 'success' },
    } as never);
    expect(passed).toMatchObject({ type: 'workflow.succeeded', severity: 'info' });
  });
});

describe.each(testDialects)('GitHub webhooks on %s', (dialect) => {
  const secret = 'github-webhook-secret-0123';
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'github',
      name: 'gh',
      config: { secret },
    }));
  });
  afterAll(() => t.close());

  const send = async (event: string, payload: unknown, headers: Record<string, string> = {}) => {
    const body = JSON.stringify(payload);
    const response = await fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        ...headers,
      },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { id: string | null; duplicate: boolean; error?: { code: string } },
    };
  };
  const count = () => eventCount(t, sourceId);

  it('answers a ping and stores nothing', async () => {
    const response = await send('ping', example('ping'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: null, duplicate: false });
    expect(await count()).toBe(0);
  });

  it('stores a signed push once, even when redelivered', async () => {
    const delivery = randomUUID();
    const first = await send('push', example('push'), { 'x-github-delivery': delivery });
    const again = await send('push', example('push'), { 'x-github-delivery': delivery });
    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, duplicate: true } });
    expect(await count()).toBe(1);
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const before = await count();
    const response = await send('push', example('push'), {
      'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
    });
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('NB_ERR_SIGNATURE');
    expect(await count()).toBe(before);
  });
});
