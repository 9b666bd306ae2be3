import type { DispatchContext } from '../load-dispatch-context.ts';

/** The gates, in the order they run (README "Between matched and sent"). */
export const gateNames = ['silence', 'quiet-hours', 'rule-dedup', 'rate-limit'] as const;
export type GateName = (typeof gateNames)[number];

/**
 * What one gate says about a delivery about to be sent. `pass` lets the next gate decide; `quiet` passes
 * too, but the message goes out without sound; `drop` and `defer` end the run and are recorded on the
 * delivery with their reason.
 */
export type GateVerdict =
  | { action: 'pass' }
  | { action: 'quiet'; reason: string }
  | { action: 'drop'; reason: string; detail?: Record<string, unknown> }
  | { action: 'defer'; until: number; reason: string; detail?: Record<string, unknown> };

/**
 * A gate decides from the loaded dispatch context and the clock's value alone: its domain/ decision plus
 * what the context loaded for it. A gate that needs a store (a rate bucket) gets it when it is made.
 */
export interface Gate {
  readonly name: GateName;
  decide(context: DispatchContext, now: number): GateVerdict | Promise<GateVerdict>;
}

export const pass: GateVerdict = Object.freeze({ action: 'pass' });
