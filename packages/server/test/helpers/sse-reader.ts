/** One Server-Sent Events frame as a test reads it; comments are frames with `comment` set. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * Reads a text/event-stream response over real HTTP, frame by frame, as a subscriber would. Enough of the
 * SSE format for the server's own output (one data line per frame), not a general parser: the client SDK
 * has that.
 */
export class SseReader {
  readonly status: number;
  readonly frames: SseFrame[] = [];
  /** Why reading stopped, when it was not the stream's end. */
  failure: unknown;
  #buffer = '';
  #ended = false;
  #waiters: (() => void)[] = [];
  readonly #abort: AbortController;

  private constructor(status: number, abort: AbortController) {
    this.status = status;
    this.#abort = abort;
  }

  #body: ReadableStream<Uint8Array> | undefined;
  /** Held as long as the reader: undici cancels the body of a Response that is garbage-collected. */
  response: Response | undefined;

  /** With `paused`, nothing is read until resume(): a subscriber too slow to keep up. */
  static async open(
    url: string,
    headers: Record<string, string> = {},
    options: { paused?: boolean } = {},
  ): Promise<SseReader> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    const reader = new SseReader(response.status, abort);
    if (!response.ok || !response.body) {
      reader.#buffer = await response.text();
      reader.#ended = true;
      return reader;
    }
    reader.response = response;
    reader.#body = response.body;
    if (!options.paused) reader.resume();
    return reader;
  }

  resume(): void {
    const body = this.#body;
    this.#body = undefined;
    if (body) void this.#pump(body);
  }

  /** The body of a response that was not a stream. */
  get errorBody(): unknown {
    return JSON.parse(this.#buffer);
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Entry frames (with an id), parsed. */
  entries(): { id: number; event: string; data: Record<string, unknown> }[] {
    return this.frames
      .filter((frame) => frame.id !== undefined)
      .map((frame) => ({ id: Number(frame.id), event: frame.event!, data: JSON.parse(frame.data!) }));
  }

  /** Resolves once `test` holds of the frames read so far (checked after every frame), or the stream ends. */
  async until(test: (reader: SseReader) => boolean, what = 'the expected frames'): Promise<void> {
    while (!test(this)) {
      if (this.#ended) {
        const last = JSON.stringify(this.frames.at(-1))?.slice(0, 300);
        throw new Error(
          `the stream ended before ${what}, after ${this.frames.length} frames; the last: ${last}`,
        );
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  close(): void {
    this.#abort.abort();
  }

  async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        this.#buffer += decoder.decode(chunk, { stream: true });
        let end = this.#buffer.indexOf('\n\n');
        while (end !== -1) {
          this.frames.push(parseFrame(this.#buffer.slice(0, end)));
          this.#buffer = this.#buffer.slice(end + 2);
          end = this.#buffer.indexOf('\n\n');
        }
        this.#wake();
      }
    } catch (error) {
      // Aborted by close(), or the server cut the connection: either way the stream has ended.
      this.failure = error;
    }
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else {
      const colon = line.indexOf(':');
      const field = line.slice(0, colon) as 'id' | 'event' | 'data';
      frame[field] = line.slice(colon + 1).replace(/^ /, '');
    }
  }
  return frame;
}
