import { decideQuietHours, quietHoursReason } from '../../domain/quiet-hours.ts';
import { type Gate, pass } from './gate.ts';

/** The rule's or the receiver's quiet hours (domain/quiet-hours.ts): defer, drop or send without sound. */
export const quietHoursGate: Gate = {
  name: 'quiet-hours',
  decide(context, now) {
    const quiet = context.quietHours;
    const decision = decideQuietHours(quiet ?? undefined, context.event.severity, now);
    if (decision.action === 'send' || quiet === null) return pass;
    const reason = quietHoursReason(decision, quiet);
    const detail = { windowStart: decision.window.start, windowEnd: decision.window.end };
    if (decision.action === 'defer') return { action: 'defer', until: decision.until, reason, detail };
    if (decision.action === 'drop') return { action: 'drop', reason, detail };
    return { action: 'quiet', reason };
  },
};
