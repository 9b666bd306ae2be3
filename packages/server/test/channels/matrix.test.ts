import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/channels/channel.ts';
import { matrixChannel } from '../../src/channels/matrix/index.ts';
import { toMatrixHtml } from '../../src/channels/matrix/matrix-html.ts';
import { cutToBytes, textEvent } from '../../src/channels/matrix/room-message.ts';
import { channelState } from '../../src/delivery/channel-state.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { FakeMatrix } from '../fakes/matrix/server.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { seedTarget } from '../helpers/seed.ts';
import { capturedLog } from './captured-log.ts';
import { message, sendClock, sendContext } from './send-context.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const html: RenderedMessage = {
  ...message,
  format: 'html',
  body: '⚠️ <b>Disk almost full</b>\n<code>/srv</code> is at 93 %\n<a href="https://grafana.example/d/disk">Open</a>',
};

describe('matrix HTML', () => {
  it('keeps the spec’s tags and attributes, and turns line breaks into <br>', () => {
    expect(toMatrixHtml(html.body)).toBe(
      '⚠️ <b>Disk almost full</b><br><code>/srv</code> is at 93 %<br><a href="https://grafana.example/d/disk">Open</a>',
    );
    expect(toMatrixHtml('<ol start="3"><li>a</li>\n<li>b</li></ol>\n<pre>x\ny</pre>')).toBe(
      '<ol start="3"><li>a</li><li>b</li></ol><pre>x\ny</pre>',
    );
    expect(
      toMatrixHtml('<font color="#ff0000" onclick="x()">red</font> <span data-mx-spoiler>s</span>'),
    ).toBe('<font color="#ff0000">red</font> <span data-mx-spoiler="">s</span>');
    expect(toMatrixHtml('<pre><code class="language-ts">let a</code></pre>')).toBe(
      '<pre><code class="language-ts">let a</code></pre>',
    );
  });

  it('drops scripts, unsafe links and outside images, keeps their text, and balances tags', () => {
    expect(toMatrixHtml('a<script>alert(1)</script>b<style>p{}</style>c')).toBe('abc');
    expect(toMatrixHtml('<a href="javascript:alert(1)">click</a>')).toBe('click');
    expect(toMatrixHtml('<img src="https://tracker.example/p.gif"><img src="mxc://hs/abc" alt="x">')).toBe(
      '<img src="mxc://hs/abc" alt="x">',
    );
    expect(toMatrixHtml('<iframe src="x">in</iframe><b><i>open')).toBe('in<b><i>open</i></b>');
    expect(toMatrixHtml('<b>x</i></b></b>')).toBe('<b>x</b>');
    expect(toMatrixHtml('<mx-reply>quoted</mx-reply>reply<!-- note -->')).toBe('reply');
  });

  it('escapes text once: an entity stays one character, a stray < or & is escaped', () => {
    expect(toMatrixHtml('5 &lt; 6 &amp; 7 > 2 & <3 &#x1F600;')).toBe(
      '5 &lt; 6 &amp; 7 &gt; 2 &amp; &lt;3 😀',
    );
    expect(toMatrixHtml('<a href="https://x.example/?a=1&amp;b=&quot;2&quot;">q</a>')).toBe(
      '<a href="https://x.example/?a=1&amp;b=&#34;2&#34;">q</a>',
    );
  });

  it('gives the plain body as text, the title for an empty body, and cuts by bytes', () => {
    expect(textEvent(html, 'm.text').content).toEqual({
      msgtype: 'm.text',
      body: '⚠️ Disk almost full\n/srv is at 93 %\nOpen',
      format: 'org.matrix.custom.html',
      formatted_body: toMatrixHtml(html.body),
    });
    expect(textEvent({ ...message, format: 'text', body: ' ' }, 'm.notice').content).toEqual({
      msgtype: 'm.notice',
      body: 'Disk almost full',
    });
    const long = textEvent({ ...html, body: `<b>${'я'.repeat(20_000)}</b>` }, 'm.text');
    expect(long.formattingDropped).toBe(true);
    expect(long.content).not.toHaveProperty('formatted_body');
    expect(Buffer.byteLength(long.content.body)).toBeLessThanOrEqual(24_000);
    expect(cutToBytes('aé😀b', 8)).toBe('aé😀b');
    expect(cutToBytes('aé😀b', 7)).toBe('aé…');
  });
});

