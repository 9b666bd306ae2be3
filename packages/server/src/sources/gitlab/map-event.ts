import type { SourceEvent } from '../../domain/event.ts';

/** GitLab's payloads as far as the mapping reads them (docs.gitlab.com/user/project/integrations/webhook_events). */
interface Payload {
  object_kind?: string;
  event_name?: string;
  ref?: string;
  user_name?: string;
  user_username?: string;
  user?: { name?: string; username?: string };
  project?: { name?: string; path_with_namespace?: string; web_url?: string };
  commits?: { id?: string; message?: string; title?: string }[];
  total_commits_count?: number;
  checkout_sha?: string | null;
  object_attributes?: {
    iid?: number;
    title?: string;
    url?: string;
    action?: string;
    state?: string;
    status?: string;
    note?: string;
    noteable_type?: string;
    description?: string;
    ref?: string;
    tag?: string;
    name?: string;
  };
  merge_request?: { iid?: number; title?: string };
  issue?: { iid?: number; title?: string };
  name?: string;
  tag?: string;
  url?: string;
  description?: string;
  action?: string;
}

// A Map, so an action named "constructor" is not found on Object.prototype.
const mrActions = new Map([
  ['open', 'opened'],
  ['close', 'closed'],
  ['reopen', 'reopened'],
  ['update', 'updated'],
  ['merge', 'merged'],
  ['approved', 'approved'],
  ['unapproved', 'unapproved'],
]);

/** A GitLab delivery as an event, in the same type scheme as the other forges (see forge/map-event.ts). */
export function mapGitLabEvent(header: string, payload: Payload): SourceEvent {
  const project = payload.project ?? {};
  const where = project.path_with_namespace ?? project.name ?? 'a project';
  const who =
    payload.user_username ?? payload.user?.username ?? payload.user_name ?? payload.user?.name ?? 'someone';
  const attrs = payload.object_attributes ?? {};
  const data = {
    forge: 'gitlab',
    event: header,
    repository: {
      name: project.name ?? null,
      full_name: project.path_with_namespace ?? null,
      url: project.web_url ?? null,
    },
    actor: { login: who, url: null },
    payload,
  };
  const base = { severity: 'info' as const, tags: project.name ? [project.name] : [], data };
  const ref = (payload.ref ?? '').replace(/^refs\/(heads|tags)\//, '');

  switch (payload.object_kind) {
    case 'push': {
      const commits = payload.commits ?? [];
      const count = payload.total_commits_count ?? commits.length;
      // A push whose checkout_sha is null deleted the branch.
      if (payload.checkout_sha === null) {
        return {
          ...base,
          type: 'branch.deleted',
          title: `${where}: ${who} deleted branch ${ref}`,
          body: '',
          url: project.web_url,
        };
      }
      return {
        ...base,
        type: 'push',
        title: `${where}: ${who} pushed ${count} commit${count === 1 ? '' : 's'} to ${ref}`,
        body: commits
          .slice(0, 10)
          .map((c) => `${(c.id ?? '').slice(0, 8)} ${(c.title ?? c.message ?? '').split('\n')[0]}`)
          .join('\n'),
        url: project.web_url,
        data: { ...data, ref, commits: count },
      };
    }
    case 'tag_push': {
      const deleted = payload.checkout_sha === null;
      return {
        ...base,
        type: deleted ? 'tag.deleted' : 'tag.created',
        title: `${where}: ${who} ${deleted ? 'deleted' : 'created'} tag ${ref}`,
        body: '',
        url: project.web_url,
        data: { ...data, ref },
      };
    }
    case 'merge_request': {
      const action = mrActions.get(attrs.action ?? '') ?? attrs.action ?? 'updated';
      return {
        ...base,
        type: `pull_request.${action}`,
        title: `${where}: ${who} ${action} merge request !${attrs.iid}: ${attrs.title ?? ''}`,
        body: action === 'opened' ? (attrs.description ?? '').slice(0, 1000) : '',
        url: attrs.url ?? project.web_url,
        data: { ...data, number: attrs.iid ?? null },
      };
    }
    case 'issue':
    case 'work_item': {
      const action = mrActions.get(attrs.action ?? '') ?? attrs.action ?? 'updated';
      return {
        ...base,
        type: `issue.${action}`,
        title: `${where}: ${who} ${action} issue #${attrs.iid}: ${attrs.title ?? ''}`,
        body: action === 'opened' ? (attrs.description ?? '').slice(0, 1000) : '',
        url: attrs.url ?? project.web_url,
        data: { ...data, number: attrs.iid ?? null },
      };
    }
    case 'note': {
      const onMr = attrs.noteable_type === 'MergeRequest';
      const subject = onMr ? payload.merge_request : payload.issue;
      const label = onMr ? `merge request !${subject?.iid}` : `issue #${subject?.iid}`;
      return {
        ...base,
        type: onMr
          ? 'pull_request.commented'
          : attrs.noteable_type === 'Issue'
            ? 'issue.commented'
            : 'gitlab.note',
        title: `${where}: ${who} commented on ${subject ? `${label}: ${subject.title ?? ''}` : (attrs.noteable_type ?? 'a note')}`,
        body: (attrs.note ?? '').slice(0, 1000),
        url: attrs.url ?? project.web_url,
        data: { ...data, number: subject?.iid ?? null },
      };
    }
    case 'pipeline': {
      const status = attrs.status ?? 'unknown';
      const failed = status === 'failed';
      return {
        ...base,
        severity: failed ? 'error' : 'info',
        type: failed ? 'workflow.failed' : status === 'success' ? 'workflow.succeeded' : `workflow.${status}`,
        title:
          `${where}: pipeline ${failed ? 'failed' : status === 'success' ? 'succeeded' : status} on ${attrs.ref ?? ''}`.trim(),
        body: '',
        url: attrs.url ?? project.web_url,
        data: { ...data, ref: attrs.ref ?? null, status },
      };
    }
    case 'release': {
      const action = payload.action === 'create' ? 'published' : (payload.action ?? 'updated');
      return {
        ...base,
        type: `release.${action}`,
        title: `${where}: release ${payload.name ?? payload.tag ?? ''} ${action}`,
        body: (payload.description ?? '').slice(0, 1000),
        url: payload.url ?? project.web_url,
        data: { ...data, tag: payload.tag ?? null },
      };
    }
  }
  const kind = (payload.object_kind ?? header).toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return {
    ...base,
    type: `gitlab.${kind}`,
    title: `${where}: ${header} by ${who}`,
    body: '',
    url: project.web_url,
  };
}
