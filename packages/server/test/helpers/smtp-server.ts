import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A certificate for `name`, made by openssl for this run: the mail server's, and the CA a target trusts. */
export function selfSignedCertificate(name: string): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nb-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${name}`,
        '-addext',
        `subjectAltName=DNS:${name}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A reply the test wants the server to give at a step, e.g. `451 try later` to RCPT TO. */
export interface ScriptedReply {
  at: 'rcpt' | 'data';
  code: number;
  text: string;
}

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

/**
 * A real SMTP server (the `smtp-server` package) on a loopback port, taking one login, reading each mail
 * with `mailparser` as a mail client would, and answering with scripted replies when the test queues them.
 */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  readonly user = 'bridge';
  readonly password = 'smtp-password-9f3a';
  readonly #script: ScriptedReply[] = [];
  #server: SMTPServer | undefined;
  port = 0;
  readonly options: { secure: boolean; key: string; cert: string; plain?: boolean };

  /** `plain`: no TLS offered and no login asked, as a relay on a trusted network. */
  constructor(options: { secure: boolean; key: string; cert: string; plain?: boolean }) {
    this.options = options;
  }

  async start(): Promise<this> {
    const options: SMTPServerOptions = {
      secure: this.options.secure,
      key: this.options.key,
      cert: this.options.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      hideSTARTTLS: this.options.plain === true,
      authOptional: this.options.plain === true,
      // Login only over TLS, as real servers insist.
      allowInsecureAuth: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password)
          return callback(null, { user: auth.username });
        return callback(
          Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }),
        );
      },
      onRcptTo: (_address, _session, callback) => callback(this.#scripted('rcpt')),
      onData: (stream, session, callback) => {
        void simpleParser(stream).then((parsed) => {
          const refusal = this.#scripted('data');
          if (refusal) return callback(refusal);
          this.mails.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            parsed,
          });
          return callback();
        });
      },
      logger: false,
    };
    this.#server = new SMTPServer(options);
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.#server.server.address() as { port: number }).port;
    return this;
  }

  /** The next replies at these steps, in order. */
  script(...replies: ScriptedReply[]): void {
    this.#script.push(...replies);
  }

  #scripted(at: ScriptedReply['at']): Error | undefined {
    const index = this.#script.findIndex((reply) => reply.at === at);
    if (index === -1) return undefined;
    const [reply] = this.#script.splice(index, 1);
    return Object.assign(new Error(reply!.text), { responseCode: reply!.code });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}
