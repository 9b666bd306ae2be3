/**
 * A streaming parser for Server-Sent Events, as the WHATWG HTML standard defines the format
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 * Written here rather than taken from a library because it is ~100 lines, pure, and the reconnect logic
 * needs what EventSource-shaped parsers hide: comments (heartbeats) and `retry:` as items of their own.
 *
 * Feed it bytes in any chunking; it yields the same items as for the whole stream at once. It keeps
 * the standard's state across calls: a line split between chunks, a CR at the end of one chunk and the
 * LF that starts the next (one line end, not two), a UTF-8 sequence split between chunks, and the last
 * event id, which carries over events that set none.
 */

/** One dispatched event. `lastEventId` is the stream's last event id when it was dispatched. */
export interface SseEvent {
  kind: 'event';
  /** The `event:` field, `message` when the event had none. */
  type: string;
  /** The `data:` lines joined with LF. */
  data: string;
  lastEventId: string;
}

/** A comment line (`: keepalive`), without the colon and the one space after it. */
export interface SseComment {
  kind: 'comment';
  text: string;
}

/** A valid `retry:` field: the reconnection time the server asks for, in milliseconds. */
export interface SseRetry {
  kind: 'retry';
  ms: number;
}

export type SseItem = SseEvent | SseComment | SseRetry;

const LF = 0x0a;
const CR = 0x0d;

export class SseParser {
  // BOM handled by hand: only the stream's first bytes may carry one, and lines are decoded one by one.
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Bytes of the line being read that earlier chunks brought. */
  #pieces: Uint8Array[] = [];
  #firstLine = true;
  /** The last chunk ended in CR: an LF that starts the next one ends nothing. */
  #afterCr = false;
  #data: string[] = [];
  #type = '';
  #lastEventId: string;

  /** `lastEventId`: the id to start from, as when resuming (events without an `id:` carry it). */
  constructor(lastEventId = '') {
    this.#lastEventId = lastEventId;
  }

  /** The id the next reconnect should send as Last-Event-ID. */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** The items completed by this chunk, in stream order. */
  feed(chunk: Uint8Array): SseItem[] {
    const items: SseItem[] = [];
    if (chunk.length === 0) return items;
    let start = this.#afterCr && chunk[0] === LF ? 1 : 0;
    this.#afterCr = false;
    for (let i = start; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) continue;
      this.#pieces.push(chunk.subarray(start, i));
      this.#endLine(this.#takeLine(), items);
      if (byte === CR) {
        if (i + 1 === chunk.length) this.#afterCr = true;
        else if (chunk[i + 1] === LF) i++;
      }
      start = i + 1;
    }
    // Copied: the caller may reuse its buffer for the next chunk.
    if (start < chunk.length) this.#pieces.push(chunk.slice(start));
    return items;
  }

  /**
   * The stream ended. An event not closed by a blank line is discarded, as the standard says, so the
   * caller's last event id stays at the last event it was really given. The parser can then read a new
   * stream (a reconnection), keeping the last event id.
   */
  end(): void {
    this.#pieces = [];
    this.#firstLine = true;
    this.#afterCr = false;
    this.#data = [];
    this.#type = '';
  }

  /** The line's text. Decoded whole, so a UTF-8 sequence split between chunks comes out right. */
  #takeLine(): string {
    const pieces = this.#pieces;
    this.#pieces = [];
    let bytes: Uint8Array;
    if (pieces.length === 1) bytes = pieces[0]!;
    else {
      bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
      let at = 0;
      for (const piece of pieces) {
        bytes.set(piece, at);
        at += piece.length;
      }
    }
    let line = this.#decoder.decode(bytes);
    if (this.#firstLine) {
      this.#firstLine = false;
      if (line.startsWith('\uFEFF')) line = line.slice(1);
    }
    return line;
  }

  #endLine(line: string, items: SseItem[]): void {
    if (line === '') {
      this.#dispatch(items);
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) {
      items.push({ kind: 'comment', text: line.startsWith(': ') ? line.slice(2) : line.slice(1) });
      return;
    }
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#type = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        // An id with NUL is ignored: it could not be sent back in a header.
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) items.push({ kind: 'retry', ms: Number(value) });
        break;
      // Any other field is ignored.
    }
  }

  #dispatch(items: SseItem[]): void {
    const data = this.#data;
    const type = this.#type;
    this.#data = [];
    this.#type = '';
    // A block with no data line dispatches nothing (but an id in it still counts, above).
    if (data.length === 0) return;
    items.push({
      kind: 'event',
      type: type || 'message',
      data: data.join('\n'),
      lastEventId: this.#lastEventId,
    });
  }
}
