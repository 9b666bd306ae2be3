import type { Transporter } from 'nodemailer';
import { type ConnectContext, ConnectionFailed } from '../channel.ts';
import { scrubSensitive } from '../http-outcome.ts';
import { checkedSocketAddress } from '../socket-address.ts';
import type { EmailTargetConfig } from './config-schema.ts';

/** SMTP sessions one node keeps open to a target's server; more would be queued by nodemailer's pool. */
const maxConnections = 2;
const timeoutMs = 15_000;

const defaultPorts = { starttls: 587, tls: 465, none: 25 } as const;

/** What nodemailer's errors carry beyond the message (nodemailer/lib/smtp-connection). */
export interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/**
 * A pooled transport per target, connected to the address the socket guard checked; TLS still verifies
 * the configured host name. Opening checks the login once (`verify`), so a wrong password fails the first
 * delivery at once instead of every delivery on its own.
 */
export async function openSmtp(config: EmailTargetConfig, ctx: ConnectContext): Promise<Transporter> {
  const security = config.security ?? 'starttls';
  const port = config.port ?? defaultPorts[security];
  const hostname = config.host.replace(/^\[|\]$/g, '');
  const address = await checkedSocketAddress(ctx, config.host, port);
  // Loaded on the first e-mail target's first send: it costs ~70 ms of start for installations without one.
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    pool: true,
    maxConnections,
    host: address,
    port,
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    tls: { servername: hostname, ...(config.tlsCa ? { ca: [config.tlsCa] } : {}) },
    ...(config.username === undefined
      ? {}
      : { auth: { user: config.username, pass: config.password ?? '' } }),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // The name we greet with: the configured host is what the server knows us by least; use our own.
    name: 'notify-bridge',
  });
  try {
    await transport.verify();
  } catch (error) {
    transport.close();
    const smtp = error as SmtpError;
    const text = scrubSensitive(smtp.message, [config.password]);
    if (smtp.code === 'EAUTH') {
      throw new ConnectionFailed({
        status: 'failed',
        error: {
          kind: 'rejected',
          code: 'EAUTH',
          message: `${config.host}: the server refused the login (${text}); check username and password`,
        },
      });
    }
    if (/certificate|self[- ]signed|altnames/i.test(text)) {
      throw new ConnectionFailed({
        status: 'failed',
        error: {
          kind: 'rejected',
          code: 'TLS',
          message: `${config.host}: the server's certificate is not trusted (${text}); fix host, or give its CA as tlsCa`,
        },
      });
    }
    throw new Error(`${config.host}:${port}: ${text}`);
  }
  return transport;
}

export async function closeSmtp(transport: Transporter): Promise<void> {
  transport.close();
}
