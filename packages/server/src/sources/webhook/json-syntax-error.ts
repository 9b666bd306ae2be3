/**
 * Finds where a JSON text first breaks the grammar of RFC 8259, for error messages. Run only after
 * JSON.parse has failed: V8's messages name a position for some errors but not others ("Unexpected
 * token 'x', "<the body>" is not valid JSON"), and they quote the body, which we do not echo back.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */

export interface JsonSyntaxError {
  /** Offset in UTF-16 code units from the start of the text. */
  offset: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = '"\\/bfnrt';

function skipWhitespace(text: string, at: number): number {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  return i;
}

/** Returns the offset just past the string starting at `at`, or an error. */
function scanString(text: string, at: number): number | JsonSyntaxError {
  let i = at + 1;
  for (;;) {
    const char = text[i];
    if (char === undefined) return { offset: i, reason: 'the text ends inside a string' };
    if (char === '"') return i + 1;
    if (char === '\\') {
      const escaped = text[i + 1];
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { offset: i, reason: '\\u must be followed by four hex digits' };
        }
        i += 6;
      } else if (escaped !== undefined && ESCAPES.includes(escaped)) {
        i += 2;
      } else {
        return { offset: i, reason: 'invalid escape in a string' };
      }
    } else if (char.charCodeAt(0) < 0x20) {
      return { offset: i, reason: 'a control character must be escaped inside a string' };
    } else {
      i++;
    }
  }
}

/** Returns the offset just past the value starting at `at` if it is a scalar, or an error. */
function scanScalar(text: string, at: number): number | JsonSyntaxError {
  const char = text[at];
  if (char === undefined) return { offset: at, reason: 'the text ends where a value should be' };
  if (char === '"') return scanString(text, at);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, at)) return at + literal.length;
  }
  NUMBER.lastIndex = at;
  const number = NUMBER.exec(text);
  if (number) return at + number[0].length;
  return { offset: at, reason: `unexpected ${JSON.stringify(char)} where a value should be` };
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: ('array' | 'object')[] = [];
  let i = skipWhitespace(text, 0);
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      const char = text[i];
      if (char === '[' || char === '{') {
        open.push(char === '[' ? 'array' : 'object');
        i = skipWhitespace(text, i + 1);
        if (text[i] === (char === '[' ? ']' : '}')) {
          open.pop();
          i++;
          expectValue = false;
        } else if (char === '{') {
          const key = scanKey(text, i);
          if (typeof key !== 'number') return key;
          i = key;
        }
        continue;
      }
      const end = scanScalar(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      expectValue = false;
      continue;
    }
    i = skipWhitespace(text, i);
    const container = open.at(-1);
    if (container === undefined) {
      return i < text.length ? { offset: i, reason: 'unexpected text after the JSON value' } : undefined;
    }
    const close = container === 'array' ? ']' : '}';
    if (text[i] === close) {
      open.pop();
      i++;
    } else if (text[i] === ',') {
      i = skipWhitespace(text, i + 1);
      if (container === 'object') {
        const key = scanKey(text, i);
        if (typeof key !== 'number') return key;
        i = key;
      }
      expectValue = true;
    } else {
      const reason = text[i] === undefined ? 'the text ends inside' : `expected ',' or '${close}' in`;
      return { offset: i, reason: `${reason} an ${container}` };
    }
  }
}

/** `"key" :` at `at`; returns the offset of the value after it, or an error. */
function scanKey(text: string, at: number): number | JsonSyntaxError {
  if (text[at] !== '"') return { offset: at, reason: 'expected a double-quoted property name' };
  const end = scanString(text, at);
  if (typeof end !== 'number') return end;
  const colon = skipWhitespace(text, end);
  if (text[colon] !== ':') return { offset: colon, reason: "expected ':' after a property name" };
  return skipWhitespace(text, colon + 1);
}
