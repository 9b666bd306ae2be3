import type { Database } from '../db/open-database.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { Logger } from '../telemetry/logger.ts';
import { sweepAuditLog } from './audit-log.ts';

/** An hour: entries live days, so an hour late is no matter, and a sweep is one indexed DELETE. */
export const auditSweepEveryMs = 60 * 60 * 1000;

export interface AuditSweeper {
  /** The sweep running or last run: tests wait on it after moving the clock. */
  readonly lastSweep: Promise<number>;
  stop(): void;
}

/**
 * Deletes audit entries older than the retention at start and then every hour on the clock. Every node
 * sweeps; two sweeps at once delete the same rows once.
 */
export function startAuditSweeps(options: {
  database: Database;
  clock: Clock;
  retentionMs: number;
  logger: Logger;
}): AuditSweeper {
  const { database, clock, retentionMs, logger } = options;
  let timer: TimerHandle | undefined;
  let stopped = false;
  const sweeper = {
    lastSweep: Promise.resolve(0),
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
    },
  };
  const sweep = () => {
    if (stopped) return;
    sweeper.lastSweep = sweepAuditLog(database.db, clock.now(), retentionMs)
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'sweeping the audit log failed; trying again in an hour');
        return 0;
      })
      .finally(() => {
        if (!stopped) timer = clock.setTimeout(sweep, auditSweepEveryMs);
      });
  };
  sweep();
  return sweeper;
}
