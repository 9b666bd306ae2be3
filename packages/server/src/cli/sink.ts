import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readCappedBody } from '../security/http/read-capped-body.ts';

/** Headers worth showing: what a webhook receiver checks (Standard Webhooks) and what the body is. */
const shownHeaders = ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'user-agent'];
const maxBodyBytes = 1024 * 1024;

export interface Sink {
  url: string;
  close(): Promise<void>;
}

/**
 * `notify-bridge sink`: prints each request it gets and answers 200, so a first notification can be seen
 * on a machine with no outside service. node:http is enough for a printer; it is not a webhook framework.
 */
export function startSink(options: {
  host: string;
  port: number;
  write: (text: string) => void;
}): Promise<Sink> {
  const server = createServer((request, response) => {
    readCappedBody(request, request.headers['content-length'], maxBodyBytes).then(
      (body) => {
        options.write(describe(request, body));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}\n');
      },
      () => response.writeHead(413).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function describe(request: IncomingMessage, body: Buffer): string {
  const headers = shownHeaders
    .filter((name) => request.headers[name] !== undefined)
    .map((name) => `  ${name}: ${request.headers[name]}`);
  const text = body.toString('utf8');
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON: shown as it came.
  }
  return `--> ${request.method} ${request.url} (${body.length} bytes)\n${headers.join('\n')}\n${shown}\n\n`;
}
