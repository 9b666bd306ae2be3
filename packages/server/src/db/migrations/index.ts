import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.ts';
import { sourceIngressKey } from './0002-source-ingress-key.ts';
import { telegramBotsSilences } from './0003-telegram-bots-silences.ts';
import { partialDeliveryIndexes } from './0004-partial-delivery-indexes.ts';
import { eventOwner } from './0005-event-owner.ts';
import { eventWarnings } from './0006-event-warnings.ts';
import { quietHours } from './0007-quiet-hours.ts';
import { ruleReach } from './0008-rule-reach.ts';
import { bodyDedupWindowAttemptNumbers } from './0009-body-dedup-window-attempt-numbers.ts';
import { userAccounts } from './0010-user-accounts.ts';
import { sessions } from './0011-sessions.ts';
import { rateLimits } from './0012-rate-limits.ts';
import { ruleDedup } from './0013-rule-dedup.ts';
import { streamEntries } from './0014-stream-entries.ts';
import { topics } from './0015-topics.ts';
import { auditLog } from './0016-audit-log.ts';
import { signInIdentities } from './0017-sign-in-identities.ts';
import { eventSearch } from './0018-event-search.ts';
import { statsIndexes } from './0019-stats-indexes.ts';
import { targetShares } from './0020-target-shares.ts';
import { sourceRefusals } from './0021-source-refusals.ts';
import { dedupMarkDelivery } from './0022-dedup-mark-delivery.ts';

/** Every migration, in order. Names are sorted by Kysely, so keep the numeric prefix. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-source-ingress-key': sourceIngressKey,
  '0003-telegram-bots-silences': telegramBotsSilences,
  '0004-partial-delivery-indexes': partialDeliveryIndexes,
  '0005-event-owner': eventOwner,
  '0006-event-warnings': eventWarnings,
  '0007-quiet-hours': quietHours,
  '0008-rule-reach': ruleReach,
  '0009-body-dedup-window-attempt-numbers': bodyDedupWindowAttemptNumbers,
  '0010-user-accounts': userAccounts,
  '0011-sessions': sessions,
  '0012-rate-limits': rateLimits,
  '0013-rule-dedup': ruleDedup,
  '0014-stream-entries': streamEntries,
  '0015-topics': topics,
  '0016-audit-log': auditLog,
  '0017-sign-in-identities': signInIdentities,
  '0018-event-search': eventSearch,
  '0019-stats-indexes': statsIndexes,
  '0020-target-shares': targetShares,
  '0021-source-refusals': sourceRefusals,
  '0022-dedup-mark-delivery': dedupMarkDelivery,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
