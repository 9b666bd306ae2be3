import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileUserRegex, userRegexMaxLength, validateUserRegex } from '../../src/domain/user-regex.ts';

function compiled(pattern: string) {
  const result = compileUserRegex(pattern);
  if (!result.ok) throw new Error(`${pattern}: ${result.error}`);
  return result.regex;
}

const tenKb = 10_000;

describe('compileUserRegex: patterns that backtrack for ever in V8 run in linear time', () => {
  // Each froze the process on V8's engine: an adversarial text of a few dozen characters took minutes.
  it.each([
    ['^(a|a)+$', `${'a'.repeat(tenKb)}!`, 'a'.repeat(tenKb)],
    ['(.|\\s)*foo', ' '.repeat(tenKb), `${' '.repeat(tenKb)}foo`],
    ['^(\\w|\\d)+$', `${'1'.repeat(tenKb)}!`, '1'.repeat(tenKb)],
    ['.*a.*a.*a.*a.*a.*b', 'a'.repeat(tenKb), `${'a'.repeat(tenKb)}b`],
    ['(a+)+$', `${'a'.repeat(tenKb)}!`, 'a'.repeat(tenKb)],
    ['^(\\w+\\s?)*$', `${'word '.repeat(tenKb / 5)}!`, 'word '.repeat(tenKb / 5)],
  ])('%s: no match on the adversarial 10 kB text, a match on the one that fits', (pattern, miss, hit) => {
    const regex = compiled(pattern);
    expect(regex.test(miss)).toBe(false);
    expect(regex.test(hit)).toBe(true);
  });
});

describe('compileUserRegex: matching', () => {
  it.each([
    ['disk (full|almost full)', 'Disk FULL on nas', true],
    ['^error: .*$', 'ERROR: it broke', true],
    ['\\d{3}-\\d{4}', 'call 555-0199', true],
    ['^5\\d\\d$', '503', true],
    ['^5\\d\\d$', '5030', false],
    ['(?:ab)*c', 'ababc', true],
    ['(?<year>\\d{4})-(?<month>\\d{2})', '2026-05', true],
    ['(?P<year>\\d{4})', '2026', true],
    ['\\bnas\\b', 'the nas-01 host', true],
    ['\\bnas\\b', 'nasty', false],
    ['caf\\x{e9}', 'CAFÉ', true],
    ['\\p{Greek}+', 'λόγος', true],
    ['[(+*)]+', 'a+b', true],
    ['^$', '', true],
    ['line$', 'first line\nsecond', false],
  ])('%s on %j is %s', (pattern, text, expected) => {
    expect(compiled(pattern).test(text)).toBe(expected);
  });

  it('ignores case, as the "matches" operator documents', () => {
    expect(compiled('ERROR').test('an error')).toBe(true);
    expect(compiled('[a-c]+').test('ABC')).toBe(true);
  });

  it('keeps no state between texts (no lastIndex carry-over)', () => {
    const regex = compiled('a');
    for (let i = 0; i < 5; i++) expect(regex.test('a')).toBe(true);
  });
});

describe('compileUserRegex: what RE2 cannot run is refused with the construct named', () => {
  it.each([
    ['(a)\\1', /^backreferences such as \\1 or \\k<name> are not supported: patterns run on RE2/],
    ['(?<x>a)\\k<x>', /^backreferences/],
    ['a(?=b)', /^lookahead \(\(\?=…\), \(\?!…\)\) is not supported/],
    ['^(?!ok)', /^lookahead/],
    ['(?<=x)y', /^lookbehind \(\(\?<=…\), \(\?<!…\)\) is not supported/],
    ['(?<!x)y', /^lookbehind/],
    ['(?>ab)c', /^atomic groups \(\?>…\) are not supported/],
    ['a++', /^possessive quantifiers/],
    ['a*+', /^possessive quantifiers/],
    ['a{2,}+', /^possessive quantifiers/],
    ['\\u00e9', /write a \\uXXXX escape as \\x\{XXXX\}/],
    ['(unclosed', /^the pattern is not a valid regular expression \(missing closing \) at `\(unclosed`\)$/],
    ['[z-a]', /not a valid regular expression \(invalid character class range at `z-a`\)/],
    ['a**', /not a valid regular expression \(invalid nested repetition operator at `\*\*`\)/],
    ['a{1001}', /not a valid regular expression \(invalid repeat count/],
    ['\\cA', /not a valid regular expression \(invalid escape sequence at `\\c`\)/],
    ['', /use the "exists" operator/],
    ['x'.repeat(userRegexMaxLength + 1), /at most 200 characters/],
  ])('%s', (pattern, message) => {
    expect(validateUserRegex(pattern)).toMatch(message);
  });

  it('accepts a pattern of the longest allowed length', () => {
    expect(validateUserRegex('x'.repeat(userRegexMaxLength))).toBeNull();
  });

  it('refuses a value that is not a string', () => {
    expect(validateUserRegex(7 as unknown as string)).toMatch(/must be a string/);
  });

  it('never throws, whatever the pattern', () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 60,
          unit: fc.constantFrom(
            'a',
            '(',
            ')',
            '+',
            '*',
            '?',
            '{',
            '}',
            '2',
            ',',
            '[',
            ']',
            '\\',
            '|',
            '^',
            '<',
          ),
        }),
        (pattern) => {
          const result = compileUserRegex(pattern);
          expect(result.ok || typeof result.error === 'string').toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with V8 on whether a pattern matches, where both accept it', () => {
    // Texts stay short so V8's backtracking over the random patterns stays quick.
    const pattern = fc.string({
      minLength: 1,
      maxLength: 12,
      unit: fc.constantFrom('a', 'B', '.', '|', '(', ')', '*', '+', '?', '^', '$', '[ab]'),
    });
    const text = fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'A', 'b', 'B', 'c') });
    fc.assert(
      fc.property(pattern, text, (source, input) => {
        const result = compileUserRegex(source);
        let v8: RegExp;
        try {
          v8 = new RegExp(source, 'i');
        } catch {
          return;
        }
        if (result.ok) expect(result.regex.test(input)).toBe(v8.test(input));
      }),
      { numRuns: 3000 },
    );
  });
});
