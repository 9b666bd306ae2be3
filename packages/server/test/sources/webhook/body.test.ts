import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMediaType, parseWebhookBody } from '../../../src/sources/webhook/body.ts';
import { findJsonSyntaxError } from '../../../src/sources/webhook/json-syntax-error.ts';

const parse = (body: string | Buffer, contentType?: string) =>
  parseWebhookBody(typeof body === 'string' ? Buffer.from(body) : body, contentType);

describe('parseWebhookBody', () => {
  const accepted: [contentType: string | undefined, body: string, payload: unknown][] = [
    ['application/json', '{"a":1}', { kind: 'json', value: { a: 1 } }],
    ['Application/JSON; charset=UTF-8', '[1,2]', { kind: 'json', value: [1, 2] }],
    ['application/vnd.api+json', '{"data":null}', { kind: 'json', value: { data: null } }],
    ['application/cloudevents+json', '{"type":"x"}', { kind: 'json', value: { type: 'x' } }],
    ['application/json', '"just a string"', { kind: 'json', value: 'just a string' }],
    [
      'application/x-www-form-urlencoded',
      'title=Hi+there&body=a%26b',
      { kind: 'form', value: { title: 'Hi there', body: 'a&b' } },
    ],
    [
      'application/x-www-form-urlencoded',
      'tag=a&tag=b&tag=c',
      { kind: 'form', value: { tag: ['a', 'b', 'c'] } },
    ],
    ['application/x-www-form-urlencoded', '', { kind: 'form', value: {} }],
    ['text/plain', 'Backup finished', { kind: 'text', value: 'Backup finished' }],
    ['text/plain; charset=utf-8', '{"not":"parsed"}', { kind: 'text', value: '{"not":"parsed"}' }],
    [undefined, '{"a":[true]}', { kind: 'json', value: { a: [true] } }],
    [undefined, 'Washing machine done', { kind: 'text', value: 'Washing machine done' }],
    [undefined, '{"broken":', { kind: 'text', value: '{"broken":' }],
    [undefined, '', { kind: 'text', value: '' }],
    ['', 'plain', { kind: 'text', value: 'plain' }],
  ];

  it.each(accepted)('%s %j', (contentType, body, payload) => {
    const result = parse(body, contentType);
    expect(result).toEqual({ ok: true, payload });
  });

  it('keeps a form field named __proto__ as a field', () => {
    const result = parse('__proto__=x&constructor=y', 'application/x-www-form-urlencoded');
    if (!result.ok) throw new Error(result.message);
    expect(Object.keys(result.payload.value as object)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('decodes the declared charset and drops a UTF-8 BOM', () => {
    expect(parse(Buffer.from('caf\xe9', 'latin1'), 'text/plain; charset=ISO-8859-1')).toEqual({
      ok: true,
      payload: { kind: 'text', value: 'café' },
    });
    expect(parse(Buffer.from('\ufeff{"a":1}'), 'application/json')).toEqual({
      ok: true,
      payload: { kind: 'json', value: { a: 1 } },
    });
    expect(parse('x', 'text/plain; charset=klingon')).toMatchObject({
      ok: false,
      code: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it.each([
    'application/xml',
    'text/html',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'image/png',
  ])('rejects %s as an unsupported media type', (contentType) => {
    const result = parse('<a/>', contentType);
    expect(result).toMatchObject({ ok: false, code: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE' });
    expect(result.ok || result.message).toContain('application/json');
  });

  const malformed: [body: string, position: number, line: number, column: number, reason: string][] = [
    ['{"a":1,}', 7, 1, 8, 'expected a double-quoted property name'],
    ['{"a": x}', 6, 1, 7, 'unexpected "x" where a value should be'],
    ['{\n  "a": tru\n}', 9, 2, 8, 'unexpected "t" where a value should be'],
    ['[1,]', 3, 1, 4, 'unexpected "]" where a value should be'],
    ['{"a":1}}', 7, 1, 8, 'unexpected text after the JSON value'],
    ['{"a":', 5, 1, 6, 'the text ends where a value should be'],
    ['[1, 2', 5, 1, 6, 'the text ends inside an array'],
    ['{"a" 1}', 5, 1, 6, "expected ':' after a property name"],
    ['{"a":"x\ny"}', 7, 1, 8, 'a control character must be escaped inside a string'],
    ['"\\q"', 1, 1, 2, 'invalid escape in a string'],
    ['"\\u12"', 1, 1, 2, '\\u must be followed by four hex digits'],
    ['"open', 5, 1, 6, 'the text ends inside a string'],
    ['01', 1, 1, 2, 'unexpected text after the JSON value'],
    ["{'a':1}", 1, 1, 2, 'expected a double-quoted property name'],
    ['[1 2]', 3, 1, 4, "expected ',' or ']' in an array"],
  ];

  it.each(malformed)('reports %j as malformed at position %i', (body, position, line, column, reason) => {
    const result = parse(body, 'application/json');
    expect(result).toEqual({
      ok: false,
      code: 'NB_ERR_MALFORMED_BODY',
      message: `The body is not valid JSON at position ${position} (line ${line}, column ${column}): ${reason}.`,
    });
  });

  it('reports an empty JSON body', () => {
    expect(parse('  ', 'application/json')).toMatchObject({
      ok: false,
      code: 'NB_ERR_MALFORMED_BODY',
      message: expect.stringContaining('empty'),
    });
  });

  it('does not echo the body in a JSON error', () => {
    const result = parse('{"password": hunter2}', 'application/json');
    expect(result.ok || result.message).not.toContain('hunter2');
  });
});

describe('parseMediaType', () => {
  it('splits essence and charset', () => {
    expect(parseMediaType(' Text/Plain ; Charset="utf-8"')).toEqual({
      essence: 'text/plain',
      charset: 'utf-8',
    });
    expect(parseMediaType('application/json')).toEqual({ essence: 'application/json', charset: undefined });
  });
});

describe('findJsonSyntaxError', () => {
  it('finds no error in any JSON.stringify output (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        expect(findJsonSyntaxError(JSON.stringify(value, null, indent))).toBeUndefined();
      }),
    );
  });

  it('agrees with JSON.parse on arbitrary text (property)', () => {
    const jsonish = fc.stringMatching(/^[[\]{}",:0-9a-z .\-\\e+]{0,24}$/);
    fc.assert(
      fc.property(jsonish, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const error = findJsonSyntaxError(text);
        expect(error === undefined).toBe(parses);
        if (error) expect(error.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 5000 },
    );
  });

  it('handles deep nesting without recursion', () => {
    expect(findJsonSyntaxError(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeUndefined();
    expect(findJsonSyntaxError('['.repeat(200_000))).toMatchObject({ offset: 200_000 });
  });
});
