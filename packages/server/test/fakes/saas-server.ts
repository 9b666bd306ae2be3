import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a fake SaaS API read it: the body parsed by its content type. */
export interface FakeRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** JSON bodies parsed; urlencoded and multipart bodies as their fields (files apart). */
  fields: Record<string, unknown>;
  files: FakeFile[];
}

export interface FakeFile {
  field: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Objects go as JSON. */
  body?: unknown;
}

/**
 * What the next request gets instead of the API's own answer; `hang` holds it until close() without
 * handling it; `lose` handles it as the API would (it takes effect) and then holds the answer: the answer
 * lost on the way back, which is what an idempotency key is for.
 */
export type Scripted = FakeAnswer | { hang: true } | { lose: true };

/**
 * A real HTTP server on 127.0.0.1 for a fake of a SaaS API: it parses each request the way the API takes
 * it (JSON, form, multipart through the platform's own multipart parser), records it, and answers with the
 * fake's handler, or with a scripted answer queued by the test (a 429, a 5xx, a hung connection).
 */
export class SaasServer {
  readonly requests: FakeRequest[] = [];
  #server: Server | undefined;
  #script: Scripted[] = [];
  readonly #handle: (request: FakeRequest) => FakeAnswer;

  constructor(handle: (request: FakeRequest) => FakeAnswer) {
    this.#handle = handle;
  }

  get url(): string {
    const address = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const raw = Buffer.concat(chunks);
          const url = new URL(req.url ?? '/', 'http://fake');
          const { fields, files } = await parseBody(raw, req.headers['content-type']);
          const request: FakeRequest = {
            method: req.method ?? '',
            url: req.url ?? '',
            path: url.pathname,
            query: url.searchParams,
            headers: req.headers,
            raw,
            fields,
            files,
          };
          this.requests.push(request);
          const scripted = this.#script.shift();
          if (scripted && 'hang' in scripted) return;
          if (scripted && 'lose' in scripted) {
            this.#handle(request);
            return;
          }
          const answer = scripted ?? this.#handle(request);
          const isText = typeof answer.body === 'string' || answer.body === undefined;
          res.writeHead(answer.status, {
            ...(isText ? {} : { 'content-type': 'application/json' }),
            ...answer.headers,
          });
          res.end(isText ? ((answer.body as string | undefined) ?? '') : JSON.stringify(answer.body));
        })();
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The next requests get these answers, in order, instead of the API's. */
  script(...answers: Scripted[]): void {
    this.#script.push(...answers);
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}

async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ fields: Record<string, unknown>; files: FakeFile[] }> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      return { fields: typeof parsed === 'object' && parsed !== null ? (parsed as never) : {}, files: [] };
    } catch {
      return { fields: {}, files: [] };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [] };
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType! },
    }).formData();
    const fields: Record<string, unknown> = {};
    const files: FakeFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') fields[field] = value;
      else {
        files.push({
          field,
          name: value.name,
          contentType: value.type,
          bytes: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { fields, files };
  }
  return { fields: {}, files: [] };
}
