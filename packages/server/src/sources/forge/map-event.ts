import type { SourceEvent } from '../../domain/event.ts';
import { type Action, knownAction, own } from './actions.ts';
import { mapOtherEvent } from './other-event.ts';
import type { ForgePayload, Issue, MappingContext } from './payload.ts';
import { mapPush, mapRefHook } from './refs.ts';
import { truncate } from './text.ts';
import { mapWorkflowRun } from './workflow.ts';

/** What differs between the forges that speak this dialect (GitHub, Gitea, Forgejo). */
export interface Forge {
  /** The source kind; the first segment of types outside the shared scheme (`github.star.created`). */
  name: string;
  /** GitHub sends a push when a branch is deleted; Gitea and Forgejo send only a `delete`. */
  deletedBranchHasPush: boolean;
}

/**
 * One GitHub, Gitea or Forgejo delivery as an event, or null for a delivery that repeats another's news. The
 * types follow one scheme across forges, listed per forge in the README's table; an event outside it becomes
 * `<forge>.<event>[.<action>]` with the payload kept.
 */
export function mapForgeEvent(forge: Forge, header: string, payload: ForgePayload): SourceEvent | null {
  const repo = payload.repository ?? {};
  const actor = payload.sender ?? payload.pusher ?? {};
  const who = actor.login || actor.username || 'someone';
  // Organisation and app events (installation, membership) have no repository.
  const where = repo.full_name ?? repo.name ?? payload.organization?.login ?? forge.name;
  const number = payload.pull_request?.number ?? payload.issue?.number ?? payload.number;
  const data = {
    forge: forge.name,
    event: header,
    action: payload.action ?? null,
    repository: { name: repo.name ?? null, full_name: repo.full_name ?? null, url: repo.html_url ?? null },
    actor: { login: who, url: actor.html_url ?? null },
    ...(number === undefined ? {} : { number }),
    payload,
  };
  const base = { severity: 'info' as const, tags: repo.name ? [repo.name] : [], data };
  const context: MappingContext = { base, where, who, repoUrl: repo.html_url };
  const other = () => mapOtherEvent(forge.name, header, payload, context);

  switch (header) {
    case 'push':
      return mapPush(payload, context);
    case 'create':
    case 'delete':
      return mapRefHook(header, payload, context, forge.deletedBranchHasPush);
    case 'issues':
    case 'pull_request': {
      const subject = header === 'issues' ? 'issue' : 'pull_request';
      const item = (subject === 'issue' ? payload.issue : payload.pull_request) ?? {};
      const merged = payload.action === 'closed' && payload.pull_request?.merged;
      const action = knownAction(merged ? 'merged' : payload.action);
      if (!action) return other();
      const opened = action.type === 'opened';
      return about(context, subject, item, action, opened ? truncate(item.body) : '');
    }
    case 'issue_comment':
    case 'pull_request_review_comment': {
      // Gitea and GitHub send comments on pull requests as `issue_comment` too, told apart by this field.
      const onPull = header === 'pull_request_review_comment' || Boolean(payload.issue?.pull_request);
      const item = (header === 'issue_comment' ? payload.issue : payload.pull_request) ?? {};
      const action = commentActions[payload.action ?? ''];
      if (!action) return other();
      const body = payload.action === 'deleted' ? '' : truncate(payload.comment?.body);
      const event = about(context, onPull ? 'pull_request' : 'issue', item, action, body);
      return { ...event, url: payload.comment?.html_url ?? event.url };
    }
    case 'pull_request_review':
    case 'pull_request_approved':
    case 'pull_request_rejected':
    case 'pull_request_comment': {
      const action = reviewAction(header, payload);
      if (!action) return other();
      const event = about(
        context,
        'pull_request',
        payload.pull_request ?? {},
        action,
        truncate(payload.review?.body ?? payload.review?.content),
      );
      return { ...event, url: payload.review?.html_url ?? event.url };
    }
    case 'pull_request_review_thread': {
      const action = threadActions[payload.action ?? ''];
      return action ? about(context, 'pull_request', payload.pull_request ?? {}, action, '') : other();
    }
    case 'commit_comment': {
      if (payload.action !== 'created') return other();
      const sha = ((payload.comment as { commit_id?: string } | undefined)?.commit_id ?? '').slice(0, 7);
      return {
        ...base,
        type: 'commit.commented',
        title: `${where}: ${who} commented on commit ${sha}`,
        body: truncate(payload.comment?.body),
        url: payload.comment?.html_url ?? repo.html_url,
      };
    }
    case 'release': {
      const action = own(releaseActions, payload.action);
      if (!action) return other();
      const release = payload.release ?? {};
      return {
        ...base,
        type: `release.${action.type}`,
        title: `${where}: ${who} ${action.phrase(release.name || release.tag_name || '')}`.trim(),
        body: action.type === 'deleted' ? '' : truncate(release.body),
        url: release.html_url ?? repo.html_url,
        data: { ...data, tag: release.tag_name ?? null },
      };
    }
    case 'workflow_run':
      return mapWorkflowRun(payload, context) ?? other();
  }
  return other();
}

