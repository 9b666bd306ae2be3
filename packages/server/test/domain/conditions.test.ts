import fc from 'fast-check';
import { Check } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  type Condition,
  ConditionSchema,
  checkAndCompileConditions,
  conditionsMax,
  validateConditions,
} from '../../src/domain/conditions.ts';
import { type MatchableEvent, type Severity, severities } from '../../src/domain/event.ts';

const event: MatchableEvent = {
  sourceId: 'src_gitea',
  type: 'push',
  title: 'Disk FULL on nas',
  body: 'The volume /data is at 97%',
  severity: 'warning',
  tags: ['prod', 'storage'],
  data: {
    host: 'nas',
    usage: 97,
    usageText: '97',
    status: 503,
    ok: false,
    nothing: null,
    labels: ['disk', 'nas'],
    nested: { deep: { value: 'x' } },
    commits: [{ id: 'abc' }, { id: 'def' }],
    pair: [1, 2],
  },
};

function compileConditions(conditions: Condition[]): (on: MatchableEvent) => boolean {
  const compiled = checkAndCompileConditions(conditions);
  if (!compiled.ok) throw new Error(`${compiled.problem.path}: ${compiled.problem.message}`);
  return compiled.holds;
}

function holds(condition: Condition, on: MatchableEvent = event): boolean {
  return compileConditions([condition])(on);
}

