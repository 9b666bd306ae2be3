import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAndCompileConditions } from '../../src/domain/conditions.ts';
import { type MatchableEvent, type Severity, severities } from '../../src/domain/event.ts';
import { compileGlob } from '../../src/domain/glob.ts';
import {
  compileRules,
  type RuleDefinition,
  type RuleMatch,
  uniqueReceivers,
} from '../../src/domain/rule-matcher.ts';

function rule(id: string, overrides: Partial<RuleDefinition> = {}): RuleDefinition {
  return {
    id,
    enabled: true,
    priority: 0,
    sourceIds: null,
    eventTypes: [],
    conditions: [],
    receiverIds: [`recv_${id}`],
    templateId: null,
    ...overrides,
  };
}

function event(overrides: Partial<MatchableEvent> = {}): MatchableEvent {
  return {
    sourceId: 's1',
    type: 'push',
    title: 'title',
    body: 'body',
    severity: 'info',
    tags: [],
    data: {},
    ...overrides,
  };
}

const ids = (matches: RuleMatch[]) => matches.map((match) => match.ruleId);

/** The definition without any index: sort everything, walk everything. */
function referenceMatch(rules: RuleDefinition[], on: MatchableEvent): string[] {
  const sorted = rules
    .filter((r) => r.enabled)
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const matched: string[] = [];
  for (const r of sorted) {
    const sourceOk = r.sourceIds === null || r.sourceIds.includes(on.sourceId);
    const typeOk = r.eventTypes.length === 0 || r.eventTypes.some((glob) => compileGlob(glob)(on.type));
    const conditions = checkAndCompileConditions(r.conditions);
    if (sourceOk && typeOk && conditions.ok && conditions.holds(on)) {
      matched.push(r.id);
      if (r.stop) break;
    }
  }
  return matched;
}

describe('compileRules: selection', () => {
  it('matches nothing without rules', () => {
    expect(compileRules([]).match(event())).toEqual([]);
  });

  it('leaves disabled rules out', () => {
    const matcher = compileRules([rule('a', { enabled: false }), rule('b')]);
    expect(ids(matcher.match(event()))).toEqual(['b']);
    expect(matcher.size).toBe(1);
  });

  it('selects by source: null is any source, a list is those sources, an empty list is none', () => {
    const matcher = compileRules([
      rule('any', { sourceIds: null }),
      rule('one', { sourceIds: ['s1'] }),
      rule('two', { sourceIds: ['s2', 's1', 's2'] }),
      rule('none', { sourceIds: [] }),
    ]);
    expect(ids(matcher.match(event({ sourceId: 's1' })))).toEqual(['any', 'one', 'two']);
    expect(ids(matcher.match(event({ sourceId: 's2' })))).toEqual(['any', 'two']);
    expect(ids(matcher.match(event({ sourceId: 's3' })))).toEqual(['any']);
  });

  it('selects by event type globs; an empty list is any type', () => {
    const matcher = compileRules([
      rule('all', { eventTypes: [] }),
      rule('push', { eventTypes: ['push'] }),
      rule('alerts', { eventTypes: ['alert.*'] }),
      rule('either', { eventTypes: ['push', 'alert.firing'] }),
      rule('firing', { eventTypes: ['**.firing'] }),
    ]);
    expect(ids(matcher.match(event({ type: 'push' })))).toEqual(['all', 'either', 'push']);
    expect(ids(matcher.match(event({ type: 'alert.firing' })))).toEqual([
      'alerts',
      'all',
      'either',
      'firing',
    ]);
    expect(ids(matcher.match(event({ type: 'alert.resolved' })))).toEqual(['alerts', 'all']);
    expect(ids(matcher.match(event({ type: 'Push' })))).toEqual(['all']);
  });

  it('matches a glob stored with capitals, which event types never have', () => {
    const matcher = compileRules([
      rule('literal', { eventTypes: ['tpl.loop100M'] }),
      rule('family', { eventTypes: ['Tpl.**'] }),
      rule('other', { eventTypes: ['Push'] }),
    ]);
    expect(ids(matcher.match(event({ type: 'tpl.loop100m' })))).toEqual(['family', 'literal']);
  });

  it('answers a pattern that backtracks for ever in V8 on 10 kB bodies', () => {
    const matcher = compileRules([
      rule('spaces', { conditions: [{ field: 'body', op: 'matches', value: '(.|\\s)*foo' }] }),
    ]);
    // V8 took minutes on 30 spaces for this pattern; on RE2 the rule answers for 10 kB.
    expect(ids(matcher.match(event({ body: ' '.repeat(10_000) })))).toEqual([]);
    expect(ids(matcher.match(event({ body: `${' '.repeat(10_000)}foo` })))).toEqual(['spaces']);
  });

  it('applies conditions', () => {
    const matcher = compileRules([
      rule('loud', { conditions: [{ field: 'severity', op: 'gte', value: 'error' }] }),
      rule('quiet'),
    ]);
    expect(ids(matcher.match(event({ severity: 'critical' })))).toEqual(['loud', 'quiet']);
    expect(ids(matcher.match(event({ severity: 'warning' })))).toEqual(['quiet']);
  });

  it('returns the template and receivers of each matched rule', () => {
    const matcher = compileRules([rule('a', { templateId: 'tpl_1', receiverIds: ['r1', 'r2'] })]);
    expect(matcher.match(event())).toEqual([{ ruleId: 'a', templateId: 'tpl_1', receiverIds: ['r1', 'r2'] }]);
  });

  it('is not affected by later changes to the definitions it was compiled from', () => {
    const definition = rule('a', { receiverIds: ['r1'] });
    const matcher = compileRules([definition]);
    definition.receiverIds.push('r2');
    definition.eventTypes.push('other');
    expect(matcher.match(event())).toEqual([{ ruleId: 'a', templateId: null, receiverIds: ['r1'] }]);
  });
});

