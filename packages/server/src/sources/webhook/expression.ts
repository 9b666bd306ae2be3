/**
 * Mapping expressions: the three forms a mapping value can take.
 *
 * - `/a/b/0` — a JSON pointer (RFC 6901); yields the value as is (string, number, array, object).
 * - `text {{ a.b[0] }} text` — interpolation of dot paths with `[index]`; always yields a string.
 * - anything else — a literal string (e.g. a fixed event type).
 *
 * Hand-written instead of LiquidJS: ingest must stay synchronous and cheap, and a mapping needs
 * nothing but field access (no filters, no tags, no loops).
 */

type Segment = string | number;

/** RFC 6901 §3-4: split on "/", then unescape "~1" before "~0" so "~01" becomes "~1", not "/". */
function pointerSegments(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const parts = pointer.slice(1).split('/');
  if (parts.some((part) => /~[^01]|~$/.test(part))) return undefined;
  return parts.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function step(value: unknown, key: Segment): unknown {
  if (Array.isArray(value)) {
    // RFC 6901 §4: array indexes are decimal without leading zeros; "-" (past the end) never exists.
    const index = typeof key === 'number' ? key : /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : -1;
    return index >= 0 && index < value.length ? value[index] : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const name = String(key);
    // Own properties only: "/constructor" or "{{ __proto__ }}" must not reach Object.prototype.
    return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return undefined;
}

// Pointers come from source configs and the conventional fields: few, and each read on every request.
const parsedPointers = new Map<string, string[] | undefined>();
const parsedPointersMax = 1000;

function cachedPointerSegments(pointer: string): string[] | undefined {
  if (parsedPointers.has(pointer)) return parsedPointers.get(pointer);
  const segments = pointerSegments(pointer);
  if (parsedPointers.size >= parsedPointersMax) parsedPointers.clear();
  parsedPointers.set(pointer, segments);
  return segments;
}

/** The value at a JSON pointer, or undefined when the pointer is invalid or leads nowhere. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  const segments = cachedPointerSegments(pointer);
  if (segments === undefined) return undefined;
  let current = document;
  for (const segment of segments) {
    current = step(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

const PATH_TOKEN = /\[(\d+)\]|(\.)?([^.[\]\s]+)/y;

/** `a.b[0].c` -> ['a', 'b', 0, 'c']; undefined when the path has other syntax (filters, quotes). */
export function parseDotPath(path: string): Segment[] | undefined {
  const segments: Segment[] = [];
  PATH_TOKEN.lastIndex = 0;
  while (PATH_TOKEN.lastIndex < path.length) {
    const at = PATH_TOKEN.lastIndex;
    const match = PATH_TOKEN.exec(path);
    if (!match) return undefined;
    if (match[1] !== undefined) {
      segments.push(Number(match[1]));
      continue;
    }
    // A name needs a dot before it, except the first one: `a.b`, `a[0].b`, not `.a` or `a[0]b`.
    if ((match[2] === undefined) !== (at === 0)) return undefined;
    segments.push(match[3]!);
  }
  return segments.length > 0 ? segments : undefined;
}

const PLACEHOLDER = /\{\{(.*?)\}\}/g;

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!.trim());
}

/** Why an expression cannot be used, or undefined when it is fine. Checked when a config is saved. */
export function expressionProblem(expression: string): string | undefined {
  if (expression.startsWith('/')) {
    return pointerSegments(expression) ? undefined : 'a JSON pointer may only escape "~0" and "~1"';
  }
  for (const path of placeholders(expression)) {
    if (path.includes('|')) return `"{{ ${path} }}": filters are not supported here; use a template`;
    if (!parseDotPath(path)) return `"{{ ${path} }}" is not a path like {{ a.b[0].c }}`;
  }
  return undefined;
}

/** How a looked-up value reads inside text: strings as is, null/missing as nothing, the rest as JSON. */
export function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Evaluates a mapping expression against a payload. A placeholder with a bad path renders as
 * nothing (configs are checked with expressionProblem before they are saved).
 */
export function evaluateExpression(expression: string, payload: unknown): unknown {
  if (expression.startsWith('/')) return resolvePointer(payload, expression);
  if (!expression.includes('{{')) return expression;
  return expression.replace(PLACEHOLDER, (_whole, inner: string) => {
    const path = parseDotPath(inner.trim());
    if (!path) return '';
    let current: unknown = payload;
    for (const segment of path) {
      current = step(current, segment);
      if (current === undefined) break;
    }
    return stringifyValue(current);
  });
}
