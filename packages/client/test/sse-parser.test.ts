import { type SseItem, SseParser } from '@notify-bridge/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const bytes = (text: string) => new TextEncoder().encode(text);
const parseAll = (text: string | Uint8Array, lastEventId?: string) =>
  new SseParser(lastEventId).feed(typeof text === 'string' ? bytes(text) : text);

/** The stream cut at the given offsets, fed piece by piece. */
function parseChunked(stream: Uint8Array, cuts: number[]): SseItem[] {
  const parser = new SseParser();
  const items: SseItem[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    items.push(...parser.feed(stream.subarray(at, cut)));
    at = cut;
  }
  items.push(...parser.feed(stream.subarray(at)));
  return items;
}

describe('SseParser, on the examples of the HTML standard', () => {
  it('joins data lines with LF and calls an event without a type "message"', () => {
    expect(parseAll('data: YHOO\ndata: +2\ndata: 10\n\n')).toEqual([
      { kind: 'event', type: 'message', data: 'YHOO\n+2\n10', lastEventId: '' },
    ]);
  });

  it('keeps the last id across events that set none, and an empty id resets it', () => {
    const stream =
      ': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n';
    expect(parseAll(stream)).toEqual([
      { kind: 'comment', text: 'test stream' },
      { kind: 'event', type: 'message', data: 'first event', lastEventId: '1' },
      { kind: 'event', type: 'message', data: 'second event', lastEventId: '' },
      // Only one space after the colon is removed.
      { kind: 'event', type: 'message', data: ' third event', lastEventId: '' },
    ]);
  });

  it('dispatches an empty data line as an empty string, and a data field without colon too', () => {
    expect(parseAll('data\n\ndata\ndata\n\ndata:\n')).toEqual([
      { kind: 'event', type: 'message', data: '', lastEventId: '' },
      { kind: 'event', type: 'message', data: '\n', lastEventId: '' },
    ]);
  });

  it('reads the event type, and forgets it after each dispatch', () => {
    expect(parseAll('event: event.committed\nid: 42\ndata: {"id":42}\n\ndata: x\n\n')).toEqual([
      { kind: 'event', type: 'event.committed', data: '{"id":42}', lastEventId: '42' },
      { kind: 'event', type: 'message', data: 'x', lastEventId: '42' },
    ]);
  });
});

describe('SseParser, the finer points', () => {
  it('takes CRLF, LF and CR alike as line ends', () => {
    const expected = [{ kind: 'event', type: 'a', data: '1\n2', lastEventId: '7' }];
    expect(parseAll('event: a\r\nid: 7\r\ndata: 1\r\ndata: 2\r\n\r\n')).toEqual(expected);
    expect(parseAll('event: a\rid: 7\rdata: 1\rdata: 2\r\r')).toEqual(expected);
    expect(parseAll('event: a\nid: 7\r\ndata: 1\rdata: 2\n\r\n')).toEqual(expected);
  });

  it('counts a CR at the end of one chunk and an LF at the start of the next as one line end', () => {
    const parser = new SseParser();
    expect(parser.feed(bytes('data: a\r'))).toEqual([]);
    expect(parser.feed(bytes('\n'))).toEqual([]);
    expect(parser.feed(bytes('\r'))).toEqual([
      { kind: 'event', type: 'message', data: 'a', lastEventId: '' },
    ]);
    expect(parser.feed(bytes('\ndata: b\n\n'))).toEqual([
      { kind: 'event', type: 'message', data: 'b', lastEventId: '' },
    ]);
  });

  it('reports comments (the heartbeats) and valid retry fields, and ignores other fields', () => {
    expect(parseAll(': keepalive\n:\nretry: 2500\nretry: 1.5\nretry: soon\nfoo: bar\ndata: x\n\n')).toEqual([
      { kind: 'comment', text: 'keepalive' },
      { kind: 'comment', text: '' },
      { kind: 'retry', ms: 2500 },
      { kind: 'event', type: 'message', data: 'x', lastEventId: '' },
    ]);
  });

  it('ignores an id that holds NUL, and sets the id from a block without data', () => {
    expect(parseAll('id: 5\n\nid: 6\u0000\ndata: x\n\n')).toEqual([
      { kind: 'event', type: 'message', data: 'x', lastEventId: '5' },
    ]);
    const parser = new SseParser();
    parser.feed(bytes('id: 9\n\n'));
    expect(parser.lastEventId).toBe('9');
  });

  it('starts from the id it is given, as a resumed stream does', () => {
    expect(parseAll('data: x\n\n', '41')).toEqual([
      { kind: 'event', type: 'message', data: 'x', lastEventId: '41' },
    ]);
  });

  it('strips one BOM at the start of the stream, and only there', () => {
    expect(parseAll('\uFEFFdata: x\n\n\uFEFFdata: y\n\n')).toEqual([
      { kind: 'event', type: 'message', data: 'x', lastEventId: '' },
    ]);
  });

  it('discards an event the stream ended in the middle of, and starts clean after end()', () => {
    const parser = new SseParser();
    expect(parser.feed(bytes('id: 3\ndata: complete\n\nid: 4\ndata: cut off'))).toHaveLength(1);
    parser.end();
    expect(parser.lastEventId).toBe('4');
    expect(parser.feed(bytes('data: next\n\n'))).toEqual([
      { kind: 'event', type: 'message', data: 'next', lastEventId: '4' },
    ]);
  });

  it('decodes a UTF-8 character split between chunks, and replaces invalid bytes', () => {
    const stream = bytes('data: Grüße 🚪\n\n');
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parseChunked(stream, [cut])).toEqual([
        { kind: 'event', type: 'message', data: 'Grüße 🚪', lastEventId: '' },
      ]);
    }
    expect(parseAll(new Uint8Array([...bytes('data: '), 0xff, 0x0a, 0x0a]))).toEqual([
      { kind: 'event', type: 'message', data: '\uFFFD', lastEventId: '' },
    ]);
  });

  it('does not keep a reference to a chunk the caller may reuse', () => {
    const parser = new SseParser();
    const buffer = bytes('data: ab');
    parser.feed(buffer);
    buffer.fill(0x21);
    expect(parser.feed(bytes('\n\n'))).toEqual([
      { kind: 'event', type: 'message', data: 'ab', lastEventId: '' },
    ]);
  });
});

