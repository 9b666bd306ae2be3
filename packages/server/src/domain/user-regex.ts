/**
 * Regular expressions written by users (`matches` conditions) run on RE2 through re2js, a pure-JS port:
 * matching time grows linearly with the text, whatever the pattern, so no rule can freeze ingest
 * (https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS). V8's own engine
 * backtracks: `(.|\s)*foo` against 60 spaces ran for minutes on the main thread.
 *
 * The price is RE2's syntax (https://github.com/google/re2/wiki/Syntax): no backreferences, lookahead,
 * lookbehind, atomic groups or possessive quantifiers, since those are what need backtracking. A pattern
 * using one is refused with the construct's name, so the user knows what to rewrite.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

export const userRegexMaxLength = 200;

/** A compiled user pattern, tested ignoring case against a whole text (not anchored unless it says so). */
export interface UserRegex {
  test(text: string): boolean;
}

export type CompiledUserRegex = { ok: true; regex: UserRegex } | { ok: false; error: string };

const notInRe2 = 'patterns run on RE2 (linear time), which has no';

/** RE2's parse error, with the piece of pattern it names, in terms of what the user wrote. */
function explain(error: string, construct: string): string {
  if (/^\\[1-9]/.test(construct) || construct.startsWith('\\k')) {
    return `backreferences such as \\1 or \\k<name> are not supported: ${notInRe2} backreferences`;
  }
  if (construct.startsWith('(?=') || construct.startsWith('(?!')) {
    return `lookahead ((?=…), (?!…)) is not supported: ${notInRe2} lookaround; match the text itself instead`;
  }
  if (construct.startsWith('(?<=') || construct.startsWith('(?<!')) {
    return `lookbehind ((?<=…), (?<!…)) is not supported: ${notInRe2} lookaround; match the text itself instead`;
  }
  if (construct.startsWith('(?>')) {
    return `atomic groups (?>…) are not supported: ${notInRe2} need for them; write a plain group (?:…)`;
  }
  if (/^(?:[*+?]|\{[\d,]*\})\+$/.test(construct)) {
    return `possessive quantifiers such as a++ are not supported: ${notInRe2} need for them; write a+`;
  }
  if (construct.startsWith('\\u')) return 'write a \\uXXXX escape as \\x{XXXX}';
  const at = construct === '' ? '' : ` at \`${construct}\``;
  return `the pattern is not a valid regular expression (${error}${at})`;
}

/** Compiles `pattern` once, or says why it cannot be used. Never throws. */
export function compileUserRegex(pattern: string): CompiledUserRegex {
  if (typeof pattern !== 'string') return { ok: false, error: 'a pattern must be a string' };
  if (pattern === '') {
    return { ok: false, error: 'an empty pattern matches everything; use the "exists" operator instead' };
  }
  if (pattern.length > userRegexMaxLength) {
    return { ok: false, error: `a pattern must be at most ${userRegexMaxLength} characters` };
  }
  try {
    return { ok: true, regex: RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE) };
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) {
      // The case-insensitive flag is compiled in as a `(?i)` prefix, which the user never wrote.
      const input = error.input ?? '';
      const construct = input.startsWith('(?i)') && !pattern.startsWith('(?i)') ? input.slice(4) : input;
      return { ok: false, error: explain(error.error, construct) };
    }
    if (error instanceof RE2JSException) return { ok: false, error: explain(error.message, '') };
    throw error;
  }
}

/** Why `pattern` is not allowed as a user regular expression, or null when it is. */
export function validateUserRegex(pattern: string): string | null {
  const compiled = compileUserRegex(pattern);
  return compiled.ok ? null : compiled.error;
}
