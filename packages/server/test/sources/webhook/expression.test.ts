import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateExpression,
  expressionProblem,
  parseDotPath,
  resolvePointer,
} from '../../../src/sources/webhook/expression.ts';

// The example document of RFC 6901 §5.
const rfcDocument = {
  foo: ['bar', 'baz'],
  '': 0,
  'a/b': 1,
  'c%d': 2,
  'e^f': 3,
  'g|h': 4,
  'i\\j': 5,
  'k"l': 6,
  ' ': 7,
  'm~n': 8,
};

describe('resolvePointer', () => {
  const rfcCases: [string, unknown][] = [
    ['', rfcDocument],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ];
  it.each(rfcCases)('RFC 6901 §5: %j', (pointer, expected) => {
    expect(resolvePointer(rfcDocument, pointer)).toEqual(expected);
  });

  const missing: [string, unknown][] = [
    ['/foo/2', 'past the end'],
    ['/foo/-', '"-" names no element'],
    ['/foo/01', 'leading zero'],
    ['/foo/0/x', 'through a string'],
    ['/nope/deeper', 'a missing member'],
    ['/m~2n', 'an invalid escape'],
    ['/m~', 'a trailing tilde'],
    ['foo', 'no leading slash'],
    ['/constructor', "Object.prototype's members"],
    ['/__proto__', 'the prototype'],
    ['/foo/length', "an array's length"],
  ];
  it.each(missing)('%j is undefined (%s)', (pointer) => {
    expect(resolvePointer(rfcDocument, pointer)).toBeUndefined();
  });

  it('decodes ~01 as "~1", not "/" (RFC 6901 §4 order)', () => {
    expect(resolvePointer({ '~1': 'tilde-one', '/': 'slash' }, '/~01')).toBe('tilde-one');
  });

  it('finds every member of any object by its escaped name (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        for (const [key, value] of Object.entries(object)) {
          if (key === '__proto__') continue;
          const pointer = `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
          expect(resolvePointer(object, pointer)).toEqual(value);
        }
      }),
    );
  });
});

describe('parseDotPath', () => {
  const valid: [string, (string | number)[]][] = [
    ['a', ['a']],
    ['a.b.c', ['a', 'b', 'c']],
    ['a[0]', ['a', 0]],
    ['a[0].b[12]', ['a', 0, 'b', 12]],
    ['[1].x', [1, 'x']],
    ['x-request-id', ['x-request-id']],
    ['commits[0].author.name', ['commits', 0, 'author', 'name']],
  ];
  it.each(valid)('%j', (path, segments) => {
    expect(parseDotPath(path)).toEqual(segments);
  });

  it.each(['', '.a', 'a.', 'a..b', 'a[0]b', 'a[x]', 'a["b"]', 'a b', 'a[-1]'])('rejects %j', (path) => {
    expect(parseDotPath(path)).toBeUndefined();
  });
});

describe('evaluateExpression', () => {
  const payload = {
    repo: { name: 'infra', stars: 3, private: false },
    commits: [{ id: 'abc', author: { name: 'Ann' } }, { id: 'def' }],
    labels: ['a', 'b'],
    nothing: null,
    'x-y': 'dash',
  };
  const cases: [string, unknown][] = [
    ['/repo/name', 'infra'],
    ['/repo', payload.repo],
    ['/labels', ['a', 'b']],
    ['{{ repo.name }}', 'infra'],
    ['{{repo.name}}', 'infra'],
    ['[{{ repo.name }}] {{ commits[0].author.name }} pushed {{ commits[1].id }}', '[infra] Ann pushed def'],
    ['{{ repo.stars }} stars, private: {{ repo.private }}', '3 stars, private: false'],
    ['{{ labels }}', '["a","b"]'],
    ['{{ nothing }}|{{ missing.deep }}|{{ commits[9].id }}', '||'],
    ['{{ x-y }}', 'dash'],
    ['{{ repo.name | upcase }}', ''],
    ['{{ constructor }}{{ repo.__proto__ }}', ''],
    ['deploy.finished', 'deploy.finished'],
    ['{{ unclosed', '{{ unclosed'],
  ];
  it.each(cases)('%j', (expression, expected) => {
    expect(evaluateExpression(expression, payload)).toEqual(expected);
  });
});

describe('expressionProblem', () => {
  it.each(['/a/b', '/m~0n~1', '{{ a.b[0] }} and {{ c }}', 'literal text', '/'])(
    'accepts %j',
    (expression) => {
      expect(expressionProblem(expression)).toBeUndefined();
    },
  );

  const problems: [string, string][] = [
    ['/a~2', 'JSON pointer'],
    ['{{ a | upcase }}', 'filters are not supported'],
    ['{{ a["b"] }}', 'is not a path'],
    ['{{ }}', 'is not a path'],
  ];
  it.each(problems)('rejects %j', (expression, message) => {
    expect(expressionProblem(expression)).toContain(message);
  });
});
