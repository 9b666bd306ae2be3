import type { SourceEvent } from '../../domain/event.ts';

/** Gitea's payloads, as far as the mapping reads them (see /work/shared/fixtures/gitea). */
interface User {
  login?: string;
  username?: string;
  html_url?: string;
}
interface Repository {
  name?: string;
  full_name?: string;
  html_url?: string;
}
interface Commit {
  id?: string;
  message?: string;
  url?: string;
  author?: { name?: string; username?: string };
}
interface Issue {
  number?: number;
  title?: string;
  html_url?: string | null;
  body?: string;
  pull_request?: unknown;
}
interface Payload {
  action?: string;
  ref?: string;
  ref_type?: string;
  compare_url?: string;
  /** GitHub's name for Gitea's compare_url. */
  compare?: string;
  workflow_run?: { name?: string; conclusion?: string | null; html_url?: string; head_branch?: string };
  commits?: Commit[];
  repository?: Repository;
  sender?: User;
  pusher?: User;
  issue?: Issue;
  pull_request?: Issue & { merged?: boolean };
  comment?: { body?: string; html_url?: string };
  release?: { tag_name?: string; name?: string; html_url?: string; body?: string };
}

const maxCommitsInBody = 10;

/**
 * One Gitea (or Forgejo) delivery as an event. Types follow one scheme across forges: `push`,
 * `branch.created`, `tag.deleted`, `issue.opened`, `issue.commented`, `pull_request.merged`,
 * `release.published`; anything else is `<forge>.<event header>[.<action>]` with the payload kept.
 */
export function mapForgeEvent(forge: string, header: string, payload: Payload): SourceEvent {
  const repo = payload.repository ?? {};
  const actor = payload.sender ?? payload.pusher ?? {};
  const who = actor.login || actor.username || 'someone';
  const where = repo.full_name ?? repo.name ?? 'a repository';
  const data = {
    forge,
    event: header,
    action: payload.action ?? null,
    repository: { name: repo.name ?? null, full_name: repo.full_name ?? null, url: repo.html_url ?? null },
    actor: { login: who, url: actor.html_url ?? null },
    payload,
  };
  const base = { severity: 'info' as const, tags: repo.name ? [repo.name] : [], data };
  const refName = (payload.ref ?? '').replace(/^refs\/(heads|tags)\//, '');

  switch (header) {
    case 'push': {
      const commits = payload.commits ?? [];
      const lines = commits
        .slice(0, maxCommitsInBody)
        .map((c) => `${(c.id ?? '').slice(0, 7)} ${firstLine(c.message)}`);
      if (commits.length > maxCommitsInBody) lines.push(`… and ${commits.length - maxCommitsInBody} more`);
      return {
        ...base,
        type: 'push',
        title: `${where}: ${who} pushed ${plural(commits.length, 'commit')} to ${refName}`,
        body: lines.join('\n'),
        url: payload.compare_url || payload.compare || repo.html_url,
        data: { ...data, ref: refName, commits: commits.length },
      };
    }
    case 'create':
    case 'delete': {
      const kind = payload.ref_type === 'tag' ? 'tag' : 'branch';
      const verb = header === 'create' ? 'created' : 'deleted';
      return {
        ...base,
        type: `${kind}.${verb}`,
        title: `${where}: ${who} ${verb} ${kind} ${payload.ref ?? ''}`.trim(),
        body: '',
        url: repo.html_url,
        data: { ...data, ref: payload.ref ?? null },
      };
    }
    case 'issues': {
      const issue = payload.issue ?? {};
      return {
        ...base,
        type: `issue.${payload.action ?? 'updated'}`,
        title: `${where}: ${who} ${payload.action ?? 'updated'} issue #${issue.number}: ${issue.title ?? ''}`,
        body: payload.action === 'opened' ? truncate(issue.body) : '',
        url: issue.html_url ?? repo.html_url,
        data: { ...data, number: issue.number ?? null },
      };
    }
    case 'issue_comment': {
      const issue = payload.issue ?? {};
      const subject = issue.pull_request ? 'pull_request' : 'issue';
      const action = payload.action === 'created' ? 'commented' : `comment_${payload.action ?? 'updated'}`;
      const noun = subject === 'pull_request' ? 'pull request' : 'issue';
      return {
        ...base,
        type: `${subject}.${action}`,
        title: `${where}: ${who} ${payload.action === 'created' ? 'commented on' : `${payload.action} a comment on`} ${noun} #${issue.number}: ${issue.title ?? ''}`,
        body: payload.action === 'deleted' ? '' : truncate(payload.comment?.body),
        url: payload.comment?.html_url ?? issue.html_url ?? repo.html_url,
        data: { ...data, number: issue.number ?? null },
      };
    }
    case 'pull_request': {
      const pr = payload.pull_request ?? {};
      const action = payload.action === 'closed' && pr.merged ? 'merged' : (payload.action ?? 'updated');
      return {
        ...base,
        type: `pull_request.${action}`,
        title: `${where}: ${who} ${action} pull request #${pr.number}: ${pr.title ?? ''}`,
        body: action === 'opened' ? truncate(pr.body) : '',
        url: pr.html_url ?? repo.html_url,
        data: { ...data, number: pr.number ?? null },
      };
    }
    case 'release': {
      const release = payload.release ?? {};
      return {
        ...base,
        type: `release.${payload.action ?? 'published'}`,
        title:
          `${where}: ${who} ${payload.action ?? 'published'} release ${release.name || release.tag_name || ''}`.trim(),
        body: truncate(release.body),
        url: release.html_url ?? repo.html_url,
        data: { ...data, tag: release.tag_name ?? null },
      };
    }
    case 'workflow_run': {
      const run = payload.workflow_run ?? {};
      if (payload.action !== 'completed') break;
      const failed = run.conclusion === 'failure' || run.conclusion === 'timed_out';
      const outcome = failed
        ? 'failed'
        : run.conclusion === 'success'
          ? 'succeeded'
          : (run.conclusion ?? 'completed');
      return {
        ...base,
        severity: failed ? 'error' : 'info',
        type: `workflow.${outcome}`,
        title: `${where}: workflow ${run.name ?? ''} ${outcome} on ${run.head_branch ?? ''}`
          .replace(/\s+/g, ' ')
          .trim(),
        body: '',
        url: run.html_url ?? repo.html_url,
        data: { ...data, workflow: run.name ?? null, conclusion: run.conclusion ?? null },
      };
    }
  }
  return {
    ...base,
    // Custom actions (repository_dispatch) are free text: keep them as one dot.case segment.
    type: [forge, header, payload.action]
      .filter(Boolean)
      .map((part) =>
        String(part)
          .toLowerCase()
          .replace(/[^a-z0-9_]+/g, '_'),
      )
      .join('.'),
    title: `${where}: ${header}${payload.action ? ` ${payload.action}` : ''} by ${who}`,
    body: '',
    url: repo.html_url,
  };
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function truncate(text: string | undefined, max = 1000): string {
  const value = (text ?? '').trim();
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