describe('compileConditions: each operator', () => {
  const cases: [Condition, boolean][] = [
    // eq / neq: JSON equality, no coercion
    [{ field: 'type', op: 'eq', value: 'push' }, true],
    [{ field: 'type', op: 'eq', value: 'PUSH' }, false],
    [{ field: 'source', op: 'eq', value: 'src_gitea' }, true],
    [{ field: 'severity', op: 'eq', value: 'warning' }, true],
    [{ field: 'severity', op: 'eq', value: 'error' }, false],
    [{ field: 'data.usage', op: 'eq', value: 97 }, true],
    [{ field: 'data.usage', op: 'eq', value: '97' }, false],
    [{ field: 'data.usageText', op: 'eq', value: 97 }, false],
    [{ field: 'data.ok', op: 'eq', value: false }, true],
    [{ field: 'data.nothing', op: 'eq', value: null }, true],
    [{ field: 'data.pair', op: 'eq', value: [1, 2] }, true],
    [{ field: 'data.pair', op: 'eq', value: [2, 1] }, false],
    [{ field: 'data.nested', op: 'eq', value: { deep: { value: 'x' } } }, true],
    [{ field: 'data.nested', op: 'eq', value: { deep: { value: 'x' }, more: 1 } }, false],
    [{ field: 'tags', op: 'eq', value: ['prod', 'storage'] }, true],
    [{ field: 'tags', op: 'eq', value: ['prod'] }, false],
    [{ field: 'data.missing', op: 'eq', value: 'x' }, false],
    [{ field: 'type', op: 'neq', value: 'push' }, false],
    [{ field: 'type', op: 'neq', value: 'tag' }, true],
    [{ field: 'data.missing', op: 'neq', value: 'x' }, true],
    [{ field: 'data.usage', op: 'neq', value: '97' }, true],
    // in / nin
    [{ field: 'severity', op: 'in', value: ['error', 'warning'] }, true],
    [{ field: 'severity', op: 'in', value: ['error', 'critical'] }, false],
    [{ field: 'tags', op: 'in', value: ['storage', 'net'] }, true],
    [{ field: 'tags', op: 'in', value: ['net'] }, false],
    [{ field: 'data.status', op: 'in', value: [502, 503, 504] }, true],
    [{ field: 'data.status', op: 'in', value: ['503'] }, false],
    [{ field: 'data.labels', op: 'in', value: ['nas'] }, true],
    [{ field: 'data.pair', op: 'in', value: [[1, 2]] }, true],
    [{ field: 'data.missing', op: 'in', value: ['x'] }, false],
    [{ field: 'tags', op: 'nin', value: ['net'] }, true],
    [{ field: 'tags', op: 'nin', value: ['prod'] }, false],
    [{ field: 'data.missing', op: 'nin', value: ['x'] }, true],
    // contains
    [{ field: 'title', op: 'contains', value: 'disk full' }, true],
    [{ field: 'title', op: 'contains', value: 'DISK' }, true],
    [{ field: 'body', op: 'contains', value: '97%' }, true],
    [{ field: 'body', op: 'contains', value: '98%' }, false],
    [{ field: 'title', op: 'contains', value: '' }, true],
    [{ field: 'tags', op: 'contains', value: 'prod' }, true],
    [{ field: 'tags', op: 'contains', value: 'PROD' }, false],
    [{ field: 'tags', op: 'contains', value: 'pro' }, false],
    [{ field: 'data.commits', op: 'contains', value: { id: 'def' } }, true],
    [{ field: 'data.pair', op: 'contains', value: 2 }, true],
    [{ field: 'data.pair', op: 'contains', value: '2' }, false],
    [{ field: 'data.usage', op: 'contains', value: '9' }, false],
    [{ field: 'data.nested', op: 'contains', value: 'deep' }, false],
    [{ field: 'data.missing', op: 'contains', value: 'x' }, false],
    // matches
    [{ field: 'title', op: 'matches', value: '^disk (full|almost)' }, true],
    [{ field: 'title', op: 'matches', value: 'nas$' }, true],
    [{ field: 'title', op: 'matches', value: '^nas' }, false],
    [{ field: 'data.status', op: 'matches', value: '^5\\d\\d$' }, true],
    [{ field: 'data.ok', op: 'matches', value: '^false$' }, true],
    [{ field: 'tags', op: 'matches', value: '^stor' }, true],
    [{ field: 'tags', op: 'matches', value: '^net' }, false],
    [{ field: 'data.nested', op: 'matches', value: '.' }, false],
    [{ field: 'data.nothing', op: 'matches', value: 'null' }, false],
    [{ field: 'data.missing', op: 'matches', value: '.' }, false],
    // exists
    [{ field: 'data.host', op: 'exists' }, true],
    [{ field: 'data.host', op: 'exists', value: true }, true],
    [{ field: 'data.host', op: 'exists', value: false }, false],
    [{ field: 'data.missing', op: 'exists' }, false],
    [{ field: 'data.missing', op: 'exists', value: false }, true],
    [{ field: 'data.nothing', op: 'exists' }, false],
    [{ field: 'data.ok', op: 'exists' }, true],
    [{ field: 'data', op: 'exists' }, true],
    [{ field: 'body', op: 'exists' }, true],
    // comparisons: severity by rank, data numerically
    [{ field: 'severity', op: 'gte', value: 'warning' }, true],
    [{ field: 'severity', op: 'gte', value: 'info' }, true],
    [{ field: 'severity', op: 'gte', value: 'error' }, false],
    [{ field: 'severity', op: 'gt', value: 'warning' }, false],
    [{ field: 'severity', op: 'gt', value: 'debug' }, true],
    [{ field: 'severity', op: 'lte', value: 'warning' }, true],
    [{ field: 'severity', op: 'lt', value: 'warning' }, false],
    [{ field: 'severity', op: 'lt', value: 'critical' }, true],
    [{ field: 'data.usage', op: 'gte', value: 90 }, true],
    [{ field: 'data.usage', op: 'gt', value: 97 }, false],
    [{ field: 'data.usage', op: 'lte', value: 97 }, true],
    [{ field: 'data.usage', op: 'lt', value: 97.5 }, true],
    [{ field: 'data.usage', op: 'lt', value: -1 }, false],
    [{ field: 'data.usageText', op: 'gte', value: 1 }, false],
    [{ field: 'data.missing', op: 'lt', value: 1 }, false],
    [{ field: 'data.nothing', op: 'lt', value: 1 }, false],
    // paths into data
    [{ field: 'data.nested.deep.value', op: 'eq', value: 'x' }, true],
    [{ field: 'data.commits.1.id', op: 'eq', value: 'def' }, true],
    [{ field: 'data.commits.2.id', op: 'exists' }, false],
    [{ field: 'data.commits.01.id', op: 'exists' }, false],
    [{ field: 'data.commits.length', op: 'exists' }, false],
    [{ field: 'data.host.length', op: 'exists' }, false],
    [{ field: 'data.constructor', op: 'exists' }, false],
    [{ field: 'data.__proto__', op: 'exists' }, false],
    [{ field: 'data.labels.toString', op: 'exists' }, false],
  ];
  it.each(cases)('%j is %s', (condition, expected) => {
    expect(validateConditions([condition])).toBeNull();
    expect(holds(condition)).toBe(expected);
  });
});

