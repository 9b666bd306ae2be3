import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapForgeEvent } from '../../../src/sources/forge/map-event.ts';
import { githubForge } from '../../../src/sources/github/index.ts';
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
  // Every example's type, title and number: test/sources/forge/type-scheme.test.ts.

  it.each([
    [
      'push',
      () => ({
        // Octokit's examples all create or delete a ref; an ordinary push is one that does neither.
        ...example('push', (p) => p.ref === 'refs/heads/master'),
        created: false,
        before: 'a'.repeat(40),
      }),
      'push',
      /^Codertocat\/Hello-World: Codertocat pushed 1 commit to master$/,
    ],
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
    [
      'push',
      () => example('push', (p) => p.created === true && p.ref === 'refs/tags/simple-tag'),
      'tag.created',
      /^Codertocat\/Hello-World: Codertocat created tag simple-tag$/,
    ],
    [
      'push',
      () => example('push', (p) => p.deleted === true),
      'tag.deleted',
      /^Codertocat\/Hello-World: Codertocat deleted tag simple-tag$/,
    ],
    [
      'pull_request',
      () => example('pull_request', (p) => p.action === 'synchronize'),
      'pull_request.synchronized',
      /Codertocat pushed to pull request #2: Update the README/,
    ],
    [
      'pull_request',
      () => example('pull_request', (p) => p.action === 'ready_for_review'),
      'pull_request.ready_for_review',
      /Codertocat marked pull request #2 ready for review: /,
    ],
    [
      'pull_request_review',
      () => example('pull_request_review', (p) => p.action === 'submitted'),
      'pull_request.reviewed',
      /Codertocat reviewed pull request #2: /,
    ],
  ] as const)('%s -> %s', (header, payload, type, title) => {
    const event = mapForgeEvent(githubForge, header, payload() as never)!;
    expect(event.type).toBe(type);
    expect(event.title).toMatch(title);
    expect(event.url).toMatch(/^https:\/\/github\.com\//);
  });

  it('makes no event of the create and delete hooks: the push of the same ref already made it', () => {
    expect(mapForgeEvent(githubForge, 'create', example('create') as never)).toBeNull();
    expect(mapForgeEvent(githubForge, 'delete', example('delete') as never)).toBeNull();
  });

  it('makes a failed workflow run an error and a successful one info', () => {
    const run = example('workflow_run') as { action: string; workflow_run: Record<string, unknown> };
    const failed = mapForgeEvent(githubForge, 'workflow_run', {
      ...run,
      action: 'completed',
      workflow_run: { ...run.workflow_run, conclusion: 'failure' },
    } as never)!;
    expect(failed).toMatchObject({ type: 'workflow.failed', severity: 'error' });
    expect(failed.title).toMatch(/workflow .+ failed on/);
    const passed = mapForgeEvent(githubForge, 'workflow_run', {
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
    expect(again).toMatchObject({
      status: 200,
      body: { id: first.body.id, duplicate: true, dedup: { by: 'key', of: first.body.id } },
    });
    expect(await count()).toBe(1);
  });

  it('dedups a push without X-GitHub-Delivery by its body, for the short window only', async () => {
    const before = await count();
    const payload = { ...example('push'), after: 'b'.repeat(40) };
    const first = await send('push', payload, { 'x-github-delivery': '' });
    const again = await send('push', payload, { 'x-github-delivery': '' });
    expect(first.status).toBe(202);
    expect(again).toMatchObject({
      status: 200,
      body: { id: first.body.id, duplicate: true, dedup: { by: 'body', windowSeconds: 600 } },
    });
    expect(await count()).toBe(before + 1);
  });

  it('answers a create hook 200 and stores nothing, as the push of that tag already made the event', async () => {
    const before = await count();
    const response = await send('create', example('create'));
    expect(response).toMatchObject({ status: 200, body: { id: null, duplicate: false } });
    expect(await count()).toBe(before);
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