describe('compileRules: priority and stop', () => {
  it('orders by priority, higher first, then by id in code-unit order', () => {
    const matcher = compileRules([
      rule('b', { priority: 1 }),
      rule('low', { priority: -5 }),
      rule('a', { priority: 1 }),
      rule('B', { priority: 1 }),
      rule('high', { priority: 10 }),
    ]);
    expect(ids(matcher.match(event()))).toEqual(['high', 'B', 'a', 'b', 'low']);
  });

  it('stops at a matched rule with stop, equal priorities with a later id included', () => {
    const matcher = compileRules([
      rule('first', { priority: 5 }),
      rule('gate', { priority: 3, stop: true }),
      rule('gate2', { priority: 3 }),
      rule('later', { priority: 1 }),
    ]);
    expect(ids(matcher.match(event()))).toEqual(['first', 'gate']);
  });

  it('does not stop when the stop rule does not match', () => {
    const matcher = compileRules([
      rule('gate', { priority: 3, stop: true, eventTypes: ['alert.*'] }),
      rule('later', { priority: 1 }),
    ]);
    expect(ids(matcher.match(event({ type: 'push' })))).toEqual(['later']);
    expect(ids(matcher.match(event({ type: 'alert.firing' })))).toEqual(['gate']);
  });

  it('stops across index buckets: a source-specific stop rule cuts an any-source rule below it', () => {
    const matcher = compileRules([
      rule('any-high', { priority: 9 }),
      rule('mute-s1', { priority: 5, sourceIds: ['s1'], eventTypes: ['push'], stop: true, receiverIds: [] }),
      rule('any-low', { priority: 1, eventTypes: ['**'] }),
      rule('s1-low', { priority: 0, sourceIds: ['s1'] }),
    ]);
    expect(ids(matcher.match(event({ sourceId: 's1' })))).toEqual(['any-high', 'mute-s1']);
    expect(ids(matcher.match(event({ sourceId: 's2' })))).toEqual(['any-high', 'any-low']);
  });
});

describe('compileRules: invalid rules', () => {
  it('skips an invalid rule, says why, and keeps the others', () => {
    const matcher = compileRules([
      rule('bad-glob', { eventTypes: ['alert*'] }),
      rule('bad-condition', { conditions: [{ field: 'title', op: 'matches', value: 'a(?=b)' }] }),
      rule('bad-priority', { priority: Number.NaN }),
      rule('good'),
      rule('good'),
    ]);
    expect(ids(matcher.match(event()))).toEqual(['good']);
    expect(matcher.size).toBe(1);
    expect(matcher.skipped).toEqual([
      { ruleId: 'bad-glob', error: expect.stringMatching(/^eventTypes\[0\]: .*whole segment/) },
      { ruleId: 'bad-condition', error: expect.stringMatching(/^\/conditions\/0\/value: lookahead/) },
      { ruleId: 'bad-priority', error: 'priority must be a finite number' },
      { ruleId: 'good', error: 'another rule has the same id' },
    ]);
  });

  it('reports malformed fields by name', () => {
    const cases: [Partial<RuleDefinition>, RegExp][] = [
      [{ id: '' }, /^id must be/],
      [{ sourceIds: 's1' as unknown as string[] }, /^sourceIds/],
      [{ eventTypes: null as unknown as string[] }, /^eventTypes must be/],
      [{ eventTypes: Array.from({ length: 101 }, () => 'push') }, /more than 100/],
      [{ receiverIds: [1] as unknown as string[] }, /^receiverIds/],
      [{ templateId: 5 as unknown as string }, /^templateId/],
    ];
    for (const [overrides, message] of cases) {
      expect(compileRules([rule('x', overrides)]).skipped[0]?.error).toMatch(message);
    }
  });
});

