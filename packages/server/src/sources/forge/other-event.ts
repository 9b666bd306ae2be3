import type { SourceEvent } from '../../domain/event.ts';
import { own } from './actions.ts';
import type { ForgePayload, MappingContext } from './payload.ts';
import { segment, words } from './text.ts';

/** What a sentence calls an event whose raw name reads badly. */
const nouns: Record<string, string> = {
  gollum: 'wiki',
  meta: 'webhook',
  page_build: 'Pages build',
  projects_v2: 'project',
  projects_v2_item: 'project item',
  github_app_authorization: 'app authorization',
  repository_vulnerability_alert: 'vulnerability alert',
  org_block: 'user',
  status: 'commit status',
  'star.created': 'repository',
  'star.deleted': 'repository',
  'watch.started': 'repository',
  team_add: 'team',
  public: 'repository',
  fork: 'repository',
  workflow_dispatch: 'workflow',
  ping: 'webhook',
};

/** Past tenses for actions that are not one already, and verbs for events that carry no action. */
const verbs: Record<string, string> = {
  create: 'created',
  dismiss: 'dismissed',
  suspend: 'suspended',
  unsuspend: 'unsuspended',
  closed_by_user: 'closed',
  reopened_by_user: 'reopened',
  pending_tier_change: 'tier change scheduled',
  pending_cancellation: 'cancellation scheduled',
  requested_action: 'action requested',
  gollum: 'edited',
  public: 'made public',
  fork: 'forked',
  team_add: 'added',
  workflow_dispatch: 'dispatched',
  ping: 'pinged',
  status: 'set',
  page_build: 'finished',
  repository_import: 'finished',
  'star.created': 'starred',
  'star.deleted': 'unstarred',
  'watch.started': 'watched',
};

/**
 * An event outside the shared scheme: `<forge>.<event>[.<action>]`, titled "<repo>: <thing> <did> by <who>"
 * from its words, with the number of the thing where it has one (`discussion #90`).
 */
export function mapOtherEvent(
  forge: string,
  header: string,
  payload: ForgePayload,
  { base, where, who, repoUrl }: MappingContext,
): SourceEvent {
  const action = payload.action;
  const item = (payload as Record<string, unknown>)[header] as
    | { number?: unknown; html_url?: unknown }
    | undefined;
  const number = typeof item?.number === 'number' ? ` #${item.number}` : '';
  const key = `${header}.${action}`;
  const noun = `${own(nouns, key) ?? own(nouns, header) ?? words(header)}${number}`;
  const did =
    own(verbs, key) ?? (action ? (own(verbs, action) ?? words(action)) : (own(verbs, header) ?? 'received'));
  return {
    ...base,
    // Custom actions (repository_dispatch) are free text: keep them as one dot.case segment.
    type: [forge, header, action]
      .filter(Boolean)
      .map((part) => segment(String(part)))
      .join('.'),
    title: `${where}: ${noun} ${did} by ${who}`,
    body: '',
    url: typeof item?.html_url === 'string' ? item.html_url : repoUrl,
  };
}
