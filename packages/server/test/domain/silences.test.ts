import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/domain/glob.ts';
import {
  decideSilence,
  type Silence,
  silenceCovers,
  silenceIsActive,
  silenceMaxMs,
  silenceProblem,
  silenceReason,
} from '../../src/domain/silences.ts';

const now = Date.UTC(2026, 11, 1, 9, 0, 0);
const hour = 3_600_000;

let counter = 0;
function silence(overrides: Partial<Silence> = {}): Silence {
  counter++;
  return {
    id: `S${String(counter).padStart(4, '0')}`,
    mode: 'drop',
    eventTypes: null,
    endsAt: now + hour,
    comment: '',
    createdBy: 'api:U1',
    ...overrides,
  };
}

describe('decideSilence', () => {
  it('sends when there are no silences', () => {
    expect(decideSilence([], 'push', now)).toEqual({ action: 'send' });
  });

  it('drops with an active drop silence and defers with an active defer silence', () => {
    const drop = silence({ mode: 'drop' });
    expect(decideSilence([drop], 'push', now)).toEqual({ action: 'drop', silence: drop });
    const defer = silence({ mode: 'defer', endsAt: now + 2 * hour });
    expect(decideSilence([defer], 'push', now)).toEqual({
      action: 'defer',
      until: now + 2 * hour,
      silence: defer,
    });
  });

  it('ignores a silence from the instant it ends: active one ms before, over at and after ends_at', () => {
    const drop = silence({ endsAt: now });
    expect(decideSilence([drop], 'push', now - 1).action).toBe('drop');
    expect(decideSilence([drop], 'push', now)).toEqual({ action: 'send' });
    expect(decideSilence([drop], 'push', now + 1)).toEqual({ action: 'send' });
    const defer = silence({ mode: 'defer', endsAt: now });
    expect(decideSilence([defer], 'push', now - 1)).toMatchObject({ action: 'defer', until: now });
    expect(decideSilence([defer], 'push', now)).toEqual({ action: 'send' });
  });

  it('applies a silence that starts (was created) later than the event; only its end matters', () => {
    expect(decideSilence([silence({ endsAt: now + 1 })], 'push', now).action).toBe('drop');
  });

  it('lets a drop silence beat a defer silence, whichever ends later and in any order', () => {
    const drop = silence({ mode: 'drop', endsAt: now + hour });
    const defer = silence({ mode: 'defer', endsAt: now + 5 * hour });
    expect(decideSilence([drop, defer], 'push', now)).toEqual({ action: 'drop', silence: drop });
    expect(decideSilence([defer, drop], 'push', now)).toEqual({ action: 'drop', silence: drop });
  });

  it('defers until the latest end among overlapping defer silences', () => {
    const short = silence({ mode: 'defer', endsAt: now + hour });
    const long = silence({ mode: 'defer', endsAt: now + 3 * hour });
    const middle = silence({ mode: 'defer', endsAt: now + 2 * hour });
    expect(decideSilence([short, long, middle], 'push', now)).toEqual({
      action: 'defer',
      until: now + 3 * hour,
      silence: long,
    });
    // Once the long one is over nothing defers any more: the others ended earlier.
    expect(decideSilence([short, long, middle], 'push', now + 3 * hour)).toEqual({ action: 'send' });
    expect(decideSilence([short, long, middle], 'push', now + hour)).toMatchObject({
      until: now + 3 * hour,
    });
  });

  it('ignores an expired drop silence next to an active defer silence', () => {
    const expired = silence({ mode: 'drop', endsAt: now - 1 });
    const defer = silence({ mode: 'defer' });
    expect(decideSilence([expired, defer], 'push', now)).toMatchObject({ action: 'defer', silence: defer });
  });

  it('reports the longest of several drop silences, and the older one on a tie', () => {
    const a = silence({ endsAt: now + hour });
    const b = silence({ endsAt: now + 2 * hour });
    expect(decideSilence([a, b], 'push', now)).toEqual({ action: 'drop', silence: b });
    const first = silence({ id: 'A', endsAt: now + hour });
    const second = silence({ id: 'B', endsAt: now + hour });
    expect(decideSilence([second, first], 'push', now)).toEqual({ action: 'drop', silence: first });
    expect(decideSilence([first, second], 'push', now)).toEqual({ action: 'drop', silence: first });
  });

  it('applies only silences whose globs match the event type', () => {
    const alerts = silence({ eventTypes: ['alert.*'] });
    expect(decideSilence([alerts], 'alert.firing', now).action).toBe('drop');
    expect(decideSilence([alerts], 'alert', now)).toEqual({ action: 'send' });
    expect(decideSilence([alerts], 'push', now)).toEqual({ action: 'send' });
    const pushOrPr = silence({ mode: 'defer', eventTypes: ['push', 'pull_request.**'] });
    expect(decideSilence([pushOrPr], 'push', now).action).toBe('defer');
    expect(decideSilence([pushOrPr], 'pull_request.review.submitted', now).action).toBe('defer');
    expect(decideSilence([pushOrPr], 'issue.opened', now).action).toBe('send');
  });

  it('lets a narrow defer silence and a broad drop silence for other types coexist', () => {
    const dropAlerts = silence({ mode: 'drop', eventTypes: ['alert.**'] });
    const deferPushes = silence({ mode: 'defer', eventTypes: ['push'] });
    expect(decideSilence([dropAlerts, deferPushes], 'push', now)).toMatchObject({ action: 'defer' });
    expect(decideSilence([dropAlerts, deferPushes], 'alert.firing', now)).toMatchObject({ action: 'drop' });
    expect(decideSilence([dropAlerts, deferPushes], 'backup.done', now)).toEqual({ action: 'send' });
  });

  it('treats an empty glob list as matching nothing and a broken glob as not matching', () => {
    expect(decideSilence([silence({ eventTypes: [] })], 'push', now)).toEqual({ action: 'send' });
    expect(decideSilence([silence({ eventTypes: ['push*'] })], 'push', now)).toEqual({ action: 'send' });
    expect(decideSilence([silence({ eventTypes: ['push*', 'push'] })], 'push', now).action).toBe('drop');
  });
});

