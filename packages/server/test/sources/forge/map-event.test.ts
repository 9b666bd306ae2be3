import { afterAll, describe, expect, it } from 'vitest';
import { createRenderer } from '../../../src/render/renderer.ts';
import { mapForgeEvent } from '../../../src/sources/forge/map-event.ts';
import { forgeTemplates } from '../../../src/sources/forge/templates.ts';
import { giteaForge } from '../../../src/sources/gitea/index.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const load = (file: string) => JSON.parse(readFixture(`gitea/${file}`).toString('utf8'));

// File -> X-Gitea-Event header, as the fixtures' README lists them, and what each must become.
const cases: [file: string, header: string, type: string, title: RegExp, url: RegExp][] = [
  [
    'push.json',
    'push',
    'push',
    /^gogits\/hello-world: unknwon pushed \d+ commits? to master$/,
    /\/compare\//,
  ],
  ['branch_delete.json', 'delete', 'branch.deleted', /deleted branch feature$/, /^https?:\/\//],
  ['issues_opened.json', 'issues', 'issue.opened', /opened issue #\d+: /, /^https?:\/\//],
  ['issues_closed.json', 'issues', 'issue.closed', /closed issue #\d+: /, /^https?:\/\//],
  [
    'issue_comment_created.json',
    'issue_comment',
    'issue.commented',
    /commented on issue #\d+/,
    /issuecomment/,
  ],
  [
    'issue_comment_edited.json',
    'issue_comment',
    'issue.comment_edited',
    /edited a comment on issue/,
    /^https?:\/\//,
  ],
  [
    'issue_comment_deleted.json',
    'issue_comment',
    'issue.comment_deleted',
    /deleted a comment on issue/,
    /^https?:\/\//,
  ],
  [
    'pull_request_opened.json',
    'pull_request',
    'pull_request.opened',
    /opened pull request #\d+: /,
    /pulls\/\d+/,
  ],
  [
    'pull_request_closed.json',
    'pull_request',
    'pull_request.closed',
    /closed pull request #\d+/,
    /pulls\/\d+/,
  ],
  [
    'pull_request_merged.json',
    'pull_request',
    'pull_request.merged',
    /merged pull request #1: Add LICENSE File/,
    /pulls\/1/,
  ],
  [
    'pull_request_reopened.json',
    'pull_request',
    'pull_request.reopened',
    /reopened pull request/,
    /pulls\/\d+/,
  ],
  ['pull_request_edited.json', 'pull_request', 'pull_request.edited', /edited pull request/, /pulls\/\d+/],
  [
    'pull_request_synchronized.json',
    'pull_request',
    'pull_request.synchronized',
    /jcitizen pushed to pull request #1: Add License File$/,
    /pulls\/\d+/,
  ],
];

describe('Gitea payloads as events', () => {
  it.each(cases)('%s (X-Gitea-Event: %s) -> %s', (file, header, type, title, url) => {
    const payload = load(file);
    const event = mapForgeEvent(giteaForge, header, payload)!;
    expect(event.type).toBe(type);
    expect(event.title).toMatch(title);
    expect(event.url).toMatch(url);
    expect(event.severity).toBe('info');
    expect(event.data).toMatchObject({
      forge: 'gitea',
      event: header,
      repository: { full_name: payload.repository.full_name },
      actor: { login: expect.any(String) },
      payload,
    });
    expect(event.tags).toEqual([payload.repository.name]);
  });

  it('lists the pushed commits, first lines only', () => {
    const payload = load('push.json');
    const event = mapForgeEvent(giteaForge, 'push', payload)!;
    expect(event.body.split('\n')).toHaveLength(payload.commits.length);
    expect(event.body).toContain(`${payload.commits[0].id.slice(0, 7)} Updated readme`);
  });

  it('tells comments on pull requests from comments on issues', () => {
    const onPull = load('pull_request_comment_created.json');
    onPull.issue.pull_request = { merged: false };
    expect(mapForgeEvent(giteaForge, 'issue_comment', onPull)?.type).toBe('pull_request.commented');
  });

  it('keeps an unknown event as <forge>.<header>[.<action>] with its payload', () => {
    const event = mapForgeEvent({ ...giteaForge, name: 'forgejo' }, 'wiki', {
      action: 'created',
      repository: { full_name: 'a/b', name: 'b' },
    })!;
    expect(event.title).toBe('a/b: wiki created by someone');
    expect(event.type).toBe('forgejo.wiki.created');
    expect(event.data).toMatchObject({ payload: { action: 'created' } });
  });
});

describe('branches and tags, told once', () => {
  const zero = '0'.repeat(40);
  const push = load('push.json');

  it.each([
    [
      'a push from the zero commit to a tag',
      { ref: 'refs/tags/v1.0.0', before: zero, commits: [] },
      'tag.created',
      'unknwon created tag v1.0.0',
    ],
    [
      'a push from a tag to the zero commit',
      { ref: 'refs/tags/v1.0.0', after: zero, commits: [] },
      'tag.deleted',
      'unknwon deleted tag v1.0.0',
    ],
    [
      'a push from the zero commit to a branch',
      { ref: 'refs/heads/feature', before: zero },
      'branch.created',
      'unknwon created branch feature',
    ],
  ])('makes %s %s', (_name, patch, type, title) => {
    const event = mapForgeEvent(giteaForge, 'push', { ...push, ...patch })!;
    expect(event.type).toBe(type);
    expect(event.title).toBe(`gogits/hello-world: ${title}`);
  });

  it('answers the create and delete hooks that repeat a push with no event', () => {
    for (const file of ['branch_create.json', 'tag_create.json', 'tag_delete.json']) {
      const header = file.includes('create') ? 'create' : 'delete';
      expect(mapForgeEvent(giteaForge, header, load(file)), file).toBeNull();
    }
  });

  it('takes a deleted branch from the delete hook on Gitea, which sends no push for it, but not on GitHub', () => {
    expect(mapForgeEvent(giteaForge, 'delete', load('branch_delete.json'))?.type).toBe('branch.deleted');
    expect(
      mapForgeEvent({ ...giteaForge, deletedBranchHasPush: true }, 'delete', load('branch_delete.json')),
    ).toBeNull();
  });
});

describe('the forge templates', () => {
  const renderer = createRenderer();
  afterAll(() => renderer.close());

  it.each(['text', 'markdown', 'html'] as const)('render every fixture readably as %s', async (format) => {
    for (const [file, header] of cases) {
      const event = mapForgeEvent(giteaForge, header, load(file))!;
      const template = event.type === 'push' ? forgeTemplates.push! : forgeTemplates['**']!;
      expect(renderer.validate(template)).toBeNull();
      const result = await renderer.render({ template, format, context: { event: { ...event, data: {} } } });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) continue;
      const actor = (event.data as { actor: { login: string } }).actor.login;
      const opening = { text: event.title, markdown: '**', html: '<b>' }[format];
      expect(result.body.startsWith(opening)).toBe(true);
      expect(result.body).toContain(actor);
      if (event.url && format !== 'text')
        expect(result.body).toContain(format === 'html' ? '<a href=' : '](');
    }
  });
});
