import type { MatchableEvent } from './event.ts';
import { eventFieldKind, eventFieldReader } from './event-field.ts';

/**
 * A rule's own dedup: within `windowSeconds`, an event whose `by` fields equal those of one the rule
 * already sent to the receiver is dropped. It works beyond the ingest dedup, which only knows one sender's
 * retries: the same alert re-raised with a new id, a cron job failing every five minutes.
 */
export interface RuleDedup {
  windowSeconds: number;
  /** Event fields (type, title, body, severity, tags, source, data.path) whose values make a repeat. */
  by: string[];
}

export const ruleDedupWindowMaxSeconds = 30 * 86_400;
export const defaultDedupFields = ['type', 'title'] as const;

/** What is wrong with a rule's dedup, as a JSON pointer and a message; null when nothing is. */
export function ruleDedupProblem(dedup: RuleDedup): { path: string; message: string } | null {
  for (const [index, field] of dedup.by.entries()) {
    const kind = eventFieldKind(field);
    if (typeof kind === 'object') return { path: `/dedup/by/${index}`, message: kind.error };
  }
  return null;
}

/** The values that make two events the same for this rule, as one string. */
export function dedupValues(event: MatchableEvent, dedup: RuleDedup): string {
  const fields = dedup.by.length > 0 ? dedup.by : defaultDedupFields;
  return JSON.stringify(fields.map((field) => eventFieldReader(field)(event) ?? null));
}

export type RepeatDecision = { repeat: false } | { repeat: true; firstAt: number };

/** Whether an event first let through at `firstAt` (undefined: never) makes this one a repeat at `now`. */
export function decideRepeat(firstAt: number | undefined, now: number, dedup: RuleDedup): RepeatDecision {
  if (firstAt === undefined || now - firstAt >= dedup.windowSeconds * 1000) return { repeat: false };
  return { repeat: true, firstAt };
}
