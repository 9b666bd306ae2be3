import type { Database } from '../../db/open-database.ts';
import { dedupValues } from '../../domain/rule-dedup.ts';
import { markOrRepeat } from '../dedup-marks.ts';
import { type Gate, pass } from './gate.ts';

/**
 * The rule's own dedup window (domain/rule-dedup.ts): a repeat of what the rule sent the receiver within
 * the window is dropped, saying of when. After silences and quiet hours, so a held delivery marks nothing;
 * before the rate limit, so a repeat spends no slot.
 */
export function ruleDedupGate(database: Database): Gate {
  return {
    name: 'rule-dedup',
    async decide(context, now) {
      const dedup = context.rule?.dedup;
      if (!dedup) return pass;
      const values = dedupValues(context.event, dedup);
      const decision = await markOrRepeat(
        database,
        { ruleId: context.rule!.id, receiverId: context.receiver.id, values, deliveryId: context.deliveryId },
        dedup,
        now,
      );
      if (!decision.repeat) return pass;
      const fields = dedup.by.length > 0 ? dedup.by.join(', ') : 'type, title';
      return {
        action: 'drop',
        reason: `a repeat (same ${fields}) of what this rule sent at ${new Date(decision.firstAt).toISOString()}, within its ${dedup.windowSeconds} s dedup window`,
        detail: { firstAt: decision.firstAt },
      };
    },
  };
}
