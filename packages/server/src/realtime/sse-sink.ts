import type { ServerResponse } from 'node:http';
import type { Clock } from '../domain/clock.ts';
import type { StreamSink } from './broadcaster.ts';
import { publicEntry, type StreamEntry } from './stream-entry.ts';
import { textStreamSink } from './text-stream-sink.ts';

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

/**
 * A stream as `text/event-stream` on a raw response. Ids go out as SSE ids, so a browser's EventSource and
 * the client SDK resume with `Last-Event-ID`; a comment line is the heartbeat.
 */
export function sseSink(response: ServerResponse, clock: Clock, format = sseFrame): StreamSink {
  return textStreamSink(response, clock, {
    contentType: 'text/event-stream; charset=utf-8',
    open: ': open\n\n',
    entry: format,
    keepalive: () => ': keepalive\n\n',
    gap: (after, oldest) => `event: gap\ndata: ${JSON.stringify({ after, oldest })}\n\n`,
    dropped: (reason, lastId) => `event: dropped\ndata: ${JSON.stringify({ reason, lastId })}\n\n`,
  });
}
