import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface SinkResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Hold the response this long (a slow or hung receiver). */
  delayMs?: number;
}

/**
 * A real HTTP server on 127.0.0.1 that records what it receives. Responses are scripted: queued ones are
 * used first, then the default (202).
 */
export class HttpSink {
  readonly requests: SinkRequest[] = [];
  #server: Server | undefined;
  #queue: SinkResponse[] = [];
  #fallback: SinkResponse = { status: 202 };
  #waiters: { count: number; resolve: () => void }[] = [];

  get url(): string {
    const address = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        });
        const reply = this.#queue.shift() ?? this.#fallback;
        const answer = () => {
          if (response.destroyed) return;
          response.writeHead(reply.status, reply.headers ?? {});
          response.end(reply.body ?? '');
        };
        if (reply.delayMs) setTimeout(answer, reply.delayMs).unref();
        else answer();
        this.#notify();
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The next responses, in order; afterwards the default applies again. */
  respondWith(...responses: SinkResponse[]): void {
    this.#queue.push(...responses);
  }

  respondAlways(response: SinkResponse): void {
    this.#fallback = response;
  }

  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs = 15_000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`sink got ${this.requests.length} of ${count} requests in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  #notify(): void {
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.requests.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}

/** Polls `check` until it returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
