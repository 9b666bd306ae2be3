/**
 * Event-type globs over dot.case types (`push`, `alert.firing`, `pull_request.review.submitted`).
 *
 * A type is split on "." into segments. In a glob:
 * - `*` matches exactly one non-empty segment (`alert.*` matches `alert.firing`, not `alert` or `alert.a.b`);
 * - `**` matches any number of segments, including none (`pull_request.**` matches `pull_request` and
 *   `pull_request.review.submitted`; `**` alone matches every type);
 * - any other segment matches itself exactly.
 * Event types are lower-case (sources write them so; the webhook kind lowercases what a payload says), so a
 * glob is lowercased too (normalizeGlob): `tpl.loop100M` would otherwise never match `tpl.loop100m`.
 *
 * Hand-written instead of translating to a RegExp: user text never reaches a regex engine (no escaping
 * to get wrong), and matching is the classic greedy wildcard walk, O(segments x glob segments) at worst.
 */
import { DomainValidationError } from './validation-error.ts';

export const globMaxLength = 200;

type GlobToken = { kind: 'literal'; text: string } | { kind: 'one' } | { kind: 'any' };

/** Why `pattern` is not a usable glob, or null when it is. */
export function validateGlob(pattern: string): string | null {
  if (typeof pattern !== 'string') return 'a glob must be a string such as "push" or "alert.*"';
  if (pattern === '') return 'a glob must not be empty; use "**" to match every event type';
  if (pattern.length > globMaxLength) return `a glob must be at most ${globMaxLength} characters`;
  if (/\s/.test(pattern)) return `glob "${pattern}" contains whitespace; event types have none`;
  for (const segment of pattern.split('.')) {
    if (segment === '') {
      return `glob "${pattern}" has an empty segment; remove the leading, trailing or doubled "."`;
    }
    if (segment.includes('*') && segment !== '*' && segment !== '**') {
      return `glob "${pattern}": "*" and "**" must be a whole segment (write "alert.*", not "alert*")`;
    }
  }
  return null;
}

/**
 * The form a glob is stored and matched in. The API stores it so, so a rule shows what it matches; compiling
 * applies it too, for globs stored before it did.
 */
export function normalizeGlob(pattern: string): string {
  return pattern.toLowerCase();
}

function tokenize(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (const segment of pattern.split('.')) {
    if (segment === '**') {
      // `**.**` means the same as `**`; collapsing keeps the walk below from revisiting positions.
      if (tokens.at(-1)?.kind !== 'any') tokens.push({ kind: 'any' });
    } else if (segment === '*') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'literal', text: segment });
    }
  }
  return tokens;
}

function tokenMatches(token: GlobToken, segment: string): boolean {
  return token.kind === 'one' ? segment !== '' : token.kind === 'literal' && token.text === segment;
}

/** Greedy wildcard matching with one backtrack point: on a mismatch, let the last `**` take one more segment. */
function matchTokens(tokens: readonly GlobToken[], segments: readonly string[]): boolean {
  let t = 0;
  let s = 0;
  let anyAt = -1;
  let anyResumeAt = 0;
  while (s < segments.length) {
    const token = tokens[t];
    if (token !== undefined && token.kind !== 'any' && tokenMatches(token, segments[s]!)) {
      t++;
      s++;
    } else if (token?.kind === 'any') {
      anyAt = t;
      anyResumeAt = s;
      t++;
    } else if (anyAt !== -1) {
      t = anyAt + 1;
      anyResumeAt++;
      s = anyResumeAt;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'any') t++;
  return t === tokens.length;
}

/** Compiles a glob once into a predicate on event types; throws DomainValidationError when it is invalid. */
export function compileGlob(glob: string): (type: string) => boolean {
  const problem = validateGlob(glob);
  if (problem !== null) throw new DomainValidationError('', problem);
  const pattern = normalizeGlob(glob);
  const tokens = tokenize(pattern);
  if (tokens.every((token) => token.kind === 'literal')) return (type) => type === pattern;
  if (tokens.length === 1 && tokens[0]!.kind === 'any') return () => true;
  const last = tokens.length - 1;
  if (tokens[last]!.kind === 'any' && tokens.slice(0, last).every((token) => token.kind === 'literal')) {
    // `a.b.**`: the common "this family of events" form, checked without splitting the type.
    const prefix = tokens
      .slice(0, last)
      .map((token) => (token.kind === 'literal' ? token.text : ''))
      .join('.');
    const withDot = `${prefix}.`;
    return (type) => type === prefix || type.startsWith(withDot);
  }
  return (type) => matchTokens(tokens, type.split('.'));
}

/**
 * The literal first segment every type matched by `pattern` starts with, or undefined when the glob
 * starts with a wildcard. The rule matcher indexes rules by it so an event only checks rules that can apply.
 */
export function globFirstSegment(pattern: string): string | undefined {
  const first = normalizeGlob(pattern).split('.', 1)[0]!;
  return first === '*' || first === '**' ? undefined : first;
}
