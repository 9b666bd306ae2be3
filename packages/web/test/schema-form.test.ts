import { describe, expect, it } from 'vitest';
import {
  branchKey,
  branchOf,
  cleaned,
  fieldKind,
  intoBranch,
  type JsonSchema,
  pairsToText,
  textOrInteger,
  textToLines,
  textToPairs,
} from '../src/lib/schema-form.ts';

// Shapes as the server's kinds serve them (TypeBox output), not tied to any kind.
const auth = (mode: string, more: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  required: ['auth'],
  properties: {
    auth: { type: 'object', properties: { mode: { type: 'string', const: mode }, ...more } },
    secret: { type: 'string' },
  },
});
const union: JsonSchema = {
  anyOf: [auth('none'), auth('basic', { username: { type: 'string' } }), auth('hmac')],
};

describe('SchemaForm’s reading of a schema', () => {
  it('picks a control per shape', () => {
    expect(fieldKind({ type: 'string' })).toEqual({ kind: 'text', multiline: false, number: undefined });
    expect(fieldKind({ type: 'string', maxLength: 65536 })).toMatchObject({ multiline: true });
    expect(fieldKind({ type: 'integer' })).toEqual({ kind: 'number', integer: true });
    expect(fieldKind({ type: 'boolean' })).toEqual({ kind: 'boolean' });
    expect(fieldKind({ enum: ['a', 'b'] })).toEqual({ kind: 'choice', options: ['a', 'b'] });
    expect(fieldKind({ anyOf: [{ const: 0 }, { const: 1 }] })).toEqual({ kind: 'choice', options: [0, 1] });
    expect(fieldKind({ anyOf: [{ type: 'integer' }, { type: 'string' }] })).toMatchObject({
      kind: 'text',
      number: 'integer',
    });
    expect(fieldKind({ type: 'array', items: { type: 'string' } })).toEqual({ kind: 'lines' });
    expect(fieldKind({ type: 'object', patternProperties: { '^.*$': { type: 'string' } } })).toEqual({
      kind: 'pairs',
    });
    expect(fieldKind({ type: 'object', patternProperties: { '^.*$': {} } })).toEqual({ kind: 'json' });
    expect(fieldKind(union).kind).toBe('variants');
  });

  it('finds the branch a value is in by the values each branch pins, and moves a value between them', () => {
    const branches = union.anyOf!;
    expect(branchOf(branches, { auth: { mode: 'hmac' } })).toBe(2);
    expect(branchOf(branches, {})).toBe(0);
    expect(branchKey(branches)).toBe('auth.mode');
    const moved = intoBranch(branches[1]!, { auth: { mode: 'none' }, secret: 'kept', stray: 1 });
    expect(moved).toEqual({ auth: { mode: 'basic' }, secret: 'kept' });
  });

  it('sends no empty text and no optional object left empty', () => {
    expect(cleaned({ a: '', b: 'x', c: { d: '' }, e: [], f: 0, g: false, h: null })).toEqual({
      b: 'x',
      e: [],
      f: 0,
      g: false,
    });
    expect(cleaned({})).toEqual({});
    // null on a top-level secret asks the server to remove it; elsewhere it is nothing to send.
    expect(cleaned({ token: null, other: null, nested: { token: null } }, true, ['token'])).toEqual({
      token: null,
    });
  });

  it('reads lists, header lines and numbers-or-text as people type them', () => {
    expect(textToLines(' a@x.org \n\n b@x.org ')).toEqual(['a@x.org', 'b@x.org']);
    expect(textToLines('  ')).toBeUndefined();
    expect(textToPairs('authorization: Bearer a:b\nx-key:1')).toEqual({
      authorization: 'Bearer a:b',
      'x-key': '1',
    });
    expect(pairsToText({ a: '1', b: '2' })).toBe('a: 1\nb: 2');
    expect(textOrInteger('-1001234', true)).toBe(-1001234);
    expect(textOrInteger('@channel', true)).toBe('@channel');
    expect(textOrInteger('123', false)).toBe('123');
    expect(textOrInteger('', true)).toBeUndefined();
  });
});