/** A random stream in the format: fields, comments, blank lines, any line ends, non-ASCII text. */
const line = fc.oneof(
  fc.constantFrom('', ':', ': keepalive', 'data', 'id', 'event', 'retry: 10', 'retry: x'),
  fc
    .tuple(
      fc.constantFrom('data', 'id', 'event', 'retry', 'other', ''),
      fc.constantFrom(':', ': ', ''),
      fc.string({ unit: 'grapheme' }),
    )
    .map(([field, colon, value]) => `${field}${colon}${value.replace(/[\r\n]/g, '')}`),
);
const lineEnd = fc.constantFrom('\n', '\r', '\r\n');
const stream = fc
  .array(fc.tuple(line, lineEnd), { maxLength: 40 })
  .map((lines) => bytes(lines.map(([text, end]) => text + end).join('')));

describe('SseParser, properties', () => {
  it('any chunking of a byte stream parses to the same items', () => {
    fc.assert(
      fc.property(
        stream.chain((s) =>
          fc.tuple(fc.constant(s), fc.array(fc.integer({ min: 0, max: s.length }), { maxLength: 12 })),
        ),
        ([s, cuts]) => {
          expect(parseChunked(s, cuts)).toEqual(parseAll(s));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives back the events it was sent, whatever the line ends, chunking and comments between', () => {
    const event = fc.record({
      id: fc.integer({ min: 1, max: 1e9 }),
      type: fc.constantFrom('event.committed', 'delivery.state', 'health', 'message'),
      dataLines: fc.array(
        fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, '')),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      comment: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 10 }),
        lineEnd,
        fc.array(fc.nat(), { maxLength: 8 }),
        (events, end, cuts) => {
          const text = events
            .map(
              (e) =>
                (e.comment ? `: keepalive${end}` : '') +
                `id: ${e.id}${end}event: ${e.type}${end}` +
                e.dataLines.map((d) => `data: ${d}${end}`).join('') +
                end,
            )
            .join('');
          const s = bytes(text);
          const items = parseChunked(
            s,
            cuts.map((c) => c % (s.length + 1)),
          ).filter((item) => item.kind === 'event');
          expect(items).toEqual(
            events.map((e) => ({
              kind: 'event',
              type: e.type,
              data: e.dataLines.join('\n'),
              lastEventId: String(e.id),
            })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
