import { describe, expect, it } from 'vitest';
import { ingressAnswer } from '../../src/ingest/ingress-answer.ts';

type Body = { id: string | null; duplicate: boolean; events?: { id: string; duplicate: boolean }[] };
const answer = (...duplicates: boolean[]) => {
  const events = duplicates.map((duplicate, i) => ({ id: `e${i}`, duplicate }));
  const { status, body } = ingressAnswer({ events });
  return { status, body: body as Body, events };
};

describe('the /hooks answer', () => {
  it('names the stored event, not a repeat before it, when a batch mixes both', () => {
    expect(answer(true, false, true)).toMatchObject({
      status: 202,
      body: {
        id: 'e1',
        duplicate: false,
        events: [{ duplicate: true }, { duplicate: false }, { duplicate: true }],
      },
    });
  });

  it.each([
    ['one new event', [false], 202, { id: 'e0', duplicate: false }],
    ['one repeat', [true], 200, { id: 'e0', duplicate: true }],
    ['no event (a ping)', [], 200, { id: null, duplicate: false }],
    ['only repeats', [true, true], 200, { id: 'e0', duplicate: true }],
  ])('answers %s', (_name, duplicates, status, body) => {
    const result = answer(...duplicates);
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject(body);
    expect('events' in result.body).toBe(duplicates.length > 1);
  });

  it('keeps id and duplicate about one event for every batch of up to six', () => {
    for (let size = 0; size <= 6; size++) {
      for (let mask = 0; mask < 2 ** size; mask++) {
        const duplicates = Array.from({ length: size }, (_, i) => Boolean(mask & (1 << i)));
        const { status, body, events } = answer(...duplicates);
        const named = events.find((event) => event.id === body.id);
        if (size === 0) expect(body).toEqual({ id: null, duplicate: false });
        else expect(named?.duplicate, JSON.stringify(duplicates)).toBe(body.duplicate);
        expect(body.duplicate).toBe(size > 0 && duplicates.every(Boolean));
        expect(status).toBe(duplicates.some((d) => !d) ? 202 : 200);
        if (size > 1) expect(body.events).toEqual(events);
      }
    }
  });

  it('says why a duplicate is one: by what, of which event, for how long and until when', () => {
    const until = Date.parse('2026-12-03T09:10:00Z');
    const { status, body } = ingressAnswer({
      events: [{ id: 'e0', duplicate: true, dedup: { by: 'body', windowMs: 600_000, until } }],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      id: 'e0',
      duplicate: true,
      dedup: { by: 'body', of: 'e0', windowSeconds: 600, until: '2026-12-03T09:10:00.000Z' },
    });
    const forever = ingressAnswer({
      events: [
        { id: 'e1', duplicate: false },
        { id: 'e0', duplicate: true, dedup: { by: 'key', windowMs: 0, until: null } },
      ],
    }).body;
    expect(forever).toEqual({
      id: 'e1',
      duplicate: false,
      events: [
        { id: 'e1', duplicate: false },
        { id: 'e0', duplicate: true, dedup: { by: 'key', of: 'e0', windowSeconds: 0, until: null } },
      ],
    });
  });
});
