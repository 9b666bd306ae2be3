import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailChannel } from '../../src/channels/email/index.ts';
import { ChannelConnections } from '../../src/delivery/channel-connections.ts';
import { channelState } from '../../src/delivery/channel-state.ts';
import { type ChannelCall, type ChannelServices, invokeChannel } from '../../src/delivery/invoke-channel.ts';
import { manualClock } from '../../src/domain/clock.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { socketDestinations } from '../../src/security/socket-destinations.ts';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/databases.ts';
import { selfSignedCertificate, TestSmtpServer } from '../helpers/smtp-server.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { capturedLog } from './captured-log.ts';
import { message } from './send-context.ts';

// The certificate names mail.test; the socket guard's lookup sends that name to the loopback server.
const mailHost = 'mail.test';
const certificate = selfSignedCertificate(mailHost);
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

describe('the email channel against a real SMTP server', () => {
  const clock = manualClock(Date.parse('2026-12-03T10:00:00Z'));
  const logger = pino({ level: 'silent' });
  let test: TestDatabase;
  let http: GuardedHttpClient;
  let services: ChannelServices;
  let starttls: TestSmtpServer;
  let implicit: TestSmtpServer;
  let delivery = 0;

  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
    starttls = await new TestSmtpServer({ secure: false, ...certificate }).start();
    implicit = await new TestSmtpServer({ secure: true, ...certificate }).start();
  });
  beforeEach(() => {
    const database = test.open();
    services = {
      stateOf: (targetId) => channelState(database, targetId, clock),
      http,
      clock,
      sendTimeoutMs: 10_000,
      connections: new ChannelConnections({
        sockets: socketDestinations({
          allowPrivate: ['127.0.0.0/8'],
          lookup: async (name) => (name === mailHost ? [{ address: '127.0.0.1', family: 4 }] : []),
        }),
        clock,
        logger,
      }),
    };
    starttls.mails.length = 0;
  });
  afterEach(() => services.connections.closeAll());
  afterAll(async () => {
    await starttls.close();
    await implicit.close();
    await http.close();
    await test.drop();
  });

  function config(server: TestSmtpServer, over: Record<string, unknown> = {}) {
    return {
      host: mailHost,
      port: server.port,
      security: server.options.secure ? 'tls' : 'starttls',
      username: server.user,
      password: server.password,
      from: 'notify-bridge <alerts@example.com>',
      tlsCa: certificate.cert,
      ...over,
    };
  }

  function call(targetConfig: object, over: Partial<ChannelCall> = {}): ChannelCall {
    delivery += 1;
    return {
      channel: emailChannel,
      targetId: 'mail',
      config: targetConfig,
      address: { to: ['ops@example.com'], cc: ['boss@example.com'] },
      options: {},
      deliveryId: `01JDELIVERY0000000000000${String(delivery).padStart(3, '0')}`,
      attempt: 1,
      lastAttempt: false,
      logger,
      ...over,
    };
  }

  it('mails over STARTTLS with a login: subject, text and html parts, the delivery’s Message-ID', async () => {
    const sent = call(config(starttls));
    const outcome = await invokeChannel(services, sent, {
      ...message,
      format: 'text',
      body: 'Disk /srv\nat 93 % & rising',
    });
    expect(outcome).toEqual({ status: 'sent', providerMessageId: `<${sent.deliveryId}@example.com>` });
    const [mail] = starttls.mails;
    expect(mail!.envelope).toEqual({
      from: 'alerts@example.com',
      to: ['ops@example.com', 'boss@example.com'],
    });
    expect(mail!.parsed.subject).toBe('Disk almost full');
    expect(mail!.parsed.messageId).toBe(`<${sent.deliveryId}@example.com>`);
    expect(mail!.parsed.text).toBe(`Disk /srv\nat 93 % & rising\n\n${message.url}\n`);
    expect(mail!.parsed.html).toContain('Disk /srv<br>\nat 93 % &amp; rising');
    expect(mail!.parsed.html).toContain(`<a href="${message.url}">Open</a>`);
    expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('takes an html template as the html part and its text for the text part, with attachments intact', async () => {
    const attachments = [{ name: 'chart.png', contentType: 'image/png', data: png.toString('base64') }];
    await invokeChannel(services, call(config(starttls)), {
      ...message,
      format: 'html',
      title: 'Disk\r\nalmost full',
      body: '<p><b>/srv</b> at 93 %</p>',
      attachments,
    });
    const [mail] = starttls.mails;
    expect(mail!.parsed.subject).toBe('Disk almost full');
    expect(mail!.parsed.html).toContain('<p><b>/srv</b> at 93 %</p>');
    expect(mail!.parsed.text).toContain('/srv at 93 %');
    expect(mail!.parsed.attachments.map((a) => [a.filename, a.contentType, a.content])).toEqual([
      ['chart.png', 'image/png', png],
    ]);
  });

  it('mails over implicit TLS, and sends every mail of a target over the one pooled connection', async () => {
    const target = config(implicit);
    expect(await invokeChannel(services, call(target, { targetId: 'tls' }), message)).toMatchObject({
      status: 'sent',
    });
    const transport = await services.connections.get(emailChannel, 'tls', target);
    expect(await invokeChannel(services, call(target, { targetId: 'tls' }), message)).toMatchObject({
      status: 'sent',
    });
    expect(await services.connections.get(emailChannel, 'tls', target)).toBe(transport);
    expect(implicit.mails).toHaveLength(2);
  });

  it('fails a refused login at once, naming the fix and never the password', async () => {
    const outcome = await invokeChannel(
      services,
      call(config(starttls, { password: 'wrong-smtp-password' })),
      message,
    );
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'rejected', code: 'EAUTH' } });
    const text = JSON.stringify(outcome);
    expect(text).toContain('check username and password');
    expect(text).not.toContain('wrong-smtp-password');
    expect(starttls.mails).toHaveLength(0);
  });

  it('fails when the server’s certificate is not trusted, and says to give its CA', async () => {
    const { tlsCa: _, ...untrusted } = config(starttls);
    const outcome = await invokeChannel(services, call(untrusted), message);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'TLS' } });
    expect(JSON.stringify(outcome)).toContain('tlsCa');
  });

  it('retries a 4xx reply, fails a 5xx to the data, and disables the receiver when its addresses are refused', async () => {
    const target = config(starttls);
    starttls.script({ at: 'data', code: 451, text: 'Requested action aborted: local error' });
    expect(await invokeChannel(services, call(target), message)).toMatchObject({
      status: 'retry',
      error: { kind: 'rejected', code: '451' },
    });
    starttls.script({ at: 'data', code: 554, text: 'Message rejected as spam' });
    const spam = await invokeChannel(services, call(target), message);
    expect(spam).toMatchObject({ status: 'failed', error: { code: '554' } });
    expect(spam).not.toHaveProperty('disableReceiver');
    starttls.script(
      { at: 'rcpt', code: 550, text: 'No such user' },
      { at: 'rcpt', code: 550, text: 'No such user' },
    );
    const unknown = await invokeChannel(services, call(target), message);
    expect(unknown).toMatchObject({ status: 'failed', disableReceiver: true, error: { code: '550' } });
    expect(starttls.mails).toHaveLength(0);
  });

  it('retries when the server does not answer, and refuses a private server the operator did not allow', async () => {
    const down = await invokeChannel(services, call(config(starttls, { port: 1 })), message);
    expect(down).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
    const strict: ChannelServices = {
      ...services,
      connections: new ChannelConnections({ sockets: socketDestinations(), clock, logger }),
    };
    const refused = await invokeChannel(strict, call({ ...config(starttls), host: '127.0.0.1' }), message);
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'blocked' } });
    await strict.connections.closeAll();
  });

  it('writes no password into the log at trace level, sent or refused', async () => {
    const log = capturedLog(http);
    const traced: ChannelServices = { ...services, http: log.http };
    await invokeChannel(traced, call(config(starttls), { logger: log.logger }), message);
    const refused = await invokeChannel(
      traced,
      call(config(starttls, { password: 'another-wrong-pass' }), { logger: log.logger }),
      message,
    );
    log.logger.warn({ err: new Error(JSON.stringify(refused)) }, 'delivery failed');
    expect(log.lines.length).toBeGreaterThanOrEqual(1);
    for (const line of log.lines) {
      expect(line).not.toContain(starttls.password);
      expect(line).not.toContain('another-wrong-pass');
    }
  });
});

describe.each(testDialects)('an email target in the app on %s', (dialect) => {
  let t: TestApp;
  let relay: TestSmtpServer;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    relay = await new TestSmtpServer({ secure: false, plain: true, ...certificate }).start();
  });
  afterAll(async () => {
    await t.close();
    await relay.close();
  });

  it('answers a test send with the mail delivered, and refuses a receiver without an address', async () => {
    const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'email',
      name: 'relay',
      config: { host: '127.0.0.1', port: relay.port, security: 'none', from: 'alerts@example.com' },
    });
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    const empty = await t.api('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: 'x',
      address: { to: [] },
    });
    expect(empty.status).toBe(400);
    const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: 'ops',
      address: { to: ['ops@example.com'] },
    });
    expect(receiver.status, JSON.stringify(receiver.body)).toBe(201);
    const tested = await t.api<{ status: string; providerMessageId: string }>(
      'POST',
      `/api/v1/targets/${target.body.id}/receivers/${receiver.body.id}/test`,
    );
    expect(tested.body.status).toBe('sent');
    expect(relay.mails[0]!.parsed.messageId).toBe(tested.body.providerMessageId);
    expect(relay.mails[0]!.parsed.text).toContain('notify-bridge test message');
  });
});
