/**
 * A cheap fence around regular expressions written by users (`matches` conditions), which run on every
 * event in V8's backtracking engine. It rejects the shapes behind catastrophic backtracking
 * (https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS):
 * - a repeated group that itself contains a repetition: `(a+)+`, `(\w+\s?)*`, `(.*a){3}`;
 * - backreferences (`\1`, `\k<name>`), which make matching NP-hard in general;
 * - patterns over 200 characters.
 * It is not a proof of linear time: adjacent unbounded quantifiers (`.*a.*a.*a`) stay polynomial. A linear
 * engine (RE2) would close that; it is a native dependency we do not take for one rule operator.
 */

export const userRegexMaxLength = 200;

/** `{n}`, `{n,}` or `{n,m}` at the start of `text`; a `{` that is not one is a literal in non-unicode mode. */
const BRACES_QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

interface GroupFrame {
  /** The group holds a repeating quantifier, directly or in a nested group. */
  repeats: boolean;
}

type LastAtom = { kind: 'group'; repeats: boolean } | { kind: 'other' } | { kind: 'none' };

/** The index just past the character class that starts at `start` (the `[`). */
function skipClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Length of the group opener: `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`. */
function groupOpenerLength(pattern: string, start: number): number {
  if (pattern[start + 1] !== '?') return 1;
  const rest = pattern.slice(start + 2);
  if (rest.startsWith('<=') || rest.startsWith('<!')) return 4;
  const named = /^<[^>]*>/.exec(rest);
  return named ? 2 + named[0].length : 3;
}

/** Why `pattern` is not allowed as a user regular expression, or null when it is. */
export function validateUserRegex(pattern: string): string | null {
  if (typeof pattern !== 'string') return 'a pattern must be a string';
  if (pattern === '') return 'an empty pattern matches everything; use the "exists" operator instead';
  if (pattern.length > userRegexMaxLength) {
    return `a pattern must be at most ${userRegexMaxLength} characters`;
  }
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    return `the pattern is not a valid regular expression (${(error as Error).message})`;
  }
  const frames: GroupFrame[] = [{ repeats: false }];
  let last: LastAtom = { kind: 'none' };
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) {
        return 'backreferences (\\1, \\k<name>) are not allowed in patterns: they can make matching very slow';
      }
      last = { kind: 'other' };
      i += 2;
      continue;
    }
    if (char === '[') {
      last = { kind: 'other' };
      i = skipClass(pattern, i);
      continue;
    }
    if (char === '(') {
      frames.push({ repeats: false });
      last = { kind: 'none' };
      i += groupOpenerLength(pattern, i);
      continue;
    }
    if (char === ')') {
      const closed = frames.pop()!;
      frames.at(-1)!.repeats ||= closed.repeats;
      last = { kind: 'group', repeats: closed.repeats };
      i++;
      continue;
    }
    let quantifierLength = 0;
    let repeating = false;
    if (char === '*' || char === '+') {
      quantifierLength = 1;
      repeating = true;
    } else if (char === '?') {
      quantifierLength = 1;
    } else if (char === '{') {
      const braces = BRACES_QUANTIFIER.exec(pattern.slice(i));
      if (braces) {
        quantifierLength = braces[0].length;
        const upper =
          braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
        repeating = upper > 1;
      }
    }
    if (quantifierLength === 0) {
      last = char === '|' ? { kind: 'none' } : { kind: 'other' };
      i++;
      continue;
    }
    if (repeating) {
      if (last.kind === 'group' && last.repeats) {
        return 'nested quantifiers such as (a+)+ are not allowed in patterns: they can make matching very slow';
      }
      frames.at(-1)!.repeats = true;
    }
    last = { kind: 'other' };
    i += quantifierLength;
    if (pattern[i] === '?') i++; // lazy modifier: `+?`, `{2,}?`
  }
  return null;
}