describe('compileRules agrees with a plain walk over all rules', () => {
  const sources = ['s1', 's2', 's3'];
  const globs = ['push', 'push.tag', 'alert.*', 'alert.**', '**', '*.firing', '**.firing', 'pr.**', '*'];
  const types = ['push', 'push.tag', 'alert.firing', 'alert', 'alert.a.b', 'pr', 'pr.opened', 'x.firing'];
  const ruleArbitrary = fc.record({
    priority: fc.integer({ min: -2, max: 2 }),
    sourceIds: fc.option(fc.subarray(sources), { nil: null }),
    eventTypes: fc.subarray(globs, { maxLength: 3 }),
    minSeverity: fc.option(fc.constantFrom(...severities), { nil: null }),
    stop: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    enabled: fc.boolean(),
  });

  it('on random rule sets and events', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArbitrary, { maxLength: 25 }),
        fc.constantFrom(...sources, 'other'),
        fc.constantFrom(...types),
        fc.constantFrom(...severities),
        (shapes, sourceId, type, severity) => {
          const rules = shapes.map((shape, index) =>
            rule(`r${index.toString().padStart(2, '0')}`, {
              priority: shape.priority,
              sourceIds: shape.sourceIds,
              eventTypes: shape.eventTypes,
              conditions: shape.minSeverity
                ? [{ field: 'severity', op: 'gte', value: shape.minSeverity }]
                : [],
              stop: shape.stop,
              enabled: shape.enabled,
            }),
          );
          const on = event({ sourceId, type, severity });
          expect(ids(compileRules(rules).match(on))).toEqual(referenceMatch(rules, on));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('with 5,000 rules over 200 sources', () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const sourceIds = Array.from({ length: 200 }, (_, i) => `src_${i}`);
    const typeGlobs = ['push', 'alert.*', 'alert.**', 'pull_request.**', '**', '*.firing', 'issue.opened'];
    const rules = Array.from({ length: 5000 }, (_, i) =>
      rule(`rule_${i}`, {
        priority: next(10),
        sourceIds: next(10) === 0 ? null : [sourceIds[next(200)]!, sourceIds[next(200)]!],
        eventTypes: next(4) === 0 ? [] : [typeGlobs[next(typeGlobs.length)]!],
        conditions: next(3) === 0 ? [{ field: 'severity', op: 'gte', value: severities[next(5)] }] : [],
        stop: next(50) === 0,
        receiverIds: [`recv_${next(300)}`],
      }),
    );
    const matcher = compileRules(rules);
    expect(matcher.size).toBe(5000);
    const eventTypes = [
      'push',
      'alert.firing',
      'alert.x.y',
      'pull_request',
      'pull_request.opened',
      'issue.opened',
      'z',
    ];
    let matchedSomething = 0;
    for (let i = 0; i < 400; i++) {
      const on = event({
        sourceId: sourceIds[next(200)]!,
        type: eventTypes[next(eventTypes.length)]!,
        severity: severities[next(5)] as Severity,
      });
      const actual = ids(matcher.match(on));
      expect(actual).toEqual(referenceMatch(rules, on));
      if (actual.length > 0) matchedSomething++;
    }
    expect(matchedSomething).toBeGreaterThan(300);
  });
});

