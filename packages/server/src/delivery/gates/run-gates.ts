import type { DispatchContext } from '../load-dispatch-context.ts';
import type { Gate, GateName } from './gate.ts';
import { quietHoursGate } from './quiet-hours-gate.ts';
import { silenceGate } from './silence-gate.ts';

/**
 * The gates that need nothing but the context, in their fixed order: a silence the user set beats the
 * standing quiet hours. The dispatcher appends the rule's dedup and the rate limit, which need the database.
 */
export const gates: readonly Gate[] = [silenceGate, quietHoursGate];

export type GatesDecision =
  | { action: 'send'; silent: boolean; notes: string[] }
  | { action: 'drop'; gate: GateName; reason: string; detail?: Record<string, unknown> }
  | { action: 'defer'; gate: GateName; until: number; reason: string; detail?: Record<string, unknown> };

/** Runs the gates in order; the first that drops or defers decides, and any `quiet` makes the send silent. */
export async function runGates(
  context: DispatchContext,
  now: number,
  chain: readonly Gate[] = gates,
): Promise<GatesDecision> {
  let silent = false;
  const notes: string[] = [];
  for (const gate of chain) {
    const verdict = await gate.decide(context, now);
    switch (verdict.action) {
      case 'pass':
        continue;
      case 'quiet':
        silent = true;
        notes.push(verdict.reason);
        continue;
      default:
        return { ...verdict, gate: gate.name };
    }
  }
  return { action: 'send', silent, notes };
}
