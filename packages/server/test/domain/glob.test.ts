import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globFirstSegment, normalizeGlob, validateGlob } from '../../src/domain/glob.ts';
import { DomainValidationError } from '../../src/domain/validation-error.ts';

/** The definition, written as plainly as possible (exponential, fine for short inputs). */
function referenceMatch(globSegments: readonly string[], typeSegments: readonly string[]): boolean {
  if (globSegments.length === 0) return typeSegments.length === 0;
  const [head, ...rest] = globSegments;
  if (head === '**') {
    for (let taken = 0; taken <= typeSegments.length; taken++) {
      if (referenceMatch(rest, typeSegments.slice(taken))) return true;
    }
    return false;
  }
  if (typeSegments.length === 0) return false;
  const [first, ...others] = typeSegments;
  if (head === '*') return first !== '' && referenceMatch(rest, others);
  return head === first && referenceMatch(rest, others);
}

describe('compileGlob', () => {
  const cases: [pattern: string, type: string, expected: boolean][] = [
    ['push', 'push', true],
    ['push', 'push.tag', false],
    ['push', 'pus', false],
    ['push', 'pushed', false],
    ['push', 'Push', false],
    // Event types are lower-case, so globs are lowercased before matching.
    ['Push', 'push', true],
    ['tpl.loop100M', 'tpl.loop100m', true],
    ['Alert.**', 'alert.firing', true],
    ['A.**.*.Z', 'a.b.z', true],
    ['alert.*', 'alert.firing', true],
    ['alert.*', 'alert', false],
    ['alert.*', 'alert.', false],
    ['alert.*', 'alert.firing.extra', false],
    ['alert.*', 'alerts.firing', false],
    ['alert.*', 'ALERT.firing', false],
    ['*', 'push', true],
    ['*', '', false],
    ['*', 'a.b', false],
    ['*.*', 'a.b', true],
    ['*.*', 'a', false],
    ['pull_request.**', 'pull_request', true],
    ['pull_request.**', 'pull_request.opened', true],
    ['pull_request.**', 'pull_request.review.submitted', true],
    ['pull_request.**', 'pull_request_review', false],
    ['pull_request.**', 'pull', false],
    ['**', 'push', true],
    ['**', 'a.b.c.d', true],
    ['**', '', true],
    ['**.firing', 'firing', true],
    ['**.firing', 'alert.firing', true],
    ['**.firing', 'a.b.firing', true],
    ['**.firing', 'a.firing.b', false],
    ['a.**.z', 'a.z', true],
    ['a.**.z', 'a.b.z', true],
    ['a.**.z', 'a.b.c.d.z', true],
    ['a.**.z', 'a.b.c', false],
    ['a.**.z', 'a.z.b', false],
    ['a.**.z', 'a.z.z', true],
    ['a.**.*.z', 'a.z', false],
    ['a.**.*.z', 'a.b.z', true],
    ['a.**.**.z', 'a.z', true],
    ['a.*.**', 'a', false],
    ['a.*.**', 'a.b', true],
    ['a.*.**', 'a.b.c', true],
    ['**.a.**', 'x.a.y', true],
    ['**.a.**', 'a', true],
    ['**.a.**', 'x.b.y', false],
    // Literal segments are literal, whatever characters they hold: no regex is ever built from them.
    ['a+', 'a+', true],
    ['a+', 'aa', false],
    ['(x|y)', 'x', false],
    ['(x|y)', '(x|y)', true],
    ['$^[', '$^[', true],
  ];
  it.each(cases)('%s on %s is %s', (pattern, type, expected) => {
    expect(compileGlob(pattern)(type)).toBe(expected);
  });

  it('agrees with the reference definition on random globs and types', () => {
    const globSegment = fc.constantFrom('a', 'b', '*', '**');
    const typeSegment = fc.constantFrom('a', 'b', 'c', '');
    fc.assert(
      fc.property(
        fc.array(globSegment, { minLength: 1, maxLength: 7 }),
        fc.array(typeSegment, { minLength: 1, maxLength: 8 }),
        (globSegments, typeSegments) => {
          const matches = compileGlob(globSegments.join('.'));
          expect(matches(typeSegments.join('.'))).toBe(referenceMatch(globSegments, typeSegments));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('answers many `**` against long types without exponential backtracking', () => {
    const matches = compileGlob('**.a.**.a.**.a.**.a.**.b');
    expect(matches(Array.from({ length: 2000 }, () => 'a').join('.'))).toBe(false);
    expect(matches(`${Array.from({ length: 2000 }, () => 'a').join('.')}.b`)).toBe(true);
  });

  it('throws a DomainValidationError for an invalid glob', () => {
    expect(() => compileGlob('a..b')).toThrow(DomainValidationError);
    expect(() => compileGlob('')).toThrow(/must not be empty/);
  });
});

describe('validateGlob', () => {
  it.each(['push', 'alert.*', 'pull_request.**', '**', '*.*', 'a.**.b', 'x-y_z.1', 'a+'])(
    'accepts %s',
    (pattern) => {
      expect(validateGlob(pattern)).toBeNull();
    },
  );

  it.each([
    ['', /must not be empty/],
    ['.push', /empty segment/],
    ['push.', /empty segment/],
    ['a..b', /empty segment/],
    ['.', /empty segment/],
    ['alert*', /whole segment/],
    ['*alert', /whole segment/],
    ['a.***', /whole segment/],
    ['a.b*c', /whole segment/],
    ['push tag', /whitespace/],
    ['push\t', /whitespace/],
    ['a'.repeat(201), /at most 200/],
  ])('rejects %j', (pattern, message) => {
    expect(validateGlob(pattern)).toMatch(message);
  });

  it('rejects a value that is not a string', () => {
    expect(validateGlob(42 as unknown as string)).toMatch(/must be a string/);
  });
});

describe('normalizeGlob', () => {
  it('lowercases, as event types are', () => {
    expect(normalizeGlob('Tpl.Loop100M.**')).toBe('tpl.loop100m.**');
    expect(normalizeGlob('alert.*')).toBe('alert.*');
  });
});

describe('globFirstSegment', () => {
  it.each([
    ['push', 'push'],
    ['Alert.*', 'alert'],
    ['alert.*', 'alert'],
    ['pull_request.**', 'pull_request'],
    ['*', undefined],
    ['**', undefined],
    ['*.firing', undefined],
    ['**.firing', undefined],
  ])('of %s is %s', (pattern, expected) => {
    expect(globFirstSegment(pattern)).toBe(expected);
  });

  it('is the first segment of every type the glob matches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '*', '**'), { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 6 }),
        (globSegments, typeSegments) => {
          const pattern = globSegments.join('.');
          const first = globFirstSegment(pattern);
          if (first !== undefined && compileGlob(pattern)(typeSegments.join('.'))) {
            expect(typeSegments[0]).toBe(first);
          }
        },
      ),
    );
  });
});
