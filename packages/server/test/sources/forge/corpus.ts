import { createRequire } from 'node:module';
import { readFixture } from '../../helpers/fixtures.ts';
import { gitlabPayloads } from '../gitlab/payloads.ts';

/** One delivery as a forge sends it: the event header and the body. */
export interface Delivery {
  /** Where it comes from, for failure messages. */
  name: string;
  header: string;
  payload: Record<string, unknown>;
}

type Payload = Record<string, unknown>;
const zero = '0'.repeat(40);
const sha = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

// Real payloads collected by Octokit: every event name, several examples each.
const octokit = createRequire(import.meta.url)('@octokit/webhooks-examples') as {
  name: string;
  examples: Payload[];
}[];

function githubExample(name: string, match: (payload: Payload) => boolean = () => true): Payload {
  const found = octokit.find((e) => e.name === name)?.examples.find(match);
  if (!found) throw new Error(`no ${name} example matches`);
  return found;
}

/** A real payload with some fields changed: for actions and outcomes the examples lack. */
function variant(name: string, header: string, from: Payload, patch: Payload): Delivery {
  return { name, header, payload: { ...structuredClone(from), ...patch } };
}

const ghPull = githubExample('pull_request', (p) => p.action === 'opened');
const ghIssue = githubExample('issues', (p) => p.action === 'opened');
const ghReview = githubExample('pull_request_review', (p) => p.action === 'submitted');
const ghRun = githubExample('workflow_run', (p) => p.action === 'completed');
const ghRelease = githubExample('release', (p) => p.action === 'published');
const ghPush = githubExample('push', (p) => p.created === true && String(p.ref).startsWith('refs/heads/'));
const ghTagDelete = githubExample('push', (p) => p.deleted === true);
const run = (conclusion: string) => ({ workflow_run: { ...(ghRun.workflow_run as object), conclusion } });

/** Every Octokit example, plus variants for the actions of the README's table that no example shows. */
export const githubDeliveries: Delivery[] = [
  ...octokit.flatMap(({ name, examples }) =>
    examples.map((payload, i) => ({
      name: `${name} ${payload.action ?? ''} (example ${i})`,
      header: name,
      payload,
    })),
  ),
  variant('a push of two commits', 'push', ghPush, {
    created: false,
    before: zero.replace(/0/g, 'a'),
    commits: [ghPush.head_commit, ghPush.head_commit],
  }),
  variant('a force-push of no new commits', 'push', ghPush, { created: false, forced: true, commits: [] }),
  variant('a push deleting a branch', 'push', ghTagDelete, { ref: 'refs/heads/feature' }),
  variant('a merged pull request', 'pull_request', ghPull, {
    action: 'closed',
    pull_request: { ...(ghPull.pull_request as object), merged: true },
  }),
  ...['milestoned', 'demilestoned', 'auto_merge_enabled', 'auto_merge_disabled', 'enqueued', 'dequeued'].map(
    (action) => variant(`pull_request ${action}`, 'pull_request', ghPull, { action }),
  ),
  ...['closed', 'typed', 'untyped'].map((action) =>
    variant(`issues ${action}`, 'issues', ghIssue, { action }),
  ),
  variant('pull_request edited', 'pull_request', ghPull, { action: 'edited' }),
  ...['approved', 'changes_requested'].map((state) =>
    variant(`a review: ${state}`, 'pull_request_review', ghReview, {
      review: { ...(ghReview.review as object), state },
    }),
  ),
  variant('an edited review', 'pull_request_review', ghReview, { action: 'edited' }),
  variant('an unpublished release', 'release', ghRelease, { action: 'unpublished' }),
  variant('a started workflow run', 'workflow_run', ghRun, { action: 'in_progress' }),
  ...['success', 'failure', 'timed_out', 'startup_failure', 'cancelled', 'skipped', 'neutral'].map((c) =>
    variant(`a run completed: ${c}`, 'workflow_run', ghRun, run(c)),
  ),
];

const gitea = (file: string) => JSON.parse(readFixture(`gitea/${file}`).toString('utf8')) as Payload;
// File -> X-Gitea-Event, as the fixtures' README lists them.
const giteaHeader = (file: string) =>
  file.startsWith('branch_create') || file.startsWith('tag_create')
    ? 'create'
    : file.startsWith('branch_delete') || file.startsWith('tag_delete')
      ? 'delete'
      : file.startsWith('issues_')
        ? 'issues'
        : file.includes('comment')
          ? 'issue_comment'
          : file === 'push.json'
            ? 'push'
            : 'pull_request';
export const giteaFixtureFiles = [
  'branch_create.json',
  'branch_delete.json',
  'issue_comment_created.json',
  'issue_comment_deleted.json',
  'issue_comment_edited.json',
  'issues_closed.json',
  'issues_opened.json',
  'pull_request_closed.json',
  'pull_request_comment_created.json',
  'pull_request_comment_deleted.json',
  'pull_request_comment_edited.json',
  'pull_request_edited.json',
  'pull_request_merged.json',
  'pull_request_opened.json',
  'pull_request_reopened.json',
  'pull_request_synchronized.json',
  'push.json',
  'tag_create.json',
  'tag_delete.json',
];
const gtPush = gitea('push.json');
const gtPull = gitea('pull_request_opened.json');
const gtIssue = gitea('issues_opened.json');
// Gitea's release and workflow payloads have GitHub's shape; the fixtures have none, so these borrow it.
const gtRelease = { ...gtPush, release: ghRelease.release, commits: undefined };
const gtRun = { ...gtPush, workflow_run: ghRun.workflow_run, commits: undefined };
const prActions = ['assigned', 'unassigned', 'label_updated', 'label_cleared', 'milestoned', 'demilestoned'];

