import { words } from './text.ts';

/** How one action on an issue or pull request is typed and told: `pull_request.<type>`, "<who> <phrase>". */
export interface Action {
  type: string;
  phrase(subject: string): string;
}

const say =
  (verb: string) =>
  (subject: string): string =>
    `${verb} ${subject}`;
const as = (type: string, phrase: (subject: string) => string = say(type)): Action => ({ type, phrase });

/**
 * The actions of GitHub, Gitea/Forgejo and GitLab (`open`, `update`, `merge`) in one vocabulary, so one rule
 * matches the same happening on every forge. The README's type table lists what each forge sends.
 */
const vocabulary: Record<string, Action> = {
  opened: as('opened'),
  open: as('opened'),
  closed: as('closed'),
  close: as('closed'),
  reopened: as('reopened'),
  reopen: as('reopened'),
  edited: as('edited'),
  update: as('edited'),
  deleted: as('deleted'),
  merged: as('merged'),
  merge: as('merged'),
  assigned: as('assigned'),
  unassigned: as('unassigned'),
  labeled: as('labeled'),
  unlabeled: as('unlabeled'),
  // Gitea says only that the labels changed, or were all removed.
  label_updated: as('labeled', (s) => `changed the labels of ${s}`),
  label_cleared: as('unlabeled', (s) => `removed the labels of ${s}`),
  milestoned: as('milestoned', (s) => `added ${s} to a milestone`),
  demilestoned: as('demilestoned', (s) => `removed ${s} from its milestone`),
  locked: as('locked'),
  unlocked: as('unlocked'),
  pinned: as('pinned'),
  unpinned: as('unpinned'),
  transferred: as('transferred'),
  typed: as('typed', (s) => `set the type of ${s}`),
  untyped: as('untyped', (s) => `removed the type of ${s}`),
  // GitHub says `synchronize`, Gitea `synchronized`: new commits on the pull request's branch.
  synchronize: as('synchronized', (s) => `pushed to ${s}`),
  synchronized: as('synchronized', (s) => `pushed to ${s}`),
  ready_for_review: as('ready_for_review', (s) => `marked ${s} ready for review`),
  converted_to_draft: as('converted_to_draft', (s) => `converted ${s} to a draft`),
  review_requested: as('review_requested', (s) => `requested a review of ${s}`),
  review_request_removed: as('review_request_removed', (s) => `withdrew a review request on ${s}`),
  auto_merge_enabled: as('auto_merge_enabled', (s) => `enabled auto-merge of ${s}`),
  auto_merge_disabled: as('auto_merge_disabled', (s) => `disabled auto-merge of ${s}`),
  enqueued: as('enqueued', (s) => `added ${s} to the merge queue`),
  dequeued: as('dequeued', (s) => `removed ${s} from the merge queue`),
  // GitLab: `approved` once all required approvals are in, `approval` for each one.
  approved: as('approved'),
  approval: as('approved'),
  unapproved: as('unapproved', (s) => `withdrew approval of ${s}`),
  unapproval: as('unapproved', (s) => `withdrew approval of ${s}`),
};

/** The action in the shared vocabulary, or undefined for one it does not know (a forge's newer action). */
export function knownAction(action: string | undefined): Action | undefined {
  return action && Object.hasOwn(vocabulary, action) ? vocabulary[action] : undefined;
}

/** An action the vocabulary lacks still reads as words: `auto_closed` -> "auto closed <subject>". */
export function unknownAction(action: string): Action {
  return { type: action, phrase: say(words(action)) };
}

/** `table[key]` for a key a sender chose: never a property of Object.prototype ("constructor"). */
export function own<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
