/**
 * Silences: "don't notify this receiver (about these event types) until T". The dispatcher asks, at send
 * time, what the active silences of a delivery's receiver say about its event:
 * - none applies: send;
 * - a `drop` silence applies: drop the delivery (a drop beats any defer: the user said "not at all");
 * - only `defer` silences apply: send it when the last of them ends (the latest `endsAt`), so a snooze
 *   on top of a longer snooze never lets the event out early.
 * A silence is active while `now < endsAt`; at exactly `endsAt` it is over.
 */
import { compileGlob, validateGlob } from './glob.ts';

/** The same two modes as the `silences.mode` column (db/schema.ts); domain/ imports nothing outside itself. */
export type SilenceMode = 'drop' | 'defer';

/** One silence as the gate reads it (a parsed `silences` row). */
export interface Silence {
  id: string;
  mode: SilenceMode;
  /** Event type globs; null silences every event of the receiver. */
  eventTypes: readonly string[] | null;
  /** Epoch ms; the silence is over from this instant on. */
  endsAt: number;
  comment: string;
  /** `ui:<user id>`, `api:<user id>` or a bot command such as `telegram:<chat id>:<user id>`. */
  createdBy: string;
}

export type SilenceDecision =
  | { action: 'send' }
  | { action: 'drop'; silence: Silence }
  | { action: 'defer'; until: number; silence: Silence };

const send: SilenceDecision = { action: 'send' };

export function silenceIsActive(silence: Pick<Silence, 'endsAt'>, now: number): boolean {
  return now < silence.endsAt;
}

/**
 * Whether `silence` covers `eventType`. A glob that does not compile (the store validates them on write,
 * so only a row edited by hand has one) matches nothing: a broken silence must not swallow everything.
 */
export function silenceCovers(silence: Pick<Silence, 'eventTypes'>, eventType: string): boolean {
  if (silence.eventTypes === null) return true;
  return silence.eventTypes.some((glob) => {
    try {
      return compileGlob(glob)(eventType);
    } catch {
      return false;
    }
  });
}

/** Of two applicable silences of the same mode, the one that lasts longer decides; ties go to the older id. */
function outlasts(a: Silence, b: Silence): boolean {
  return a.endsAt > b.endsAt || (a.endsAt === b.endsAt && a.id < b.id);
}

/** What the active silences of one receiver say about an event of `eventType` at `now`. */
export function decideSilence(silences: readonly Silence[], eventType: string, now: number): SilenceDecision {
  let drop: Silence | undefined;
  let defer: Silence | undefined;
  for (const silence of silences) {
    if (!silenceIsActive(silence, now) || !silenceCovers(silence, eventType)) continue;
    if (silence.mode === 'drop') {
      if (drop === undefined || outlasts(silence, drop)) drop = silence;
    } else if (defer === undefined || outlasts(silence, defer)) {
      defer = silence;
    }
  }
  if (drop) return { action: 'drop', silence: drop };
  if (defer) return { action: 'defer', until: defer.endsAt, silence: defer };
  return send;
}

/**
 * What the delivery row says about a silenced delivery, e.g.
 * `silenced until 2026-12-01T10:00:00.000Z by api:01J…: maintenance` (drop) or
 * `deferred until 2026-12-01T10:00:00.000Z by api:01J…: maintenance` (defer).
 */
export function silenceReason(decision: Exclude<SilenceDecision, { action: 'send' }>): string {
  const { silence } = decision;
  const verb = decision.action === 'drop' ? 'silenced' : 'deferred';
  const comment = silence.comment.trim() === '' ? '' : `: ${silence.comment}`;
  return `${verb} until ${new Date(silence.endsAt).toISOString()} by ${silence.createdBy}${comment}`;
}

/** How far ahead a silence may end: longer than this is a mistake (or should be a disabled receiver). */
export const silenceMaxMs = 366 * 24 * 60 * 60 * 1000;
export const silenceEventTypesMax = 50;
export const silenceCommentMaxLength = 1000;

/**
 * Why a new silence cannot be made as given (`path` names the field, in the API's JSON-pointer form), or
 * null. The API and the bot commands both call it through the silence store.
 */
export function silenceProblem(
  silence: { eventTypes?: readonly string[] | null; endsAt: number; comment?: string },
  now: number,
): { path: string; message: string } | null {
  if (!Number.isSafeInteger(silence.endsAt)) {
    return { path: '/endsAt', message: 'the end must be a point in time' };
  }
  if (silence.endsAt <= now) {
    return { path: '/endsAt', message: 'the end must be in the future' };
  }
  if (silence.endsAt - now > silenceMaxMs) {
    return {
      path: '/endsAt',
      message: 'a silence may last at most 366 days; disable the receiver to stop it for longer',
    };
  }
  const types = silence.eventTypes;
  if (types !== undefined && types !== null) {
    if (types.length === 0) {
      return {
        path: '/eventTypes',
        message: 'give at least one glob, or leave eventTypes out for all events',
      };
    }
    if (types.length > silenceEventTypesMax) {
      return { path: '/eventTypes', message: `at most ${silenceEventTypesMax} globs` };
    }
    for (const [index, glob] of types.entries()) {
      const problem = validateGlob(glob);
      if (problem !== null) return { path: `/eventTypes/${index}`, message: problem };
    }
  }
  if (silence.comment !== undefined && silence.comment.length > silenceCommentMaxLength) {
    return { path: '/comment', message: `a comment may be at most ${silenceCommentMaxLength} characters` };
  }
  return null;
}
