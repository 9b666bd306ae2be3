import type { ServerResponse } from 'node:http';
import type { Clock } from '../domain/clock.ts';
import type { StreamSink } from './broadcaster.ts';
import { publicEntry, type StreamEntry } from './stream-entry.ts';

/** An entry as one Server-Sent Events frame; built once per entry however many subscribers get it. */
const frames = new WeakMap<StreamEntry, string>();
export function sseFrame(entry: StreamEntry): string {
  let frame = frames.get(entry);
  if (frame === undefined) {
    frame = `id: ${entry.id}\nevent: ${entry.type}\ndata: ${JSON.stringify(publicEntry(entry))}\n\n`;
    frames.set(entry, frame);
  }
  return frame;
}

/** Entries as the frames one write sends; built once per array, which subscribers with one filter share. */
const batches = new WeakMap<readonly StreamEntry[], string>();
function sseFrames(entries: readonly StreamEntry[]): string {
  let text = batches.get(entries);
  if (text === undefined) {
    text = entries.length === 1 ? sseFrame(entries[0]!) : entries.map(sseFrame).join('');
    batches.set(entries, text);
  }
  return text;
}

/** How long a dropped subscriber may take to read its last frames before its socket is closed anyway. */
const lingerMs = 30_000;

/**
 * A stream as `text/event-stream` on a raw response. Ids go out as SSE ids, so a browser's EventSource and
 * the client SDK resume with `Last-Event-ID`; a comment line is the heartbeat.
 */
export function sseSink(response: ServerResponse, clock: Clock): StreamSink {
  let closed = false;
  response.on('close', () => {
    closed = true;
  });
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // nginx buffers responses unless told not to, which would hold entries back until its buffer fills.
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  // Sent at once, so the client knows the stream is open before the first entry.
  response.write(': open\n\n');
  const write = (text: string) => {
    if (!closed) response.write(text);
  };
  return {
    send: (entries) => write(sseFrames(entries)),
    keepalive: () => write(': keepalive\n\n'),
    gap: (after, oldest) => write(`event: gap\ndata: ${JSON.stringify({ after, oldest })}\n\n`),
    drop(reason, lastId) {
      write(`event: dropped\ndata: ${JSON.stringify({ reason, lastId })}\n\n`);
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
