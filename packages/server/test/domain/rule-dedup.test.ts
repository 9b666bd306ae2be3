import { describe, expect, it } from 'vitest';
import type { MatchableEvent } from '../../src/domain/event.ts';
import { decideRepeat, dedupValues, ruleDedupProblem } from '../../src/domain/rule-dedup.ts';

const event: MatchableEvent = {
  sourceId: 's1',
  ownerId: 'u1',
  type: 'backup.failed',
  title: 'Backup failed',
  body: 'disk full at 03:00',
  severity: 'error',
  tags: ['nas'],
  data: { host: { name: 'nas1' } },
};

describe('rule dedup', () => {
  it('compares type and title by default, and the named fields otherwise', () => {
    const byDefault = { windowSeconds: 60, by: [] };
    expect(dedupValues(event, byDefault)).toBe(
      dedupValues({ ...event, body: 'disk full at 04:00' }, byDefault),
    );
    expect(dedupValues(event, byDefault)).not.toBe(
      dedupValues({ ...event, title: 'Backup done' }, byDefault),
    );
    const byHost = { windowSeconds: 60, by: ['data.host.name'] };
    expect(dedupValues(event, byHost)).toBe(dedupValues({ ...event, title: 'other' }, byHost));
    expect(dedupValues(event, byHost)).not.toBe(
      dedupValues({ ...event, data: { host: { name: 'nas2' } } }, byHost),
    );
    expect(dedupValues({ ...event, data: null }, byHost)).toBe('[null]');
  });

  it('is a repeat only inside the window, counted from the first one let through', () => {
    const dedup = { windowSeconds: 600, by: [] };
    expect(decideRepeat(undefined, 1_000, dedup)).toEqual({ repeat: false });
    expect(decideRepeat(1_000, 1_000 + 599_999, dedup)).toEqual({ repeat: true, firstAt: 1_000 });
    expect(decideRepeat(1_000, 1_000 + 600_000, dedup)).toEqual({ repeat: false });
  });

  it('names a field that does not exist', () => {
    expect(ruleDedupProblem({ windowSeconds: 60, by: ['title', 'colour'] })).toMatchObject({
      path: '/dedup/by/1',
    });
    expect(ruleDedupProblem({ windowSeconds: 60, by: ['data.a.b', 'tags'] })).toBeNull();
  });
});
