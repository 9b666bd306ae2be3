import { decideSilence, silenceReason } from '../../domain/silences.ts';
import { type Gate, pass } from './gate.ts';

/** The receiver's active silences (domain/silences.ts): drop or defer until the last one ends. */
export const silenceGate: Gate = {
  name: 'silence',
  decide(context, now) {
    const decision = decideSilence(context.silences, context.event.type, now);
    if (decision.action === 'send') return pass;
    const reason = silenceReason(decision);
    const detail = { silenceId: decision.silence.id };
    return decision.action === 'drop'
      ? { action: 'drop', reason, detail }
      : { action: 'defer', until: decision.until, reason, detail };
  },
};
