import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.ts';
import type { LookupAll } from '../../src/security/http/check-destination.ts';
import { HttpBlockedError, HttpTransportError } from '../../src/security/http/http-client.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import type { LocalHttpServer } from './local-http-server.ts';
import { startRouteServer, tableLookup } from './route-server.ts';

let server: LocalHttpServer;
let origin: string;
const clients: GuardedHttpClient[] = [];

function client(options: Parameters<typeof createGuardedHttpClient>[0] = {}): GuardedHttpClient {
  const created = createGuardedHttpClient(options);
  clients.push(created);
  return created;
}

beforeAll(async () => {
  server = await startRouteServer();
  origin = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await server.close();
});

describe('createGuardedHttpClient: refused destinations', () => {
  const literalHosts = [
    '127.0.0.1',
    '2130706433',
    '0x7f000001',
    '0177.0.0.1',
    '127.1',
    '0.0.0.0',
    '0',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '240.0.0.1',
    '[::1]',
    '[::]',
    '[fe80::1]',
    '[fd00::1]',
    '[ff02::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:10.0.0.1]',
    '[::127.0.0.1]',
    '[2002:7f00:1::1]',
    '[2002:a00:1::]',
    '[64:ff9b::7f00:1]',
    '[64:ff9b::10.0.0.1]',
    '[2001:0:4136:e378:8000:63bf:f5ff:fffe]',
  ];

  it.each(literalHosts)('refuses http://%s/ before connecting', async (host) => {
    const lookup = tableLookup({});
    const before = server.received.length;
    const error = await client({ lookup })
      .request(`http://${host}:${server.port}/secret-path?token=abc`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpBlockedError);
    expect((error as Error).message).toMatch(/not a public address/);
    expect((error as Error).message).not.toContain('secret-path');
    expect((error as Error).message).not.toContain('token=abc');
    expect(lookup.calls.size).toBe(0);
    expect(server.received.length).toBe(before);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const lookup = tableLookup({ 'mixed.test': ['93.184.216.34', '127.0.0.1'] });
    const error = await client({ lookup })
      .request(`http://mixed.test:${server.port}/`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpBlockedError);
    expect((error as Error).message).toContain('mixed.test resolves to 127.0.0.1');
    expect((error as Error).message).toContain('allowPrivate');
  });

  it.each([
    'ftp://example.com/',
    'file:///etc/passwd',
    'gopher://127.0.0.1:70/',
    'data:text/plain,hi',
    'ws://example.com/',
  ])('refuses the scheme of %s', async (url) => {
    await expect(client().request(url)).rejects.toThrow(HttpBlockedError);
    await expect(client().request(url)).rejects.toThrow(/only http: and https:/);
  });

  it.each(['http://alice:s3cret@example.com/', 'http://alice@example.com/', 'https://:s3cret@example.com/'])(
    'refuses credentials in %s without echoing them',
    async (url) => {
      const error = await client()
        .request(url)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpBlockedError);
      expect((error as Error).message).toContain('credentials');
      expect((error as Error).message).not.toMatch(/alice|s3cret/);
    },
  );

  it('refuses a string that is not an absolute URL without echoing it', async () => {
    const error = await client()
      .request('/relative/secret-token')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpBlockedError);
    expect((error as Error).message).not.toContain('secret-token');
  });

  it('reports a name that does not resolve as a transport error', async () => {
    const error = await client({ lookup: tableLookup({}) })
      .request('http://nowhere.test/')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTransportError);
    expect((error as Error).message).toBe('could not resolve nowhere.test: ENOTFOUND');
  });
});

