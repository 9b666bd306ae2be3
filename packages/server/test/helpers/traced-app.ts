import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from './test-app.ts';

export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/** A distinctive secret: `name` plus random characters every config schema accepts. */
export const secretFor = (name: string) => `${name}-${randomBytes(12).toString('hex')}`;

export const b64 = (text: string) => Buffer.from(text).toString('base64');
export const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** Every form a secret could take in a line: raw, URL-encoded, base64 and base64url. */
export function secretForms(secret: string): string[] {
  const all = [secret, encodeURIComponent(secret), b64(secret), b64url(secret)];
  // Inside the base64 of a longer string (`user:secret`) the secret's bytes sit at one of 3 alignments.
  for (const prefix of ['', 'a', 'ab']) all.push(b64(prefix + secret).slice(4, -4));
  return all.filter((form) => form.length >= 8);
}

/** The names of the secrets any of whose forms is in `text`, with the form found. */
export function leaksIn(text: string, secrets: Record<string, string | string[]>): string[] {
  return Object.entries(secrets).flatMap(([name, values]) =>
    [values]
      .flat()
      .flatMap(secretForms)
      .flatMap((form) => (text.includes(form) ? [`${name}: ${form}`] : [])),
  );
}

/** The real app at NB_LOG_LEVEL=trace, its logger writing into `raw` and `lines`. */
export async function startTracedApp(env: Record<string, string> = {}) {
  const log = { raw: '', lines: [] as LogLine[] };
  const t: TestApp = await startTestApp(
    'sqlite',
    { NB_LOG_LEVEL: 'trace', ...env },
    {
      logDestination: {
        write(line: string) {
          log.raw += line;
          log.lines.push(JSON.parse(line) as LogLine);
        },
      },
    },
  );
  const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  return { t, baseUrl, log };
}
