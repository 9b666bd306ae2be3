import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  botPollPacing,
  nextPoll,
  type PollAnswer,
  type PollPacingPolicy,
} from '../../src/domain/poll-pacing.ts';
import { retryAfterMaxMs } from '../../src/domain/retry-policy.ts';

const policy: PollPacingPolicy = { heldMs: 1000, backoff: { baseMs: 1000, maxMs: 30_000 } };
const quickEmpty: PollAnswer = { kind: 'empty', elapsedMs: 3 };
const failed: PollAnswer = { kind: 'failed' };

/** The waits after `answers` in a row, starting with no strikes. */
function waits(answers: PollAnswer[]): number[] {
  let strikes = 0;
  return answers.map((answer) => {
    const pace = nextPoll(strikes, answer, policy);
    strikes = pace.strikes;
    return pace.waitMs;
  });
}

describe('nextPoll', () => {
  it('calls again at once after updates or an empty answer the server held', () => {
    expect(nextPoll(0, { kind: 'updates' }, policy)).toEqual({ strikes: 0, waitMs: 0 });
    expect(nextPoll(0, { kind: 'empty', elapsedMs: 25_000 }, policy)).toEqual({ strikes: 0, waitMs: 0 });
    expect(nextPoll(0, { kind: 'empty', elapsedMs: 1000 }, policy)).toEqual({ strikes: 0, waitMs: 0 });
  });

  it('backs off after quick empty answers: the base, doubling, capped', () => {
    expect(waits(Array(8).fill(quickEmpty))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(nextPoll(0, { kind: 'empty', elapsedMs: 999 }, policy)).toEqual({ strikes: 1, waitMs: 1000 });
  });

  it('backs off after failures the same way, and quick empty answers and failures count together', () => {
    expect(waits([failed, failed, failed])).toEqual([1000, 2000, 4000]);
    expect(waits([failed, quickEmpty, failed])).toEqual([1000, 2000, 4000]);
  });

  it('starts again from the base after a normal answer', () => {
    expect(waits([quickEmpty, quickEmpty, quickEmpty, { kind: 'updates' }, quickEmpty])).toEqual([
      1000, 2000, 4000, 0, 1000,
    ]);
    expect(waits([failed, failed, { kind: 'empty', elapsedMs: 25_000 }, failed])).toEqual([
      1000, 2000, 0, 1000,
    ]);
  });

  it('waits as long as a failure asked when that is longer than the backoff, at most 24 h', () => {
    expect(nextPoll(0, { kind: 'failed', retryAfterMs: 7500 }, policy).waitMs).toBe(7500);
    expect(nextPoll(0, { kind: 'failed', retryAfterMs: 10.2 }, policy).waitMs).toBe(1000);
    expect(nextPoll(0, { kind: 'failed', retryAfterMs: 1e12 }, policy).waitMs).toBe(retryAfterMaxMs);
    for (const nonsense of [Number.NaN, -5, Number.POSITIVE_INFINITY]) {
      expect(nextPoll(0, { kind: 'failed', retryAfterMs: nonsense }, policy).waitMs).toBe(1000);
    }
  });

  it('treats nonsense strike counts as none', () => {
    for (const strikes of [-3, Number.NaN, 0.5]) {
      expect(nextPoll(strikes, quickEmpty, policy)).toEqual({ strikes: 1, waitMs: 1000 });
    }
  });

  it('never lets calls that bring nothing come closer than the base, nor wait longer than the cap', () => {
    const answer = fc.oneof(
      fc.record({ kind: fc.constant('updates' as const) }),
      fc.record({ kind: fc.constant('empty' as const), elapsedMs: fc.nat(60_000) }),
      fc.record({ kind: fc.constant('failed' as const) }),
    );
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 50 }), (answers) => {
        let strikes = 0;
        for (const a of answers) {
          const pace = nextPoll(strikes, a, botPollPacing);
          const normal = a.kind === 'updates' || (a.kind === 'empty' && a.elapsedMs >= botPollPacing.heldMs);
          expect(pace.waitMs).toBe(normal ? 0 : Math.min(30_000, 1000 * 2 ** strikes));
          expect(pace.strikes).toBe(normal ? 0 : strikes + 1);
          strikes = pace.strikes;
        }
      }),
    );
  });
});