describe('compileConditions: events of other shapes', () => {
  it('treats data that is not an object as having no paths', () => {
    for (const data of [null, 'text', 42, [1, 2], undefined]) {
      const on = { ...event, data };
      expect(holds({ field: 'data.a', op: 'exists' }, on)).toBe(false);
      expect(holds({ field: 'data.a', op: 'neq', value: 1 }, on)).toBe(true);
    }
    expect(holds({ field: 'data.0', op: 'eq', value: 1 }, { ...event, data: [1, 2] })).toBe(true);
  });

  it('is false for a severity comparison when the event severity is not a known level', () => {
    const odd = { ...event, severity: 'loud' as Severity };
    expect(holds({ field: 'severity', op: 'gte', value: 'debug' }, odd)).toBe(false);
    expect(holds({ field: 'severity', op: 'lt', value: 'critical' }, odd)).toBe(false);
  });

  it('does not match non-finite numbers in comparisons', () => {
    const on = { ...event, data: { n: Number.POSITIVE_INFINITY } };
    expect(holds({ field: 'data.n', op: 'gt', value: 1 }, on)).toBe(false);
  });

  it('keeps no regex state between events (no lastIndex carry-over)', () => {
    const check = compileConditions([{ field: 'title', op: 'matches', value: 'a' }]);
    for (let i = 0; i < 5; i++) expect(check({ ...event, title: 'a' })).toBe(true);
  });
});

describe('compileConditions: combining', () => {
  it('holds for an empty list', () => {
    expect(compileConditions([])(event)).toBe(true);
  });

  it('needs every condition to hold', () => {
    const both: Condition[] = [
      { field: 'severity', op: 'gte', value: 'warning' },
      { field: 'tags', op: 'contains', value: 'prod' },
    ];
    expect(compileConditions(both)(event)).toBe(true);
    expect(compileConditions([...both, { field: 'type', op: 'eq', value: 'tag' }])(event)).toBe(false);
  });

  it('says what is wrong instead of compiling invalid conditions', () => {
    expect(checkAndCompileConditions([{ field: 'title', op: 'matches', value: '(a)\\1' }])).toEqual({
      ok: false,
      problem: { path: '/conditions/0/value', message: expect.stringMatching(/^backreferences/) },
    });
  });

  it('orders severities by rank, as a property', () => {
    const severity = fc.constantFrom(...severities);
    fc.assert(
      fc.property(severity, severity, (actual, threshold) => {
        const on = { ...event, severity: actual };
        const rank = (s: Severity) => severities.indexOf(s);
        expect(holds({ field: 'severity', op: 'gte', value: threshold }, on)).toBe(
          rank(actual) >= rank(threshold),
        );
        expect(holds({ field: 'severity', op: 'gt', value: threshold }, on)).toBe(
          rank(actual) > rank(threshold),
        );
        expect(holds({ field: 'severity', op: 'lte', value: threshold }, on)).toBe(
          rank(actual) <= rank(threshold),
        );
        expect(holds({ field: 'severity', op: 'lt', value: threshold }, on)).toBe(
          rank(actual) < rank(threshold),
        );
      }),
    );
  });

  it('makes neq the negation of eq and nin the negation of in, as a property', () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    fc.assert(
      fc.property(json, json, fc.array(json, { minLength: 1, maxLength: 4 }), (actual, expected, list) => {
        const on = { ...event, data: { v: actual } };
        expect(holds({ field: 'data.v', op: 'neq', value: expected }, on)).toBe(
          !holds({ field: 'data.v', op: 'eq', value: expected }, on),
        );
        expect(holds({ field: 'data.v', op: 'nin', value: list }, on)).toBe(
          !holds({ field: 'data.v', op: 'in', value: list }, on),
        );
        expect(holds({ field: 'data.v', op: 'eq', value: actual }, on)).toBe(true);
      }),
    );
  });

  it('finds any substring ignoring case, as a property', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ maxLength: 5 }), fc.string(), (before, needle, after) => {
        const on = { ...event, body: `${before}${needle.toUpperCase()}${after}` };
        expect(holds({ field: 'body', op: 'contains', value: needle.toLowerCase() }, on)).toBe(true);
      }),
    );
  });
});