describe.each(testDialects)('the matrix channel on %s', (dialect) => {
  let http: GuardedHttpClient;
  let hs: FakeMatrix;
  let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let deliveryNo = 0;
  beforeAll(async () => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
    db = await createMigratedDatabase(dialect);
    await seedTarget(db.database, 'hs', 'matrix');
  });
  afterAll(async () => {
    await http.close();
    await db.drop();
  });
  beforeEach(async () => {
    await db.database.db.deleteFrom('channel_state').execute();
    hs = await new FakeMatrix().start();
  });
  afterEach(() => hs.close());

  interface SendOptions {
    deliveryId?: string;
    token?: string;
    silent?: boolean;
    lastAttempt?: boolean;
    signal?: AbortSignal;
  }
  function context(address: Record<string, unknown>, options: SendOptions = {}) {
    const ctx = sendContext(
      http,
      { homeserver: hs.url, accessToken: options.token ?? hs.accessToken },
      { room: '!ops:fake.test', ...address } as { room: string },
      options.deliveryId ?? `01JDELIVERY${String(++deliveryNo).padStart(17, '0')}`,
      channelState(db.database, 'hs', sendClock),
      options.lastAttempt,
    );
    return {
      ...ctx,
      options: { silent: options.silent === true },
      ...(options.signal ? { signal: options.signal } : {}),
    };
  }
  const send = (
    msg: RenderedMessage = html,
    address: Record<string, unknown> = {},
    options: SendOptions = {},
  ) => matrixChannel.send(context(address, options), msg);
  const errorText = (outcome: SendOutcome) => (outcome.status === 'sent' ? '' : outcome.error.message);
  const sendsOf = () => hs.requests.filter((r) => r.method === 'PUT');

  it('sends the html as formatted_body with its plain reading, the delivery id as txnId, the token as a header', async () => {
    const outcome = await send(html, {}, { deliveryId: '01JDELIVERYAAAAAAAAAAAAAAAAA' });
    const [event] = hs.eventsIn('!ops:fake.test');
    expect(outcome).toEqual({ status: 'sent', providerMessageId: event!.eventId, httpStatus: 200 });
    expect(event).toMatchObject({ type: 'm.room.message', txnId: '01JDELIVERYAAAAAAAAAAAAAAAAA' });
    expect(event!.content).toEqual(textEvent(html, 'm.text').content);
    const [request] = hs.requests;
    expect(request!.path).toBe(
      '/_matrix/client/v3/rooms/!ops%3Afake.test/send/m.room.message/01JDELIVERYAAAAAAAAAAAAAAAAA',
    );
    expect(request!.headers.authorization).toBe(`Bearer ${hs.accessToken}`);
    expect(request!.url).not.toContain('access_token');
  });

  it('sends a text template as plain body only, and notices for a notice receiver or a silent one', async () => {
    await send({ ...message, format: 'text', body: 'plain <b>as is</b>' });
    expect(hs.events[0]!.content).toEqual({ msgtype: 'm.text', body: 'plain <b>as is</b>' });
    await send(html, { notice: true });
    await send(html, {}, { silent: true });
    expect(hs.events.slice(1).map((e) => e.content.msgtype)).toEqual(['m.notice', 'm.notice']);
  });

  it('a retry after a lost answer posts nothing twice: the homeserver answers the same event id', async () => {
    hs.script({ lose: true });
    const deliveryId = '01JDELIVERYLOSTANSWER0000000';
    const lost = await send(html, {}, { deliveryId, signal: AbortSignal.timeout(300) });
    expect(lost).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
    expect(hs.events).toHaveLength(1);
    const retried = await send(html, {}, { deliveryId });
    expect(retried).toEqual({ status: 'sent', providerMessageId: hs.events[0]!.eventId, httpStatus: 200 });
    expect(hs.events).toHaveLength(1);
    expect(sendsOf()).toHaveLength(2);
  });

  it('resolves an alias once and keeps the room id in the target state', async () => {
    await send(html, { room: '#ops:fake.test' });
    await send(html, { room: '#ops:fake.test' });
    const lookups = hs.requests.filter((r) => r.path.includes('/directory/room/'));
    expect(lookups.map((r) => r.path)).toEqual(['/_matrix/client/v3/directory/room/%23ops%3Afake.test']);
    expect(hs.eventsIn('!ops:fake.test')).toHaveLength(2);
    const state = channelState(db.database, 'hs', sendClock);
    expect(await state.get('alias:#ops:fake.test')).toBe('!ops:fake.test');
  });

  it('disables the receiver for an alias that names no room', async () => {
    const outcome = await send(html, { room: '#nope:fake.test' });
    expect(outcome).toMatchObject({
      status: 'failed',
      disableReceiver: true,
      error: { httpStatus: 404, code: 'M_NOT_FOUND' },
    });
    expect(errorText(outcome)).toContain('no room has this alias');
  });

  it('disables the receiver for a room the account is not in, and forgets the alias it came from', async () => {
    const byId = await send(html, { room: '!secret:fake.test' });
    expect(byId).toMatchObject({
      status: 'failed',
      disableReceiver: true,
      error: { httpStatus: 403, code: 'M_FORBIDDEN' },
    });
    expect(errorText(byId)).toContain('join it');
    await send(html, { room: '#secret:fake.test' });
    const state = channelState(db.database, 'hs', sendClock);
    expect(await state.get('alias:#secret:fake.test')).toBeUndefined();
    expect(hs.events).toHaveLength(0);
  });

  it('fails on a wrong or logged-out token with a hint, never disabling the receiver or quoting the token', async () => {
    const wrong = 'syt_d3Jvbmc_WrongTokenValue_0x9999';
    const outcome = await send(html, {}, { token: wrong });
    expect(outcome).toMatchObject({ status: 'failed', error: { httpStatus: 401, code: 'M_UNKNOWN_TOKEN' } });
    expect(outcome).not.toHaveProperty('disableReceiver');
    expect(errorText(outcome)).toContain('set a new accessToken');
    hs.script({ status: 403, body: { errcode: 'M_FORBIDDEN', error: `token ${hs.accessToken} refused` } });
    expect(errorText(await send())).not.toContain(hs.accessToken);
  });

  it('waits retry_after_ms on M_LIMIT_EXCEEDED (or Retry-After), retries 5xx and a hung answer', async () => {
    hs.script(
      {
        status: 429,
        body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 2345 },
      },
      { status: 429, headers: { 'retry-after': '7' }, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'slow' } },
      { status: 502, body: '<html>bad gateway</html>' },
      { status: 200, body: '<html>captive portal</html>' },
      { hang: true },
    );
    expect(await send()).toMatchObject({
      status: 'retry',
      retryAfterMs: 2345,
      error: { httpStatus: 429, code: 'M_LIMIT_EXCEEDED' },
    });
    expect(await send()).toMatchObject({ status: 'retry', retryAfterMs: 7000 });
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 502 } });
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 200 } });
    expect(await send(html, {}, { signal: AbortSignal.timeout(300) })).toMatchObject({
      status: 'retry',
      error: { kind: 'transport' },
    });
    expect(hs.events).toHaveLength(0);
  });

  it('fails an event the homeserver refuses as too large or malformed, without retrying', async () => {
    hs.script(
      { status: 413, body: { errcode: 'M_TOO_LARGE', error: 'event too large' } },
      { status: 400, body: { errcode: 'M_BAD_JSON', error: 'bad' } },
    );
    expect(await send()).toMatchObject({ status: 'failed', error: { httpStatus: 413, code: 'M_TOO_LARGE' } });
    expect(await send()).toMatchObject({ status: 'failed', error: { code: 'M_BAD_JSON' } });
  });

  it('uploads attachments and sends them as m.image and m.file events with their own transaction ids', async () => {
    const image = { name: 'chart.png', contentType: 'image/png', data: png.toString('base64') };
    const pdf = {
      name: 'report.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('%PDF').toString('base64'),
    };
    const deliveryId = '01JDELIVERYWITHFILES00000000';
    const outcome = await send({ ...html, attachments: [image, pdf] }, {}, { deliveryId });
    const [text, shown, filed] = hs.eventsIn('!ops:fake.test');
    expect(outcome).toMatchObject({ status: 'sent', providerMessageId: text!.eventId });
    expect([text!.txnId, shown!.txnId, filed!.txnId]).toEqual([
      deliveryId,
      `${deliveryId}-file-0`,
      `${deliveryId}-file-1`,
    ]);
    expect(hs.uploads.map((u) => [u.filename, u.contentType, u.bytes.length])).toEqual([
      ['chart.png', 'image/png', png.length],
      ['report.pdf', 'application/pdf', 4],
    ]);
    expect(shown!.content).toEqual({
      msgtype: 'm.image',
      body: 'chart.png',
      filename: 'chart.png',
      url: hs.uploads[0]!.contentUri,
      info: { mimetype: 'image/png', size: png.length },
    });
    expect(filed!.content).toMatchObject({ msgtype: 'm.file', url: hs.uploads[1]!.contentUri });
    expect((outcome as { detail: unknown }).detail).toEqual({
      files: [
        { index: 0, name: 'chart.png', eventId: shown!.eventId },
        { index: 1, name: 'report.pdf', eventId: filed!.eventId },
      ],
    });
    const state = channelState(db.database, 'hs', sendClock);
    expect(await state.get(`progress:${deliveryId}`)).toBeUndefined();
  });

  it('goes on where a rate-limited attempt stopped: no text, upload or file event twice', async () => {
    const files = [0, 1].map((n) => ({
      name: `p${n}.png`,
      contentType: 'image/png',
      data: Buffer.concat([png, Buffer.from([n])]).toString('base64'),
    }));
    const deliveryId = '01JDELIVERYRATELIMITED000000';
    hs.scriptFor('upload', { status: 200, body: { content_uri: 'mxc://fake.test/first' } });
    hs.scriptFor('upload', {
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 1500 },
    });
    const first = await send({ ...html, attachments: files }, {}, { deliveryId });
    expect(first).toMatchObject({ status: 'retry', retryAfterMs: 1500 });
    expect(hs.events.map((e) => e.txnId)).toEqual([deliveryId, `${deliveryId}-file-0`]);
    const before = hs.requests.length;
    const second = await send({ ...html, attachments: files }, {}, { deliveryId });
    expect(second).toMatchObject({ status: 'sent', providerMessageId: hs.events[0]!.eventId });
    // Only the second file's upload and event: the text and the first file were not sent again.
    expect(
      hs.requests.slice(before).map((r) => `${r.method} ${r.path.split('/').slice(0, 5).join('/')}`),
    ).toEqual(['POST /_matrix/media/v3/upload', 'PUT /_matrix/client/v3/rooms']);
    expect(hs.events.map((e) => e.txnId)).toEqual([
      deliveryId,
      `${deliveryId}-file-0`,
      `${deliveryId}-file-1`,
    ]);
    expect(hs.events[1]!.content.url).toBe('mxc://fake.test/first');
  });

  it('keeps what an attempt uploaded when its time runs out midway, and uploads it only once', async () => {
    let hangs = 1;
    const files = createServer((_request, response) => {
      if (hangs-- > 0) return; // the first download never answers
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    try {
      const slow = { url: `http://127.0.0.1:${(files.address() as AddressInfo).port}/slow.png` };
      const inline = { name: 'a.png', contentType: 'image/png', data: png.toString('base64') };
      const msg = { ...html, attachments: [inline, slow] };
      const deliveryId = '01JDELIVERYTIMEDOUTMIDWAY000';
      const first = await send(msg, {}, { deliveryId, signal: AbortSignal.timeout(500) });
      expect(first).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
      expect(hs.uploads).toHaveLength(1);
      const second = await send(msg, {}, { deliveryId });
      expect(second).toMatchObject({ status: 'sent' });
      expect(hs.uploads.map((u) => u.filename)).toEqual(['a.png', 'slow.png']);
      expect(hs.events.map((e) => e.content.msgtype)).toEqual(['m.text', 'm.image', 'm.image']);
    } finally {
      files.closeAllConnections();
      files.close();
    }
  });

  it('leaves out a file the homeserver will not take and says why', async () => {
    hs.maxUploadBytes = 10;
    const big = { name: 'big.png', contentType: 'image/png', data: Buffer.alloc(64).toString('base64') };
    const outcome = await send({ ...html, attachments: [big] });
    expect(outcome).toMatchObject({
      status: 'sent',
      detail: { files: [{ index: 0, name: 'big.png', skipped: expect.stringContaining('M_TOO_LARGE') }] },
    });
    expect(hs.events).toHaveLength(1);
  });

  it('writes no access token into the log at trace level, sent or refused', async () => {
    const log = capturedLog(http);
    const ctx = { ...context({ room: '#ops:fake.test' }), http: log.http, logger: log.logger };
    await matrixChannel.send(ctx, html);
    hs.script({ status: 500, body: `echo Bearer ${hs.accessToken}` });
    const failed = await matrixChannel.send({ ...ctx, deliveryId: '01JDELIVERYECHOED00000000000' }, html);
    expect(failed.status).toBe('retry');
    log.logger.warn({ err: new Error(errorText(failed)) }, 'delivery failed');
    expect(log.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of log.lines) expect(line).not.toContain(hs.accessToken);
  });
});