describe('createGuardedHttpClient: allowed private destinations', () => {
  it('lets a literal address through when its CIDR is allowed', async () => {
    const response = await client({ allowPrivate: ['127.0.0.0/8'] }).request(`${origin}/hello`);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('ok GET /hello');
    expect(response.url).toBe(`${origin}/hello`);
  });

  it('keeps the Host header of a name resolved to an allowed address', async () => {
    const lookup = tableLookup({ 'service.test': ['127.0.0.1'] });
    const response = await client({ allowPrivate: ['127.0.0.1/32'], lookup }).request(
      `http://service.test:${server.port}/host`,
    );
    expect(response.status).toBe(200);
    expect(server.received.at(-1)!.headers.host).toBe(`service.test:${server.port}`);
  });

  it('lets a name through when the name itself is allowed, and only that name', async () => {
    const lookup = tableLookup({ 'immich.lan': ['127.0.0.1'], 'other.lan': ['127.0.0.1'] });
    const guarded = client({ allowPrivate: ['immich.lan'], lookup });
    const response = await guarded.request(`http://immich.lan:${server.port}/api`);
    expect(response.body.toString()).toBe('ok GET /api');
    await expect(guarded.request(`http://other.lan:${server.port}/api`)).rejects.toThrow(HttpBlockedError);
  });

  it('sends method, body and headers; lower-cases response headers and joins repeated ones', async () => {
    const response = await client({ allowPrivate: ['127.0.0.1'] }).request(`${origin}/echo`, {
      method: 'post',
      headers: { 'Content-Type': 'application/json', 'X-Token': 'abc' },
      body: '{"a":1}',
    });
    const received = server.received.at(-1)!;
    expect(received.method).toBe('POST');
    expect(received.body).toBe('{"a":1}');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['x-token']).toBe('abc');
    expect(received.headers['user-agent']).toBe('notify-bridge');
    expect(response.headers['x-custom']).toBe('One');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(Object.keys(response.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('lets the caller and the options set the User-Agent', async () => {
    await client({ allowPrivate: ['127.0.0.1'], userAgent: 'nb/1' }).request(`${origin}/ua`);
    expect(server.received.at(-1)!.headers['user-agent']).toBe('nb/1');
    await client({ allowPrivate: ['127.0.0.1'] }).request(`${origin}/ua`, {
      headers: { 'User-Agent': 'mine' },
    });
    expect(server.received.at(-1)!.headers['user-agent']).toBe('mine');
  });

  it('reuses a kept-alive connection for the same origin and address', async () => {
    const lookup = tableLookup({ 'service.test': ['127.0.0.1'] });
    const guarded = client({ allowPrivate: ['127.0.0.1'], lookup, connectionsPerPool: 1 });
    await guarded.request(`${origin}/one`);
    await guarded.request(`http://service.test:${server.port}/two`);
    await guarded.request(`${origin}/three`);
    const [first, other, third] = server.received.slice(-3);
    expect(third!.remotePort).toBe(first!.remotePort);
    // Another origin (name) on the same address gets its own pool, hence its own socket.
    expect(other!.remotePort).not.toBe(first!.remotePort);
  });

  it('keeps working past the pool limit by closing the least recently used pool', async () => {
    const lookup = tableLookup({ 'a.test': ['127.0.0.1'], 'b.test': ['127.0.0.1'] });
    const guarded = client({ allowPrivate: ['127.0.0.1'], lookup, maxPools: 1 });
    for (const host of ['a.test', 'b.test', 'a.test', 'b.test']) {
      const response = await guarded.request(`http://${host}:${server.port}/pool`);
      expect(response.status).toBe(200);
    }
  });
});

describe('createGuardedHttpClient: DNS rebinding', () => {
  it('resolves once per request and connects to the address it checked', async () => {
    let calls = 0;
    // First answer: the allowed loopback. Any later answer: a private address that must never be used.
    const rebinding: LookupAll = async () => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const guarded = client({ allowPrivate: ['127.0.0.1/32'], lookup: rebinding, destinationTtlMs: 0 });
    const response = await guarded.request(`http://rebind.test:${server.port}/pinned`);
    expect(response.status).toBe(200);
    expect(calls).toBe(1);
    const received = server.received.at(-1)!;
    expect(received.url).toBe('/pinned');
    expect(received.localAddress).toBe('127.0.0.1');
    expect(received.headers.host).toBe(`rebind.test:${server.port}`);

    // The next request resolves afresh, sees the private answer and is refused.
    await expect(guarded.request(`http://rebind.test:${server.port}/pinned`)).rejects.toThrow(
      /rebind\.test resolves to 10\.0\.0\.1/,
    );
    expect(calls).toBe(2);
  });

  it('reuses a checked address for destinationTtlMs, then resolves and checks again', async () => {
    let calls = 0;
    let finishFirstLookup!: () => void;
    const firstLookupHeld = new Promise<void>((resolve) => {
      finishFirstLookup = resolve;
    });
    const rebinding: LookupAll = async () => {
      calls += 1;
      if (calls === 1) await firstLookupHeld;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const clock = manualClock(Date.parse('2026-12-02T00:00:00Z'));
    const guarded = client({
      allowPrivate: ['127.0.0.1/32'],
      lookup: rebinding,
      destinationTtlMs: 300,
      clock,
    });
    const url = `http://rebind.test:${server.port}/pinned`;
    // Requests made while the first lookup runs wait for it instead of starting their own.
    const concurrent = Promise.all([guarded.request(url), guarded.request(url), guarded.request(url)]);
    finishFirstLookup();
    const first = await concurrent;
    expect(first.map((response) => response.status)).toEqual([200, 200, 200]);
    clock.advance(299);
    expect((await guarded.request(url)).status).toBe(200);
    expect(calls).toBe(1);
    expect(server.received.slice(-4).map((received) => received.localAddress)).toEqual(
      Array(4).fill('127.0.0.1'),
    );
    clock.advance(1);
    await expect(guarded.request(url)).rejects.toThrow(/rebind\.test resolves to 10\.0\.0\.1/);
    expect(calls).toBe(2);
  });

  it('does not keep a failed lookup: the next request resolves again', async () => {
    let calls = 0;
    const flaky: LookupAll = async () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const guarded = client({ allowPrivate: ['127.0.0.1/32'], lookup: flaky });
    await expect(guarded.request(`http://flaky.test:${server.port}/`)).rejects.toThrow(/EAI_AGAIN/);
    expect((await guarded.request(`http://flaky.test:${server.port}/`)).status).toBe(200);
    expect(calls).toBe(2);
  });
});
