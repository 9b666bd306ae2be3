import type { ServerResponse } from 'node:http';
import type { Clock } from '../domain/clock.ts';
import type { StreamSink } from './broadcaster.ts';
import type { StreamEntry } from './stream-entry.ts';

/** How one text protocol writes a stream: Server-Sent Events, ntfy's JSON lines, raw lines. */
export interface TextStreamFormat {
  contentType: string;
  /** Written at once, so the client knows the stream is open before the first entry. */
  open: string;
  entry(entry: StreamEntry): string;
  keepalive(): string;
  /** Retention deleted entries after `after`: what the protocol says of it ('' for nothing). */
  gap(after: number, oldest: number): string;
  /** The last words to a subscriber dropped as too slow ('' for none: the closing is all it gets). */
  dropped(reason: string, lastId: number): string;
}

/**
 * Entries as one write's text. Subscribers with the same filter get the same array (broadcaster.ts), so a
 * format shared by them (a module-level function, as sseFrame) formats a page once for all of them.
 */
const batches = new WeakMap<readonly StreamEntry[], Map<TextStreamFormat['entry'], string>>();
function textOf(entries: readonly StreamEntry[], entry: TextStreamFormat['entry']): string {
  let byFormat = batches.get(entries);
  if (!byFormat) {
    byFormat = new Map();
    batches.set(entries, byFormat);
  }
  let text = byFormat.get(entry);
  if (text === undefined) {
    text = entries.length === 1 ? entry(entries[0]!) : entries.map(entry).join('');
    byFormat.set(entry, text);
  }
  return text;
}

/** How long a dropped subscriber may take to read its last frames before its socket is closed anyway. */
const lingerMs = 30_000;

/** A stream written as text on a raw response, in `format`. */
export function textStreamSink(response: ServerResponse, clock: Clock, format: TextStreamFormat): StreamSink {
  let closed = false;
  response.on('close', () => {
    closed = true;
  });
  response.writeHead(200, {
    'content-type': format.contentType,
    'cache-control': 'no-cache, no-transform',
    // nginx buffers responses unless told not to, which would hold entries back until its buffer fills.
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  if (format.open !== '') response.write(format.open);
  const write = (text: string) => {
    if (!closed && text !== '') response.write(text);
  };
  return {
    send: (entries) => write(textOf(entries, format.entry)),
    keepalive: () => write(format.keepalive()),
    gap: (after, oldest) => write(format.gap(after, oldest)),
    drop(reason, lastId) {
      write(format.dropped(reason, lastId));
      closed = true;
      response.end();
      const linger = clock.setTimeout(() => response.destroy(), lingerMs);
      response.once('close', () => clock.clearTimeout(linger));
    },
    end() {
      closed = true;
      response.end();
    },
    get buffered() {
      return response.writableLength;
    },
    drained: () =>
      closed || response.writableLength === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = () => {
              response.off('drain', done);
              response.off('close', done);
              resolve();
            };
            response.on('drain', done);
            response.on('close', done);
          }),
    get closed() {
      return closed;
    },
  };
}