describe('uniqueReceivers', () => {
  const match = (ruleId: string, receiverIds: string[], templateId: string | null = null): RuleMatch => ({
    ruleId,
    templateId,
    receiverIds,
  });

  it('keeps each receiver once, under the first rule that names it', () => {
    expect(
      uniqueReceivers([match('high', ['r1', 'r2'], 'tpl_high'), match('low', ['r2', 'r3', 'r1'], 'tpl_low')]),
    ).toEqual([
      { ruleId: 'high', templateId: 'tpl_high', receiverId: 'r1' },
      { ruleId: 'high', templateId: 'tpl_high', receiverId: 'r2' },
      { ruleId: 'low', templateId: 'tpl_low', receiverId: 'r3' },
    ]);
  });

  it('drops a receiver a rule lists twice, and handles rules without receivers', () => {
    expect(uniqueReceivers([match('a', []), match('b', ['r1', 'r1'])])).toEqual([
      { ruleId: 'b', templateId: null, receiverId: 'r1' },
    ]);
    expect(uniqueReceivers([])).toEqual([]);
  });

  it('yields every receiver exactly once, attributed to its first rule, as a property', () => {
    const receiver = fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5');
    fc.assert(
      fc.property(fc.array(fc.array(receiver, { maxLength: 4 }), { maxLength: 6 }), (lists) => {
        const matches = lists.map((receiverIds, index) => match(`rule${index}`, receiverIds));
        const unique = uniqueReceivers(matches);
        const all = new Set(lists.flat());
        expect(unique.map((u) => u.receiverId).sort()).toEqual([...all].sort());
        for (const u of unique) {
          expect(u.ruleId).toBe(
            `rule${lists.findIndex((list) => (list as string[]).includes(u.receiverId))}`,
          );
        }
      }),
    );
  });
});

describe('compileRules: whose events a rule sees', () => {
  const explicitOnlySources = new Set(['bridge']);

  it('matches a rule with eventOwnerId only to that owner’s events, and one without to everyone’s', () => {
    const matcher = compileRules([rule('alice', { eventOwnerId: 'a' }), rule('admin')]);
    expect(ids(matcher.match(event({ ownerId: 'a' })))).toEqual(['admin', 'alice']);
    expect(ids(matcher.match(event({ ownerId: 'b' })))).toEqual(['admin']);
    expect(ids(matcher.match(event()))).toEqual(['admin']);
  });

  it('lets another owner’s `stop` rule cut nothing: it never matched', () => {
    const matcher = compileRules([
      rule('bob-drops-all', { eventOwnerId: 'b', priority: 9, stop: true, receiverIds: [] }),
      rule('alice', { eventOwnerId: 'a' }),
    ]);
    expect(ids(matcher.match(event({ ownerId: 'a' })))).toEqual(['alice']);
    expect(ids(matcher.match(event({ ownerId: 'b' })))).toEqual(['bob-drops-all']);
  });

  it('gives an explicit-only source’s events only to rules naming it', () => {
    const matcher = compileRules(
      [
        rule('any', { sourceIds: null, eventTypes: ['**'] }),
        rule('any-delivery', { sourceIds: null, eventTypes: ['delivery.*'] }),
        rule('named', { sourceIds: ['bridge'], eventTypes: ['delivery.dead'] }),
        rule('other', { sourceIds: ['s1'] }),
      ],
      { explicitOnlySources },
    );
    expect(ids(matcher.match(event({ sourceId: 'bridge', type: 'delivery.dead' })))).toEqual(['named']);
    expect(ids(matcher.match(event({ sourceId: 's1', type: 'delivery.dead' })))).toEqual([
      'any',
      'any-delivery',
      'other',
    ]);
  });

  it('agrees with a plain walk on random owners, sources and rule sets', () => {
    const shape = fc.record({
      priority: fc.integer({ min: -2, max: 2 }),
      sourceIds: fc.option(fc.subarray(['s1', 's2', 'bridge']), { nil: null }),
      eventOwnerId: fc.constantFrom(undefined, 'a', 'b'),
      stop: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    });
    fc.assert(
      fc.property(
        fc.array(shape, { maxLength: 20 }),
        fc.constantFrom('s1', 's2', 'bridge'),
        fc.constantFrom(undefined, 'a', 'b'),
        (shapes, sourceId, ownerId) => {
          const rules = shapes.map((s, index) =>
            rule(`r${index.toString().padStart(2, '0')}`, {
              priority: s.priority,
              sourceIds: s.sourceIds,
              stop: s.stop,
              ...(s.eventOwnerId === undefined ? {} : { eventOwnerId: s.eventOwnerId }),
            }),
          );
          const on = event({ sourceId, ...(ownerId === undefined ? {} : { ownerId }) });
          const seen = rules.filter(
            (r) =>
              (r.eventOwnerId === undefined || r.eventOwnerId === ownerId) &&
              (r.sourceIds === null ? !explicitOnlySources.has(sourceId) : r.sourceIds.includes(sourceId)),
          );
          // The rules that may see the event, walked as if the others were disabled.
          const expected = referenceMatch(
            rules.map((r) => (seen.includes(r) ? r : { ...r, enabled: false })),
            on,
          );
          expect(ids(compileRules(rules, { explicitOnlySources }).match(on))).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
