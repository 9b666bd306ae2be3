/**
 * Abridged from the examples in GitLab's "Webhook events" documentation
 * (docs.gitlab.com/user/project/integrations/webhook_events): the field names and shapes are GitLab's,
 * long fields the mapping does not read are left out.
 */
const project = {
  id: 15,
  name: 'Diaspora',
  web_url: 'http://example.com/mike/diaspora',
  path_with_namespace: 'mike/diaspora',
  default_branch: 'master',
};
const user = { id: 1, name: 'Administrator', username: 'root', email: 'admin@example.com' };

export const gitlabPayloads = {
  push: {
    object_kind: 'push',
    event_name: 'push',
    before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
    after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
    ref: 'refs/heads/master',
    checkout_sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
    user_id: 4,
    user_name: 'John Smith',
    user_username: 'jsmith',
    project_id: 15,
    project,
    commits: [
      {
        id: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
        message:
          'Update Catalan translation to e38cb41.\n\nSee https://gitlab.com/gitlab-org/gitlab for more information',
        title: 'Update Catalan translation to e38cb41.',
        url: 'http://example.com/mike/diaspora/commit/b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
      },
      {
        id: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        message: 'fixed readme',
        title: 'fixed readme',
        url: 'http://example.com/mike/diaspora/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      },
    ],
    total_commits_count: 4,
  },
  branchDeleted: {
    object_kind: 'push',
    event_name: 'push',
    ref: 'refs/heads/feature',
    checkout_sha: null,
    user_username: 'jsmith',
    project,
    commits: [],
    total_commits_count: 0,
  },
  tagPush: {
    object_kind: 'tag_push',
    event_name: 'tag_push',
    ref: 'refs/tags/v1.0.0',
    checkout_sha: '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7',
    user_name: 'John Smith',
    user_username: 'jsmith',
    project,
  },
  mergeRequestOpened: {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user,
    project,
    object_attributes: {
      iid: 1,
      title: 'MS-Viewport',
      description: 'Add a viewport meta tag',
      state: 'opened',
      action: 'open',
      url: 'http://example.com/diaspora/merge_requests/1',
    },
  },
  mergeRequestMerged: {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user,
    project,
    object_attributes: {
      iid: 1,
      title: 'MS-Viewport',
      state: 'merged',
      action: 'merge',
      url: 'http://example.com/diaspora/merge_requests/1',
    },
  },
  issueOpened: {
    object_kind: 'issue',
    event_type: 'issue',
    user,
    project,
    object_attributes: {
      iid: 23,
      title: 'New API: create/update/delete file',
      description: 'Create new API for manipulations with repository',
      state: 'opened',
      action: 'open',
      url: 'http://example.com/diaspora/issues/23',
    },
  },
  noteOnMergeRequest: {
    object_kind: 'note',
    event_type: 'note',
    user,
    project,
    object_attributes: {
      note: 'This MR needs work.',
      noteable_type: 'MergeRequest',
      url: 'http://example.com/gitlab-org/gitlab-test/merge_requests/1#note_1244',
    },
    merge_request: { iid: 1, title: 'Tempora et eos debitis quae laborum et.' },
  },
  noteOnIssue: {
    object_kind: 'note',
    event_type: 'note',
    user,
    project,
    object_attributes: {
      note: 'Hello world',
      noteable_type: 'Issue',
      url: 'http://example.com/gitlab-org/gitlab-test/issues/17#note_1241',
    },
    issue: { iid: 17, title: 'test' },
  },
  pipelineFailed: {
    object_kind: 'pipeline',
    user,
    project,
    object_attributes: {
      id: 31,
      iid: 3,
      ref: 'master',
      tag: false,
      status: 'failed',
      url: 'http://example.com/gitlab-org/gitlab-test/-/pipelines/31',
    },
  },
  releaseCreated: {
    object_kind: 'release',
    action: 'create',
    name: 'v1.1',
    tag: 'v1.1',
    description: '',
    url: 'https://example.com/gitlab-org/release-webhook-example/-/releases/v1.1',
    project,
  },
};
