import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxJsonDepth, tooDeepAt } from '../../src/http/json-depth.ts';

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** `value` wrapped in `levels` arrays or objects, alternating. */
function wrap(value: unknown, levels: number): unknown {
  let wrapped = value;
  for (let i = 0; i < levels; i++) wrapped = i % 2 ? [wrapped] : { '[{"': wrapped };
  return wrapped;
}

describe('tooDeepAt', () => {
  it(`finds JSON nested deeper than ${maxJsonDepth} levels, and only that`, () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.integer({ min: 0, max: 2 * maxJsonDepth }),
        (leaf, levels) => {
          const value = wrap(leaf, levels);
          expect(tooDeepAt(JSON.stringify(value)) !== undefined).toBe(depthOf(value) > maxJsonDepth);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('points at the bracket that opens the first level too many', () => {
    const text = `${'['.repeat(maxJsonDepth + 1)}${']'.repeat(maxJsonDepth + 1)}`;
    expect(tooDeepAt(text)).toBe(maxJsonDepth);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = JSON.stringify({ a: `\\"${'['.repeat(1000)}"{{{` });
    expect(tooDeepAt(inString)).toBeUndefined();
  });

  it('scans text that is not JSON without throwing', () => {
    expect(tooDeepAt('"unterminated [[[[')).toBeUndefined();
    expect(tooDeepAt(']]]]}}}')).toBeUndefined();
    expect(tooDeepAt('{'.repeat(maxJsonDepth + 1))).toBe(maxJsonDepth);
  });
});
