import type { SourceEvent } from '../../domain/event.ts';
import { type Action, knownAction, own } from '../forge/actions.ts';
import { mapOtherEvent } from '../forge/other-event.ts';
import type { MappingContext } from '../forge/payload.ts';
import { firstLine, isZeroSha, plural, shortRef, truncate } from '../forge/text.ts';
import { workflowEvent } from '../forge/workflow.ts';

/** GitLab's payloads as far as the mapping reads them (docs.gitlab.com/user/project/integrations/webhook_events). */
interface Payload {
  object_kind?: string;
  ref?: string;
  before?: string;
  after?: string;
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
    status?: string;
    note?: string;
    noteable_type?: string;
    description?: string;
    ref?: string;
    /** Set on a merge request update that pushed new commits. */
    oldrev?: string;
  };
  merge_request?: { iid?: number; title?: string; url?: string };
  issue?: { iid?: number; title?: string; url?: string };
  commit?: { id?: string };
  name?: string;
  tag?: string;
  url?: string;
  description?: string;
  action?: string;
}

const releaseActions: Record<string, string> = { create: 'published', update: 'edited', delete: 'deleted' };

/** A GitLab delivery as an event, in the type scheme of the other forges (the README's table). */
export function mapGitLabEvent(header: string, payload: Payload): SourceEvent {
  const project = payload.project ?? {};
  const where = project.path_with_namespace ?? project.name ?? 'a project';
  const who =
    payload.user_username ?? payload.user?.username ?? payload.user_name ?? payload.user?.name ?? 'someone';
  const attrs = payload.object_attributes ?? {};
  const number = attrs.iid ?? payload.merge_request?.iid ?? payload.issue?.iid;
  const data = {
    forge: 'gitlab',
    event: header,
    action: attrs.action ?? payload.action ?? null,
    repository: {
      name: project.name ?? null,
      full_name: project.path_with_namespace ?? null,
      url: project.web_url ?? null,
    },
    actor: { login: who, url: null },
    ...(number === undefined ? {} : { number }),
    payload,
  };
  const base = { severity: 'info' as const, tags: project.name ? [project.name] : [], data };
  const context: MappingContext = { base, where, who, repoUrl: project.web_url };
  const kind = payload.object_kind ?? '';
  const other = () =>
    mapOtherEvent('gitlab', kind || header, { action: attrs.action ?? payload.action }, context);

  switch (kind) {
    case 'push':
    case 'tag_push': {
      const ref = shortRef(payload.ref);
      const refKind = kind === 'tag_push' ? 'tag' : 'branch';
      const refData = { ...data, ref, ref_type: refKind };
      // A push whose checkout_sha is null (its `after` all zeros) deleted the ref; a zero `before` created it.
      if (payload.checkout_sha === null || isZeroSha(payload.after)) {
        const title = `${where}: ${who} deleted ${refKind} ${ref}`;
        return { ...base, type: `${refKind}.deleted`, title, body: '', url: project.web_url, data: refData };
      }
      const commits = payload.commits ?? [];
      const body = commits
        .slice(0, 10)
        .map((c) => `${(c.id ?? '').slice(0, 8)} ${firstLine(c.title ?? c.message)}`)
        .join('\n');
      if (refKind === 'tag' || isZeroSha(payload.before)) {
        const title = `${where}: ${who} created ${refKind} ${ref}`;
        return { ...base, type: `${refKind}.created`, title, body, url: project.web_url, data: refData };
      }
      const count = payload.total_commits_count ?? commits.length;
      const title =
        count > 0
          ? `${where}: ${who} pushed ${plural(count, 'commit')} to ${ref}`
          : `${where}: ${who} moved ${ref} to ${(payload.after ?? '').slice(0, 8)}`;
      return {
        ...base,
        type: 'push',
        title,
        body,
        url: project.web_url,
        data: { ...refData, commits: count },
      };
    }
    case 'merge_request':
    case 'issue':
    case 'work_item': {
      const onMr = kind === 'merge_request';
      // An update that moved the source branch is GitHub's `synchronize`.
      const action = knownAction(
        onMr && attrs.action === 'update' && attrs.oldrev ? 'synchronized' : attrs.action,
      );
      if (!action) return other();
      const label = onMr ? `merge request !${attrs.iid}` : `issue #${attrs.iid}`;
      return {
        ...base,
        type: `${onMr ? 'pull_request' : 'issue'}.${action.type}`,
        title: `${where}: ${who} ${action.phrase(label)}${attrs.title ? `: ${attrs.title}` : ''}`,
        body: action.type === 'opened' ? truncate(attrs.description) : '',
        url: attrs.url ?? project.web_url,
      };
    }
    case 'note':
      return mapNote(payload, context, attrs) ?? other();
    case 'pipeline':
      return workflowEvent(context, attrs.status ?? '', 'pipeline', attrs.ref, attrs.url) ?? other();
    case 'release': {
      const action = own(releaseActions, payload.action);
      if (!action) return other();
      return {
        ...base,
        type: `release.${action}`,
        // GitLab's release hook names no user.
        title: `${where}: release ${payload.name ?? payload.tag ?? ''} ${action}`,
        body: action === 'deleted' ? '' : truncate(payload.description),
        url: payload.url ?? project.web_url,
        data: { ...data, tag: payload.tag ?? null },
      };
    }
  }
  return other();
}

const commented: Action = { type: 'commented', phrase: (s) => `commented on ${s}` };

function mapNote(
  payload: Payload,
  { base, where, who, repoUrl }: MappingContext,
  attrs: Payload['object_attributes'] & {},
) {
  const subject =
    attrs.noteable_type === 'MergeRequest'
      ? {
          type: 'pull_request',
          label: `merge request !${payload.merge_request?.iid}`,
          title: payload.merge_request?.title,
        }
      : attrs.noteable_type === 'Issue'
        ? { type: 'issue', label: `issue #${payload.issue?.iid}`, title: payload.issue?.title }
        : attrs.noteable_type === 'Commit'
          ? { type: 'commit', label: `commit ${(payload.commit?.id ?? '').slice(0, 8)}`, title: undefined }
          : undefined;
  if (!subject) return null;
  return {
    ...base,
    type: `${subject.type}.${commented.type}`,
    title: `${where}: ${who} ${commented.phrase(subject.label)}${subject.title ? `: ${subject.title}` : ''}`,
    body: truncate(attrs.note),
    url: attrs.url ?? repoUrl,
  };
}
