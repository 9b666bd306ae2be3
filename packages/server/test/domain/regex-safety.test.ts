import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { userRegexMaxLength, validateUserRegex } from '../../src/domain/regex-safety.ts';

describe('validateUserRegex', () => {
  it.each([
    'disk (full|almost full)',
    '^error: .*$',
    '\\d{3}-\\d{4}',
    '^5\\d\\d$',
    '(foo|bar)+',
    '(?:ab)*c',
    '(a+)?',
    '(a+){1}',
    '(a+){0,1}',
    '(\\w+)@example\\.com',
    '[(+*)]+',
    '[a-z]+(x)*',
    '\\(a+\\)+',
    '(?<year>\\d{4})-(?<month>\\d{2})',
    '(?=a)b+',
    '(?<=x)y',
    '{not a quantifier}',
    'a{,3}',
    '[]a+',
    '[^]*',
    'x'.repeat(userRegexMaxLength),
  ])('accepts %s', (pattern) => {
    expect(validateUserRegex(pattern)).toBeNull();
  });

  it.each([
    ['(a+)+', /nested quantifiers/],
    ['(a*)*', /nested quantifiers/],
    ['(a+)*b', /nested quantifiers/],
    ['(\\w+\\s?)*$', /nested quantifiers/],
    ['(.*a){3}', /nested quantifiers/],
    ['(a{2,})+', /nested quantifiers/],
    ['(a{2})+', /nested quantifiers/],
    ['(?:a+)+', /nested quantifiers/],
    ['((a+)b)+', /nested quantifiers/],
    ['((a+)?)+', /nested quantifiers/],
    ['(x|a+)+', /nested quantifiers/],
    ['([a-z]+)*', /nested quantifiers/],
    ['(?<word>a+)+', /nested quantifiers/],
    ['(a+?)+?', /nested quantifiers/],
    ['(a+){2,5}', /nested quantifiers/],
    ['(a)\\1', /backreferences/],
    ['(?<x>a)\\k<x>', /backreferences/],
    ['x'.repeat(userRegexMaxLength + 1), /at most 200/],
    ['', /exists/],
    ['(unclosed', /not a valid regular expression/],
    ['a**', /not a valid regular expression/],
    ['[z-a]', /not a valid regular expression/],
  ])('rejects %s', (pattern, message) => {
    expect(validateUserRegex(pattern)).toMatch(message);
  });

  it('rejects a value that is not a string', () => {
    expect(validateUserRegex(7 as unknown as string)).toMatch(/must be a string/);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 60,
          unit: fc.constantFrom('a', '(', ')', '+', '*', '?', '{', '}', '2', ',', '[', ']', '\\', '|', '^'),
        }),
        (pattern) => {
          const result = validateUserRegex(pattern);
          expect(result === null || typeof result === 'string').toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts only patterns that compile', () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 40,
          unit: fc.constantFrom('a', '(', ')', '+', '*', '?', '{', '}', '1', '[', ']', '\\'),
        }),
        (pattern) => {
          if (validateUserRegex(pattern) === null) expect(() => new RegExp(pattern, 'i')).not.toThrow();
        },
      ),
      { numRuns: 3000 },
    );
  });
});
