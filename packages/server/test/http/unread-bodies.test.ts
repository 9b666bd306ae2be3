import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSourceApp } from '../helpers/source-app.ts';
import type { TestApp } from '../helpers/test-app.ts';

const cap = 256 * 1024;
const declared = 50 * 1024 * 1024;
const hookSecret = 'bearer-secret-for-the-tests-0123';
const gotifyToken = 'gotify-app-token-0123456789';

interface Outcome {
  status: number;
  connection: string | undefined;
  /** Body bytes (with chunk framing) the client got onto the wire before the server closed the connection. */
  bodyBytesWritten: number;
  closed: boolean;
}

/**
 * Declares `declared` bytes and streams them in 16 KiB chunks, each when the last was taken, until the
 * server closes the socket or takes everything. A server that drains the body takes all of it.
 */
function streamBody(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  framing: 'length' | 'chunked' = 'length',
): Promise<Outcome> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const head = [
      `POST ${path} HTTP/1.1`,
      `host: ${hostname}:${port}`,
      'content-type: application/json',
      framing === 'length' ? `content-length: ${declared}` : 'transfer-encoding: chunked',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      '',
      '',
    ].join('\r\n');
    const headBytes = Buffer.byteLength(head);
    const data = Buffer.alloc(16 * 1024, 0x20);
    const chunk =
      framing === 'length'
        ? data
        : Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    let response = '';
    let sent = 0;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      const [statusLine = '', ...lines] = response.split('\r\n\r\n')[0]!.split('\r\n');
      const connection = lines
        .find((line) => line.toLowerCase().startsWith('connection:'))
        ?.slice('connection:'.length)
        .trim();
      resolve({
        status: Number(statusLine.split(' ')[1]),
        connection,
        bodyBytesWritten: Math.max(0, socket.bytesWritten - headBytes),
        closed,
      });
      socket.destroy();
    };
    const pump = () => {
      if (done || socket.destroyed) return;
      if (sent >= declared) return finish(false);
      sent += data.length;
      socket.write(chunk, (error) => (error ? finish(true) : setImmediate(pump)));
    };
    socket.on('data', (data: Buffer) => (response += data.toString('latin1')));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.once('connect', () => socket.write(head, pump));
    socket.setTimeout(20_000, () => reject(new Error('the socket stayed open and idle for 20 s')));
  });
}

describe('a request answered before its body was read', () => {
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    const started = await startSourceApp(
      'sqlite',
      { kind: 'webhook', name: 'bearer', config: { auth: { mode: 'bearer' }, secret: hookSecret } },
      { NB_MAX_BODY_BYTES: String(cap) },
    );
    ({ t, baseUrl, sourceId } = started);
    const gotify = await t.api('POST', '/api/v1/sources', {
      kind: 'gotify',
      name: 'gotify',
      config: { token: gotifyToken },
    });
    expect(gotify.status).toBe(201);
  });
  afterAll(() => t.close());

  it.each([
    ['a wrong bearer token on /hooks', () => `/hooks/${sourceId}`, { authorization: 'Bearer wrong' }, 401],
    ['an unknown source id', () => '/hooks/01NOSUCHSOURCE0000000000000', {}, 404],
    [
      'a Content-Length over the cap',
      () => `/hooks/${sourceId}`,
      { authorization: `Bearer ${hookSecret}` },
      413,
    ],
    ['a wrong token on a compatibility route', () => '/gotify/message?token=wrong-token', {}, 401],
    ['/api/v1 without a token', () => '/api/v1/sources', {}, 401],
  ])('closes the connection on %s without reading the body', async (_what, path, headers, status) => {
    const outcome = await streamBody(baseUrl, path(), headers);
    expect(outcome.status).toBe(status);
    expect(outcome.connection).toBe('close');
    expect(outcome.closed).toBe(true);
    expect(outcome.bodyBytesWritten).toBeLessThan(cap);
  });

  it('closes the connection on a chunked body without a token, and on one that outgrows the cap', async () => {
    const refused = await streamBody(baseUrl, `/hooks/${sourceId}`, {}, 'chunked');
    expect(refused).toMatchObject({ status: 401, connection: 'close', closed: true });
    expect(refused.bodyBytesWritten).toBeLessThan(cap);
    // Without a declared length the cap can only be found by reading up to it.
    const tooLarge = await streamBody(
      baseUrl,
      `/hooks/${sourceId}`,
      { authorization: `Bearer ${hookSecret}` },
      'chunked',
    );
    expect(tooLarge).toMatchObject({ status: 413, connection: 'close', closed: true });
    expect(tooLarge.bodyBytesWritten).toBeLessThan(2 * cap);
  });

  it('keeps the connection of a request whose body was read', async () => {
    const response = await fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
      body: '{"title":"kept"}',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('connection')).toBe('keep-alive');
  });
});