describe('silenceIsActive and silenceCovers', () => {
  it('is active strictly before endsAt', () => {
    expect(silenceIsActive({ endsAt: now }, now - 1)).toBe(true);
    expect(silenceIsActive({ endsAt: now }, now)).toBe(false);
  });

  it('covers every type when eventTypes is null', () => {
    for (const type of ['push', 'a.b.c', 'delivery.dead'])
      expect(silenceCovers({ eventTypes: null }, type)).toBe(true);
  });
});

describe('silenceReason', () => {
  it('says until when, by whom and why', () => {
    const s = silence({ endsAt: Date.UTC(2026, 11, 1, 10), createdBy: 'api:U1', comment: 'maintenance' });
    expect(silenceReason({ action: 'drop', silence: s })).toBe(
      'silenced until 2026-12-01T10:00:00.000Z by api:U1: maintenance',
    );
    expect(silenceReason({ action: 'defer', until: s.endsAt, silence: s })).toBe(
      'deferred until 2026-12-01T10:00:00.000Z by api:U1: maintenance',
    );
  });

  it('leaves out an empty comment', () => {
    const s = silence({ endsAt: Date.UTC(2026, 11, 1, 10), createdBy: 'telegram:-100:42', comment: ' ' });
    expect(silenceReason({ action: 'drop', silence: s })).toBe(
      'silenced until 2026-12-01T10:00:00.000Z by telegram:-100:42',
    );
  });
});

