import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../auth/audit-log.ts';
import type { LinkedUser } from '../auth/identities.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import type { Database } from '../db/open-database.ts';
import type { Clock } from '../domain/clock.ts';

/**
 * What signing in through someone else changed here, for the audit log: a user made on first sight, or a
 * role their groups changed (which, like any role change, ends their other sessions).
 */
export async function recordLink(
  options: { database: Database; clock: Clock },
  request: FastifyRequest,
  linked: LinkedUser,
  via: 'oidc' | 'proxy',
): Promise<void> {
  const now = options.clock.now();
  const actor = { userId: linked.user.id, via, address: request.ip };
  if (linked.created) {
    const { user } = linked;
    await recordAudit(options.database.db, now, actor, {
      action: 'user.create',
      resourceType: 'user',
      resourceId: user.id,
      after: { name: user.name, role: user.role, displayName: user.display_name ?? user.name },
    });
  } else if (linked.previousRole) {
    const ended = await revokeUserSessions(options.database, linked.user.id);
    await recordAudit(options.database.db, now, actor, {
      action: 'user.update',
      resourceType: 'user',
      resourceId: linked.user.id,
      before: { role: linked.previousRole },
      after: { role: linked.user.role },
      detail: { groups: true, ...(ended > 0 ? { sessionsEnded: ended } : {}) },
    });
  }
}