/** The Gitea fixtures, plus variants for the table's rows they lack. Forgejo sends the same. */
export const giteaDeliveries: Delivery[] = [
  ...giteaFixtureFiles.map((file) => ({ name: file, header: giteaHeader(file), payload: gitea(file) })),
  variant('a push creating a branch', 'push', gtPush, { ref: 'refs/heads/feature', before: zero }),
  variant('a push creating a tag', 'push', gtPush, { ref: 'refs/tags/v1.0.0', before: zero, commits: [] }),
  variant('a push deleting a tag', 'push', gtPush, { ref: 'refs/tags/v1.0.0', after: zero, commits: [] }),
  ...['reopened', 'edited', ...prActions].map((action) =>
    variant(`issues ${action}`, 'issues', gtIssue, { action }),
  ),
  ...[...prActions, 'review_requested', 'review_request_removed'].map((action) =>
    variant(`pull_request ${action}`, 'pull_request', gtPull, { action }),
  ),
  ...[
    ['pull_request_approved', 'pull_request_review_approved'],
    ['pull_request_rejected', 'pull_request_review_rejected'],
    ['pull_request_comment', 'pull_request_review_comment'],
  ].map(([header, type]) =>
    variant(header!, header!, gtPull, { action: 'reviewed', review: { type, content: 'Looks good' } }),
  ),
  ...['published', 'updated', 'deleted'].map((action) =>
    variant(`release ${action}`, 'release', gtRelease, { action }),
  ),
  ...['requested', 'in_progress'].map((action) =>
    variant(`workflow_run ${action}`, 'workflow_run', gtRun, { action }),
  ),
  ...['success', 'failure', 'cancelled', 'skipped'].map((conclusion) =>
    variant(`workflow_run completed: ${conclusion}`, 'workflow_run', gtRun, {
      action: 'completed',
      workflow_run: { ...(ghRun.workflow_run as object), conclusion },
    }),
  ),
];

const gl = gitlabPayloads;
const glAttrs = (from: { object_attributes: object }, patch: Payload) => ({
  object_attributes: { ...from.object_attributes, ...patch },
});
const glHeaders: Record<string, string> = {
  push: 'Push Hook',
  tag_push: 'Tag Push Hook',
  merge_request: 'Merge Request Hook',
  issue: 'Issue Hook',
  note: 'Note Hook',
  pipeline: 'Pipeline Hook',
  release: 'Release Hook',
};
const glDelivery = (name: string, payload: Payload): Delivery => ({
  name,
  header: glHeaders[payload.object_kind as string] ?? 'System Hook',
  payload,
});
const glPipelineStatuses = [
  'created',
  'waiting_for_resource',
  'preparing',
  'pending',
  'scheduled',
  'manual',
  'running',
  'success',
  'canceling',
  'canceled',
  'skipped',
];

/** The GitLab samples (abridged from GitLab's documentation), plus variants for the table's other rows. */
export const gitlabDeliveries: Delivery[] = [
  ...Object.entries(gl).map(([name, payload]) => glDelivery(name, payload)),
  glDelivery('a push creating a branch', { ...gl.push, ref: 'refs/heads/feature', before: zero }),
  glDelivery('a push deleting a tag', { ...gl.tagPush, checkout_sha: null, after: zero }),
  ...['close', 'reopen', 'update', 'approved', 'approval', 'unapproved', 'unapproval'].map((action) =>
    glDelivery(`merge request ${action}`, {
      ...gl.mergeRequestOpened,
      ...glAttrs(gl.mergeRequestOpened, { action }),
    }),
  ),
  glDelivery('a merge request update with new commits', {
    ...gl.mergeRequestOpened,
    ...glAttrs(gl.mergeRequestOpened, { action: 'update', oldrev: sha }),
  }),
  ...['close', 'reopen', 'update'].map((action) =>
    glDelivery(`issue ${action}`, { ...gl.issueOpened, ...glAttrs(gl.issueOpened, { action }) }),
  ),
  glDelivery('a note on a commit', {
    ...gl.noteOnIssue,
    ...glAttrs(gl.noteOnIssue, { noteable_type: 'Commit' }),
    issue: undefined,
    commit: { id: sha },
  }),
  ...glPipelineStatuses.map((status) =>
    glDelivery(`pipeline ${status}`, { ...gl.pipelineFailed, ...glAttrs(gl.pipelineFailed, { status }) }),
  ),
  ...['update', 'delete'].map((action) => glDelivery(`release ${action}`, { ...gl.releaseCreated, action })),
  glDelivery('a wiki page', {
    object_kind: 'wiki_page',
    user: { username: 'root' },
    project: gl.push.project,
    object_attributes: { title: 'Home', action: 'create' },
  }),
];
