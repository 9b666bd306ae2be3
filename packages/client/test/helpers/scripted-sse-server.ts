import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers one request with. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** Written one by one, each flushed, so the client reads them as separate chunks. */
  chunks?: string[];
  /** Keep the connection open after the chunks (until the client goes); otherwise end it. */
  hold?: boolean;
}

export interface SeenRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A real HTTP server on 127.0.0.1 that answers the n-th request (0-based) as the script says: the real
 * fetch, sockets and chunking of a stream, with the server's behaviour under the test's control.
 */
export class ScriptedSseServer {
  readonly requests: SeenRequest[] = [];
  /** Resolves each time a held connection is closed by the client. */
  readonly closed: Promise<void>[] = [];
  readonly #server: Server;
  readonly #open = new Set<ServerResponse>();

  constructor(script: (request: SeenRequest, n: number) => Answer) {
    this.#server = createServer((request, response) => {
      const seen = { url: request.url ?? '', headers: request.headers };
      const answer = script(seen, this.requests.length);
      this.requests.push(seen);
      this.#open.add(response);
      this.closed.push(new Promise((resolve) => response.on('close', () => resolve())));
      response.on('close', () => this.#open.delete(response));
      response.writeHead(answer.status ?? 200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        ...answer.headers,
      });
      response.flushHeaders();
      for (const chunk of answer.chunks ?? []) response.write(chunk);
      if (!answer.hold) response.end();
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const response of this.#open) response.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** One SSE frame of a stream entry, as the server writes it. */
export function entryFrame(
  id: number,
  stream = 'events',
  type = 'event.committed',
  data: object = {},
): string {
  const entry = { id, stream, type, at: '2026-12-03T12:00:00.000Z', data };
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(entry)}\n\n`;
}

/** subscribe()'s default idle timeout. */
const idleTimeoutMs = 90_000;

/**
 * A sleep for the backoff that waits no real time and records what it was asked to wait (`then` runs
 * after each). The idle timeout's wait never passes: it ends only when its signal aborts.
 */
export function recordingSleep(then?: (delays: number[]) => void) {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number, signal: AbortSignal) => {
      if (ms === idleTimeoutMs) {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        return;
      }
      delays.push(ms);
      then?.(delays);
    },
  };
}