/** An event about an issue or pull request: the number and title in every title, the item's page as link. */
function about(
  { base, where, who, repoUrl }: MappingContext,
  subject: 'issue' | 'pull_request',
  item: Issue,
  action: Action,
  body: string,
): SourceEvent {
  const noun = subject === 'issue' ? 'issue' : 'pull request';
  const title = item.title ? `: ${item.title}` : '';
  return {
    ...base,
    type: `${subject}.${action.type}`,
    title: `${where}: ${who} ${action.phrase(`${noun} #${item.number}`)}${title}`,
    body,
    url: item.html_url ?? repoUrl,
  };
}

const commentActions: Record<string, Action> = {
  created: { type: 'commented', phrase: (s) => `commented on ${s}` },
  edited: { type: 'comment_edited', phrase: (s) => `edited a comment on ${s}` },
  deleted: { type: 'comment_deleted', phrase: (s) => `deleted a comment on ${s}` },
};

const reviewStates: Record<string, Action> = {
  approved: { type: 'approved', phrase: (s) => `approved ${s}` },
  changes_requested: { type: 'changes_requested', phrase: (s) => `requested changes on ${s}` },
  commented: { type: 'reviewed', phrase: (s) => `reviewed ${s}` },
};

/** GitHub sends one `pull_request_review` with the verdict in `review.state`; Gitea one header per verdict. */
function reviewAction(header: string, payload: ForgePayload): Action | undefined {
  if (header === 'pull_request_approved') return reviewStates.approved;
  if (header === 'pull_request_rejected') return reviewStates.changes_requested;
  if (header === 'pull_request_comment') return reviewStates.commented;
  if (payload.action === 'submitted') return reviewStates[(payload.review?.state ?? '').toLowerCase()];
  if (payload.action === 'edited') return { type: 'review_edited', phrase: (s) => `edited a review of ${s}` };
  if (payload.action === 'dismissed')
    return { type: 'review_dismissed', phrase: (s) => `dismissed a review of ${s}` };
  return undefined;
}

const threadActions: Record<string, Action> = {
  resolved: { type: 'thread_resolved', phrase: (s) => `resolved a review thread on ${s}` },
  unresolved: { type: 'thread_unresolved', phrase: (s) => `reopened a review thread on ${s}` },
};

const releaseActions: Record<string, Action> = {
  published: { type: 'published', phrase: (name) => `published release ${name}` },
  created: { type: 'created', phrase: (name) => `created release ${name}` },
  edited: { type: 'edited', phrase: (name) => `edited release ${name}` },
  // Gitea's word for edited.
  updated: { type: 'edited', phrase: (name) => `edited release ${name}` },
  deleted: { type: 'deleted', phrase: (name) => `deleted release ${name}` },
  prereleased: { type: 'prereleased', phrase: (name) => `published pre-release ${name}` },
  released: { type: 'released', phrase: (name) => `released ${name}` },
  unpublished: { type: 'unpublished', phrase: (name) => `unpublished release ${name}` },
};
