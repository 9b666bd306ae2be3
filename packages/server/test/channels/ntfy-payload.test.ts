import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonBodyMaxBytes,
  messageMaxBytes,
  ntfyPublishPayload,
  titleMaxChars,
  truncateUtf8,
} from '../../src/channels/ntfy/publish-payload.ts';
import { severities } from '../../src/domain/event.ts';
import { messageFormats } from '../../src/render/message.ts';
import { message } from './send-context.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('truncateUtf8', () => {
  it('never exceeds the budget, never splits a character, and keeps text that fits', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 0, max: 400 }),
        (text, max) => {
          const out = truncateUtf8(text, max);
          if (bytes(text) <= max) {
            expect(out).toBe(text);
            return;
          }
          expect(bytes(out)).toBeLessThanOrEqual(max);
          if (max < 3) {
            expect(out).toBe('');
            return;
          }
          expect(out.endsWith('…')).toBe(true);
          const kept = out.slice(0, -1);
          expect(text.startsWith(kept)).toBe(true);
          // As much as fits: one more code point would break the budget.
          const next = String.fromCodePoint(text.codePointAt(kept.length)!);
          expect(bytes(kept) + bytes(next) + 3).toBeGreaterThan(max);
        },
      ),
    );
  });

  it('counts bytes, not characters', () => {
    expect(truncateUtf8('€€€€', 10)).toBe('€€…');
    expect(truncateUtf8('😀😀', 7)).toBe('😀…');
    expect(truncateUtf8('😀😀', 8)).toBe('😀😀');
  });
});

describe('the ntfy publish payload', () => {
  it('uses the title as the message when the body is empty, instead of ntfy\'s "triggered"', () => {
    const payload = ntfyPublishPayload('t', { ...message, body: '  \n' }, false);
    expect(payload.message).toBe('Disk almost full');
    expect(payload).not.toHaveProperty('title');
  });

  it('cuts long titles and keeps commas from splitting a tag', () => {
    const payload = ntfyPublishPayload(
      't',
      { ...message, title: 'T'.repeat(400), tags: ['a,b', ' ', 'x'.repeat(100), ...'cdefghijkl'] },
      false,
    );
    expect([...payload.title!]).toHaveLength(titleMaxChars);
    expect(payload.title!.endsWith('…')).toBe(true);
    expect(payload.tags).toHaveLength(10);
    expect(payload.tags![0]).toBe('a b');
    expect([...payload.tags![1]!]).toHaveLength(64);
  });

  it('cuts further when JSON escapes would push the body over 8,192 bytes', () => {
    const payload = ntfyPublishPayload('t', { ...message, body: '"\n'.repeat(2040) }, false);
    expect(bytes(JSON.stringify(payload))).toBeLessThanOrEqual(jsonBodyMaxBytes);
    expect(bytes(payload.message)).toBeGreaterThan(messageMaxBytes / 2);
    expect(payload.message.endsWith('…')).toBe(true);
    // 4,080 bytes: under the message limit, so only the JSON limit made the cut.
    expect(bytes(payload.message)).toBeLessThan(4080);
  });

  it('always fits ntfy limits: message ≤ 4,096 bytes, JSON body ≤ 8,192 bytes', () => {
    // Quotes, newlines and control characters grow in JSON; long titles and many tags share the budget.
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('"', '\n', '\\', '\u0000', '\u001f', 'ü', '😀'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 6000,
    });
    fc.assert(
      fc.property(
        text,
        fc.string({ unit: 'binary', maxLength: 600 }),
        fc.array(fc.string({ maxLength: 120 }), { maxLength: 30 }),
        fc.option(fc.webUrl(), { nil: null }),
        fc.constantFrom(...severities),
        fc.constantFrom(...messageFormats),
        fc.boolean(),
        (body, title, tags, url, severity, format, silent) => {
          const payload = ntfyPublishPayload(
            'topic',
            { ...message, body, title, tags, url, severity, format },
            silent,
          );
          expect(bytes(payload.message)).toBeLessThanOrEqual(messageMaxBytes);
          expect(bytes(JSON.stringify(payload))).toBeLessThanOrEqual(jsonBodyMaxBytes);
          expect(payload.priority).toBeGreaterThanOrEqual(1);
          expect(payload.priority).toBeLessThanOrEqual(silent ? 2 : 5);
          const trimmed = body.trim();
          const fits =
            bytes(trimmed) <= messageMaxBytes &&
            bytes(JSON.stringify({ ...payload, message: trimmed })) <= jsonBodyMaxBytes;
          if (trimmed !== '' && fits) {
            expect(payload.message).toBe(trimmed);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
