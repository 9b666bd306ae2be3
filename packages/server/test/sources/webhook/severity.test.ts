import { describe, expect, it } from 'vitest';
import { type Severity, severities } from '../../../src/domain/event.ts';
import { normalizeSeverity } from '../../../src/sources/webhook/severity.ts';

describe('normalizeSeverity', () => {
  it.each(severities)('keeps our own level %s', (level) => {
    expect(normalizeSeverity(level)).toBe(level);
  });

  const synonyms: [unknown, Severity][] = [
    ['trace', 'debug'],
    ['DEBUG', 'debug'],
    ['min', 'debug'],
    ['low', 'info'],
    ['notice', 'info'],
    ['Informational', 'info'],
    ['default', 'info'],
    ['resolved', 'info'],
    [' warn ', 'warning'],
    ['WARNING', 'warning'],
    ['high', 'warning'],
    ['err', 'error'],
    ['failure', 'error'],
    ['crit', 'critical'],
    ['fatal', 'critical'],
    ['panic', 'critical'],
    ['emerg', 'critical'],
    ['alert', 'critical'],
    ['urgent', 'critical'],
    ['max', 'critical'],
    // ntfy priorities, as numbers and as header strings
    [1, 'debug'],
    [2, 'info'],
    [3, 'info'],
    [4, 'warning'],
    [5, 'critical'],
    ['5', 'critical'],
    ['1', 'debug'],
  ];
  it.each(synonyms)('%j -> %s', (value, expected) => {
    expect(normalizeSeverity(value)).toBe(expected);
  });

  it.each([
    0,
    6,
    2.5,
    -1,
    '0',
    '10',
    'loud',
    '',
    'constructor',
    'toString',
    null,
    undefined,
    true,
    {},
    ['error'],
  ])('does not know %j', (value) => {
    expect(normalizeSeverity(value)).toBeUndefined();
  });
});