describe('validateConditions', () => {
  it.each([
    [{ field: 'colour', op: 'eq', value: 'red' }, /unknown field "colour"/],
    [{ field: 'data.', op: 'exists' }, /empty path segment/],
    [{ field: 'data..a', op: 'exists' }, /empty path segment/],
    [{ field: `data${'.a'.repeat(33)}`, op: 'exists' }, /deeper than 32/],
    [{ field: 'title', op: 'like', value: 'x' }, /must be one of/],
    [{ field: 'title', op: 'eq' }, /must be a string/],
    [{ field: 'data.a', op: 'eq' }, /is required/],
    [{ field: 'title', op: 'eq', value: 5 }, /must be a string/],
    [{ field: 'severity', op: 'eq', value: 'loud' }, /must be a severity \(debug, info/],
    [{ field: 'tags', op: 'eq', value: 'prod' }, /use "contains"/],
    [{ field: 'tags', op: 'in', value: 'prod' }, /must be a list/],
    [{ field: 'tags', op: 'in', value: [] }, /must be a list of 1 to/],
    [{ field: 'tags', op: 'in', value: [1] }, /every member must be a string/],
    [{ field: 'severity', op: 'in', value: ['error', 'bad'] }, /every member must be a severity/],
    [{ field: 'data.a', op: 'in', value: Array.from({ length: 1001 }, (_, i) => i) }, /1 to 1000/],
    [{ field: 'severity', op: 'contains', value: 'warn' }, /use "eq" or "in"/],
    [{ field: 'title', op: 'contains', value: 1 }, /must be a string/],
    [{ field: 'tags', op: 'contains', value: 1 }, /must be a string/],
    [{ field: 'data.a', op: 'contains' }, /is required/],
    [{ field: 'title', op: 'matches', value: 1 }, /regular expression string/],
    [{ field: 'title', op: 'matches', value: '^(?!ok)' }, /lookahead .* not supported/],
    [{ field: 'title', op: 'matches', value: 'a'.repeat(201) }, /at most 200/],
    [{ field: 'title', op: 'matches', value: '(' }, /not a valid regular expression/],
    [{ field: 'data.a', op: 'exists', value: 'yes' }, /true, false or left out/],
    [{ field: 'severity', op: 'gte', value: 3 }, /must be a severity/],
    [{ field: 'data.n', op: 'gte', value: '5' }, /finite number/],
    [{ field: 'data.n', op: 'lt', value: Number.NaN }, /finite number/],
    [{ field: 'title', op: 'gt', value: 'a' }, /cannot be compared/],
    [{ field: 'tags', op: 'lt', value: 1 }, /cannot be compared/],
  ])('rejects %j', (condition, message) => {
    expect(validateConditions([condition as Condition])?.message).toMatch(message);
  });

  it('names the position of the bad condition', () => {
    const conditions: Condition[] = [
      { field: 'type', op: 'eq', value: 'push' },
      { field: 'title', op: 'gt', value: 'a' },
    ];
    expect(validateConditions(conditions)).toEqual({
      path: '/conditions/1/value',
      message: expect.stringMatching(/^cannot be compared/),
    });
  });

  it('rejects what is not a list of condition objects', () => {
    expect(validateConditions('x' as unknown as Condition[])).toEqual({
      path: '/conditions',
      message: 'conditions must be a list',
    });
    expect(validateConditions([null as unknown as Condition])).toEqual({
      path: '/conditions/0',
      message: 'must be an object',
    });
    expect(validateConditions([{ op: 'eq' } as unknown as Condition])).toEqual({
      path: '/conditions/0/field',
      message: 'must be a string',
    });
  });

  it(`rejects more than ${conditionsMax} conditions`, () => {
    const many: Condition[] = Array.from({ length: conditionsMax + 1 }, () => ({
      field: 'body',
      op: 'exists',
    }));
    expect(validateConditions(many)?.message).toMatch(/at most 50/);
    expect(validateConditions(many.slice(1))).toBeNull();
  });
});

describe('ConditionSchema', () => {
  it('accepts conditions with and without a value', () => {
    expect(Check(ConditionSchema, { field: 'data.a', op: 'exists' })).toBe(true);
    expect(Check(ConditionSchema, { field: 'tags', op: 'in', value: ['a'] })).toBe(true);
  });

  it('rejects unknown operators, extra keys and empty fields', () => {
    expect(Check(ConditionSchema, { field: 'type', op: 'like', value: 'x' })).toBe(false);
    expect(Check(ConditionSchema, { field: 'type', op: 'eq', value: 'x', extra: 1 })).toBe(false);
    expect(Check(ConditionSchema, { field: '', op: 'exists' })).toBe(false);
  });
});