describe('silenceProblem', () => {
  it('accepts an end in the future up to the maximum, with or without globs', () => {
    expect(silenceProblem({ endsAt: now + 1 }, now)).toBeNull();
    expect(silenceProblem({ endsAt: now + silenceMaxMs, eventTypes: ['alert.*'] }, now)).toBeNull();
    expect(silenceProblem({ endsAt: now + hour, eventTypes: null, comment: 'x' }, now)).toBeNull();
  });

  it('refuses an end now, in the past, too far ahead or not a time', () => {
    expect(silenceProblem({ endsAt: now }, now)).toMatchObject({ path: '/endsAt', message: /future/ });
    expect(silenceProblem({ endsAt: now - hour }, now)).toMatchObject({ path: '/endsAt' });
    expect(silenceProblem({ endsAt: now + silenceMaxMs + 1 }, now)).toMatchObject({
      path: '/endsAt',
      message: /366 days/,
    });
    expect(silenceProblem({ endsAt: Number.NaN }, now)).toMatchObject({ path: '/endsAt' });
  });

  it('names the bad glob, refuses an empty list and too long a comment', () => {
    expect(silenceProblem({ endsAt: now + hour, eventTypes: ['push', 'alert*'] }, now)).toMatchObject({
      path: '/eventTypes/1',
      message: /whole segment/,
    });
    expect(silenceProblem({ endsAt: now + hour, eventTypes: [] }, now)).toMatchObject({
      path: '/eventTypes',
    });
    expect(silenceProblem({ endsAt: now + hour, comment: 'x'.repeat(1001) }, now)).toMatchObject({
      path: '/comment',
    });
  });
});

describe('decideSilence, by property', () => {
  const types = ['push', 'alert.firing', 'alert.resolved', 'a.b.c', 'delivery.dead'];
  const globs = ['push', 'alert.*', 'alert.**', '**', '*.*', 'a.**.c', 'delivery.dead', 'nothing'];
  const arbSilence = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    mode: fc.constantFrom('drop' as const, 'defer' as const),
    eventTypes: fc.option(fc.array(fc.constantFrom(...globs), { minLength: 1, maxLength: 3 }), {
      nil: null,
    }),
    endsAt: fc.integer({ min: now - 10, max: now + 10 }),
    comment: fc.constant(''),
    createdBy: fc.constant('api:U'),
  });
  const arbInput = fc.tuple(
    fc.uniqueArray(arbSilence, { maxLength: 8, selector: (s) => s.id }),
    fc.constantFrom(...types),
    fc.integer({ min: now - 12, max: now + 12 }),
  );

  const applies = (s: Silence, type: string, at: number) =>
    at < s.endsAt && (s.eventTypes === null || s.eventTypes.some((g) => compileGlob(g)(type)));

  it('matches the plain definition', () => {
    fc.assert(
      fc.property(arbInput, ([silences, type, at]) => {
        const decision = decideSilence(silences, type, at);
        const applicable = silences.filter((s) => applies(s, type, at));
        const drops = applicable.filter((s) => s.mode === 'drop');
        const defers = applicable.filter((s) => s.mode === 'defer');
        if (drops.length > 0) {
          expect(decision.action).toBe('drop');
          if (decision.action !== 'drop') return;
          expect(drops).toContain(decision.silence);
          expect(decision.silence.endsAt).toBe(Math.max(...drops.map((s) => s.endsAt)));
        } else if (defers.length > 0) {
          expect(decision.action).toBe('defer');
          if (decision.action !== 'defer') return;
          expect(defers).toContain(decision.silence);
          expect(decision.until).toBe(Math.max(...defers.map((s) => s.endsAt)));
          expect(decision.until).toBeGreaterThan(at);
        } else {
          expect(decision).toEqual({ action: 'send' });
        }
      }),
    );
  });

  it('does not depend on the order of the silences', () => {
    fc.assert(
      fc.property(
        arbInput.chain(([silences, type, at]) =>
          fc.tuple(
            fc.constant(silences),
            fc.shuffledSubarray(silences, { minLength: silences.length, maxLength: silences.length }),
            fc.constant(type),
            fc.constant(at),
          ),
        ),
        ([silences, shuffled, type, at]) => {
          expect(decideSilence(shuffled, type, at)).toEqual(decideSilence(silences, type, at));
        },
      ),
    );
  });

  it('sends a deferred event at its due time unless a newer silence applies then', () => {
    fc.assert(
      fc.property(arbInput, ([silences, type, at]) => {
        const decision = decideSilence(silences, type, at);
        if (decision.action !== 'defer') return;
        // At `until` every silence that deferred it is over; only drops that end later could still apply.
        expect(decideSilence(silences, type, decision.until).action).not.toBe('defer');
      }),
    );
  });
});
