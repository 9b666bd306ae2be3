import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The receiving end of every delivery measurement: answers 200 at once and counts. With `latency`, it
 * reads each body's title (`lat <sent-at ms>`) and records how long the message took end to end.
 */
export class Sink {
  received = 0;
  firstAt = 0;
  lastAt = 0;
  readonly latencies: number[] = [];
  #server: Server | undefined;

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const now = performance.timeOrigin + performance.now();
        this.received++;
        if (this.received === 1) this.firstAt = now;
        this.lastAt = now;
        const body = Buffer.concat(chunks).toString();
        const match = /"title":"lat (\d+(?:\.\d+)?)"/.exec(body);
        if (match) this.latencies.push(now - Number(match[1]));
        response.writeHead(200).end();
      });
    });
    this.#server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}/`;
  }

  reset(): void {
    this.received = 0;
    this.firstAt = 0;
    this.lastAt = 0;
    this.latencies.length = 0;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
