import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpBlockedError,
  HttpResponseTooLargeError,
  HttpTransportError,
} from '../../src/security/http/http-client.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
  type GuardedHttpClientOptions,
} from '../../src/security/http/ssrf-guarded-client.ts';
import type { LocalHttpServer } from './local-http-server.ts';
import { startRouteServer, tableLookup } from './route-server.ts';

let server: LocalHttpServer;
let other: LocalHttpServer;
let origin: string;
const clients: GuardedHttpClient[] = [];

function client(options: GuardedHttpClientOptions = {}): GuardedHttpClient {
  const created = createGuardedHttpClient({ allowPrivate: ['127.0.0.1/32'], ...options });
  clients.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

beforeAll(async () => {
  [server, other] = await Promise.all([startRouteServer(), startRouteServer()]);
  origin = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});

describe('redirects', () => {
  it("returns the 3xx as the answer under redirect 'error' (the default)", async () => {
    const response = await client().request(`${origin}/redirect`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/target');
    expect(response.body.toString()).toBe('moved');
    expect(response.url).toBe(`${origin}/redirect`);
    expect(server.received.at(-1)!.url).toBe('/redirect');
  });

  it("follows to an allowed hop under redirect 'follow'", async () => {
    const response = await client().request(`${origin}/redirect`, { redirect: 'follow' });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('ok GET /target');
    expect(response.url).toBe(`${origin}/target`);
  });

  it('turns a POST answered with 303 into a GET without body', async () => {
    const response = await client().request(`${origin}/see-other`, {
      method: 'POST',
      body: 'payload',
      headers: { 'content-type': 'text/plain' },
      redirect: 'follow',
    });
    expect(response.body.toString()).toBe('ok GET /target');
    const last = server.received.at(-1)!;
    expect(last.body).toBe('');
    expect(last.headers['content-type']).toBeUndefined();
  });

  it('refuses a hop to a refused address and never contacts it', async () => {
    const lookup = tableLookup({ 'metadata.test': ['169.254.169.254'] });
    for (const target of [
      'http://10.0.0.1/',
      'http://[::1]/',
      'http://metadata.test/latest',
      'file:///etc/passwd',
    ]) {
      const error = await failure(
        client({ lookup }).request(`${origin}/away/${encodeURIComponent(target)}`, { redirect: 'follow' }),
      );
      expect(error).toBeInstanceOf(HttpBlockedError);
    }
    expect(lookup.calls.get('metadata.test')).toBe(1);
  });

  it('re-resolves and re-checks a hop to another name, dropping credentials across origins', async () => {
    const lookup = tableLookup({ 'first.test': ['127.0.0.1'], 'second.test': ['127.0.0.1'] });
    const response = await client({ lookup }).request(
      `http://first.test:${server.port}/away/${encodeURIComponent(`http://second.test:${other.port}/landed`)}`,
      { redirect: 'follow', headers: { authorization: 'Bearer secret', 'x-trace': 't1' } },
    );
    expect(response.body.toString()).toBe('ok GET /landed');
    expect(response.url).toBe(`http://second.test:${other.port}/landed`);
    expect(lookup.calls.get('second.test')).toBe(1);
    const landed = other.received.at(-1)!;
    expect(landed.headers.host).toBe(`second.test:${other.port}`);
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers['x-trace']).toBe('t1');
  });

  it('stops after maxRedirects hops', async () => {
    const before = server.received.length;
    const error = await failure(
      client({ maxRedirects: 3 }).request(`${origin}/loop`, { redirect: 'follow' }),
    );
    expect(error).toBeInstanceOf(HttpTransportError);
    expect(error.message).toMatch(/redirected more than 3 times/);
    expect(server.received.length - before).toBe(4);
  });
});

describe('response size cap', () => {
  it('fails a streamed body once it passes the cap', async () => {
    const error = await failure(client().request(`${origin}/big`, { maxResponseBytes: 1000 }));
    expect(error).toBeInstanceOf(HttpResponseTooLargeError);
    expect(error.message).toBe('response body is larger than 1000 bytes');
  });

  it('fails at once on a declared Content-Length over the cap', async () => {
    const started = Date.now();
    const error = await failure(client({ defaultMaxResponseBytes: 1000 }).request(`${origin}/big-declared`));
    expect(error).toBeInstanceOf(HttpResponseTooLargeError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('accepts a body of exactly the cap', async () => {
    const response = await client().request(`${origin}/exactly-1000`, { maxResponseBytes: 1000 });
    expect(response.body.length).toBe(1000);
  });
});

describe('time budget and cancellation', () => {
  it('times out a server that never answers', async () => {
    const started = Date.now();
    const error = await failure(client().request(`${origin}/hang`, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(HttpTransportError);
    expect((error as HttpTransportError).timedOut).toBe(true);
    expect(error.message).toBe(`request to 127.0.0.1:${server.port} timed out after 200 ms`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out a body that stalls half-way, using the client default', async () => {
    const error = await failure(client({ defaultTimeoutMs: 200 }).request(`${origin}/stall-body`));
    expect((error as HttpTransportError).timedOut).toBe(true);
  });

  it('times out a DNS lookup that never answers', async () => {
    const error = await failure(
      client({ lookup: () => new Promise(() => {}) }).request('http://slow-dns.test/', { timeoutMs: 100 }),
    );
    expect((error as HttpTransportError).timedOut).toBe(true);
  });

  it("honours the caller's AbortSignal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(client().request(`${origin}/hang`, { signal: controller.signal }));
    expect(error).toBeInstanceOf(HttpTransportError);
    expect((error as HttpTransportError).timedOut).toBe(false);
    expect(error.message).toMatch(/aborted by the caller/);
  });

  it('reports a caller signal that is a timeout as timed out', async () => {
    const error = await failure(client().request(`${origin}/hang`, { signal: AbortSignal.timeout(100) }));
    expect((error as HttpTransportError).timedOut).toBe(true);
  });

  it('does not start when the signal is already aborted', async () => {
    const before = server.received.length;
    const error = await failure(client().request(`${origin}/hello`, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(HttpTransportError);
    expect(server.received.length).toBe(before);
  });
});

describe('network errors', () => {
  it('names the host, the pinned address and the cause, never headers or body', async () => {
    // Port 1: nothing listens there, while a port probed free could meanwhile belong to another test's server.
    const closed = 1;
    const lookup = tableLookup({ 'down.test': ['127.0.0.1'] });
    const error = await failure(
      client({ lookup }).request(`http://down.test:${closed}/hook?token=abc`, {
        method: 'POST',
        headers: { authorization: 'Bearer top-secret' },
        body: 'private body',
      }),
    );
    expect(error).toBeInstanceOf(HttpTransportError);
    expect((error as HttpTransportError).timedOut).toBe(false);
    expect(error.message).toMatch(
      new RegExp(`^request to down\\.test:${closed} \\(127\\.0\\.0\\.1\\) failed: .*ECONNREFUSED`),
    );
    expect(error.message).not.toMatch(/top-secret|private body|token=abc/);
  });
});

describe('TLS server name', () => {
  let tlsSink: Server;
  let helloBytes: Promise<Buffer>;

  beforeAll(async () => {
    // A bare TCP listener: it records the ClientHello, where SNI travels in clear text, then hangs up.
    let received: (hello: Buffer) => void;
    helloBytes = new Promise((resolve) => {
      received = resolve;
    });
    tlsSink = createServer((socket: Socket) => {
      socket.once('data', (chunk: Buffer) => {
        received(chunk);
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => tlsSink.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => tlsSink.close(resolve));
  });

  it('sends the URL host name as SNI while connecting to the pinned address', async () => {
    const port = (tlsSink.address() as AddressInfo).port;
    const lookup = tableLookup({ 'secure.service.test': ['127.0.0.1'] });
    const error = await failure(client({ lookup }).request(`https://secure.service.test:${port}/`));
    expect(error).toBeInstanceOf(HttpTransportError);
    const hello = await helloBytes;
    expect(hello[0]).toBe(0x16); // TLS handshake record
    expect(hello.includes(Buffer.from('secure.service.test'))).toBe(true);
    expect(lookup.calls.get('secure.service.test')).toBe(1);
  });
});
