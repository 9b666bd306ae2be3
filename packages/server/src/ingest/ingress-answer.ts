import type { DuplicateReason } from '../domain/event.ts';
import type { IngressAnswer, IngressResult } from '../sources/source.ts';

type ResultEvent = IngressResult['events'][number];

/**
 * The answer of `POST /hooks/:id` for kinds without a dialect of their own. `id` and `duplicate` always
 * describe the same event: the first one this request stored, or, when every event was a repeat, the first
 * original. A request of several events also lists each (`events`, in request order), so a sender can tell
 * which were new. 202 when anything was stored; 200 for repeats only, and for a request that makes no event
 * (a forge's ping). A duplicate says why it is one (`dedup`), since a body-hash duplicate and a delivery-id
 * duplicate last very differently.
 */
export function ingressAnswer({ events }: Pick<IngressResult, 'events'>): IngressAnswer {
  const stored = events.find((event) => !event.duplicate);
  const first = stored ?? events[0];
  return {
    status: stored ? 202 : 200,
    body: {
      ...(first ? answerEvent(first) : { id: null, duplicate: false }),
      ...(events.length > 1 ? { events: events.map(answerEvent) } : {}),
    },
  };
}

function answerEvent({ id, duplicate, dedup }: ResultEvent) {
  return { id, duplicate, ...(duplicate && dedup ? { dedup: dedupView(id, dedup) } : {}) };
}

/** `of` repeats `id` on purpose: the answer reads "a duplicate by body of <id>, until <time>". */
function dedupView(of: string, { by, windowMs, until }: DuplicateReason) {
  return {
    by,
    of,
    windowSeconds: Math.round(windowMs / 1000),
    until: until === null ? null : new Date(until).toISOString(),
  };
}
