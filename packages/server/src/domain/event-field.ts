/**
 * The event fields a rule condition can name, and how their values are read and compared.
 * `data.a.b.0` walks the event's JSON data: object keys, and decimal indexes into arrays.
 */
import type { MatchableEvent } from './event.ts';

export const eventFieldNames = ['severity', 'type', 'title', 'body', 'tags', 'source'] as const;

/** What kind of value a field holds; decides which operators and values make sense on it. */
export type EventFieldKind = 'severity' | 'text' | 'tags' | 'data';

export const dataPathMaxSegments = 32;

/** The kind of `field`, or an error message naming the fields that exist. */
export function eventFieldKind(field: string): EventFieldKind | { error: string } {
  switch (field) {
    case 'severity':
      return 'severity';
    case 'type':
    case 'title':
    case 'body':
    case 'source':
      return 'text';
    case 'tags':
      return 'tags';
  }
  if (field === 'data') return 'data';
  if (typeof field === 'string' && field.startsWith('data.')) {
    const segments = field.split('.').slice(1);
    if (segments.some((segment) => segment === '')) {
      return { error: `field "${field}" has an empty path segment; write data.a.b` };
    }
    if (segments.length > dataPathMaxSegments) {
      return { error: `field "${field}" is deeper than ${dataPathMaxSegments} segments` };
    }
    return 'data';
  }
  return {
    error: `unknown field "${field}"; use one of ${eventFieldNames.join(', ')}, data or data.some.path`,
  };
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

function step(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return ARRAY_INDEX.test(key) ? value[Number(key)] : undefined;
  // Own properties only: `data.constructor` or `data.__proto__` must not reach Object.prototype.
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, key)) {
    return (value as Record<string, unknown>)[key];
  }
  return undefined;
}

/** A reader for a field already checked with eventFieldKind. */
export function eventFieldReader(field: string): (event: MatchableEvent) => unknown {
  switch (field) {
    case 'severity':
      return (event) => event.severity;
    case 'type':
      return (event) => event.type;
    case 'title':
      return (event) => event.title;
    case 'body':
      return (event) => event.body;
    case 'tags':
      return (event) => event.tags;
    case 'source':
      return (event) => event.sourceId;
    case 'data':
      return (event) => event.data;
  }
  const path = field.split('.').slice(1);
  return (event) => {
    let value: unknown = event.data;
    for (const key of path) {
      value = step(value, key);
      if (value === undefined) return undefined;
    }
    return value;
  };
}

/** Structural equality of JSON values: same primitive (no coercion), or arrays / objects equal member-wise. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) => Object.hasOwn(bRecord, key) && jsonEqual((a as Record<string, unknown>)[key], bRecord[key]),
  );
}
