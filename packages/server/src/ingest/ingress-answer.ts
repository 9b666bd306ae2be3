import type { IngressAnswer, IngressResult } from '../sources/source.ts';

/**
 * The answer of `POST /hooks/:id` for kinds without a dialect of their own. `id` and `duplicate` always
 * describe the same event: the first one this request stored, or, when every event was a repeat, the first
 * original. A request of several events also lists each (`events`, in request order), so a sender can tell
 * which were new. 202 when anything was stored; 200 for repeats only, and for a request that makes no event
 * (a forge's ping).
 */
export function ingressAnswer({ events }: Pick<IngressResult, 'events'>): IngressAnswer {
  const stored = events.find((event) => !event.duplicate);
  const first = stored ?? events[0];
  return {
    status: stored ? 202 : 200,
    body: {
      id: first?.id ?? null,
      duplicate: first ? first.duplicate : false,
      ...(events.length > 1 ? { events } : {}),
    },
  };
}
