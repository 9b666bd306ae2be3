import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapGitLabEvent } from '../../../src/sources/gitlab/map-event.ts';
import { testDialects } from '../../helpers/databases.ts';
import { eventCount, startSourceApp } from '../../helpers/source-app.ts';
import type { TestApp } from '../../helpers/test-app.ts';
import { gitlabPayloads as p } from './payloads.ts';

describe('GitLab payloads as events', () => {
  it.each([
    ['Push Hook', p.push, 'push', 'mike/diaspora: jsmith pushed 4 commits to master', 'info'],
    ['Push Hook', p.branchDeleted, 'branch.deleted', 'mike/diaspora: jsmith deleted branch feature', 'info'],
    ['Tag Push Hook', p.tagPush, 'tag.created', 'mike/diaspora: jsmith created tag v1.0.0', 'info'],
    [
      'Merge Request Hook',
      p.mergeRequestOpened,
      'pull_request.opened',
      'mike/diaspora: root opened merge request !1: MS-Viewport',
      'info',
    ],
    [
      'Merge Request Hook',
      p.mergeRequestMerged,
      'pull_request.merged',
      'mike/diaspora: root merged merge request !1: MS-Viewport',
      'info',
    ],
    [
      'Issue Hook',
      p.issueOpened,
      'issue.opened',
      'mike/diaspora: root opened issue #23: New API: create/update/delete file',
      'info',
    ],
    [
      'Note Hook',
      p.noteOnMergeRequest,
      'pull_request.commented',
      'mike/diaspora: root commented on merge request !1: Tempora et eos debitis quae laborum et.',
      'info',
    ],
    [
      'Note Hook',
      p.noteOnIssue,
      'issue.commented',
      'mike/diaspora: root commented on issue #17: test',
      'info',
    ],
    [
      'Pipeline Hook',
      p.pipelineFailed,
      'workflow.failed',
      'mike/diaspora: pipeline failed on master',
      'error',
    ],
    ['Release Hook', p.releaseCreated, 'release.published', 'mike/diaspora: release v1.1 published', 'info'],
  ])('%s -> %s', (header, payload, type, title, severity) => {
    const event = mapGitLabEvent(header, payload as never);
    expect(event).toMatchObject({ type, title, severity, tags: ['Diaspora'] });
    expect(event.url).toMatch(/^https?:\/\/example\.com\//);
    expect(event.data).toMatchObject({
      forge: 'gitlab',
      repository: { full_name: 'mike/diaspora' },
      payload,
    });
  });

  it('lists the pushed commits by their titles', () => {
    expect(mapGitLabEvent('Push Hook', p.push as never).body).toBe(
      'b6568db1 Update Catalan translation to e38cb41.\nda156088 fixed readme',
    );
  });

  it('keeps an unknown hook as gitlab.<kind>', () => {
    expect(
      mapGitLabEvent('Wiki Page Hook', { object_kind: 'wiki_page', project: { name: 'x' } } as never).type,
    ).toBe('gitlab.wiki_page');
    const created = mapGitLabEvent('Wiki Page Hook', {
      object_kind: 'wiki_page',
      user: { username: 'root' },
      project: { name: 'x', path_with_namespace: 'a/x' },
      object_attributes: { action: 'create' },
    } as never);
    expect(created).toMatchObject({
      type: 'gitlab.wiki_page.create',
      title: 'a/x: wiki page created by root',
    });
  });

  it('makes a merge request update that pushed commits pull_request.synchronized, like GitHub and Gitea', () => {
    const updated = (attrs: object) =>
      mapGitLabEvent('Merge Request Hook', {
        ...p.mergeRequestOpened,
        object_attributes: { ...p.mergeRequestOpened.object_attributes, action: 'update', ...attrs },
      } as never);
    expect(updated({ oldrev: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7' })).toMatchObject({
      type: 'pull_request.synchronized',
      title: 'mike/diaspora: root pushed to merge request !1: MS-Viewport',
    });
    expect(updated({}).type).toBe('pull_request.edited');
  });
});

describe.each(testDialects)('GitLab webhooks on %s', (dialect) => {
  const secret = 'gitlab-secret-token-0123456';
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'gitlab',
      name: 'gl',
      config: { secret },
    }));
  });
  afterAll(() => t.close());

  const send = async (headers: Record<string, string>) => {
    const response = await fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', ...headers },
      body: JSON.stringify(p.push),
    });
    return {
      status: response.status,
      body: (await response.json()) as { id: string; duplicate: boolean; error?: { code: string } },
    };
  };
  const count = () => eventCount(t, sourceId);

  it('stores a push with the right token once, even when retried with the same event UUID', async () => {
    const uuid = randomUUID();
    const first = await send({ 'x-gitlab-token': secret, 'x-gitlab-event-uuid': uuid });
    const again = await send({ 'x-gitlab-token': secret, 'x-gitlab-event-uuid': uuid });
    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, duplicate: true } });
    expect(await count()).toBe(1);
  });

  it.each([
    ['a wrong token', { 'x-gitlab-token': 'not-the-secret-token-000' }],
    ['no token', {}],
  ])('refuses %s with 401 before reading the body, storing nothing', async (_name, headers) => {
    const before = await count();
    const response = await send({ ...headers, 'x-gitlab-event-uuid': randomUUID() });
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('NB_ERR_UNAUTHORIZED');
    expect(JSON.stringify(response.body)).not.toContain(secret);
    expect(await count()).toBe(before);
  });
});
