import { describe, expect, it } from 'vitest';
import { alertmanagerSource } from '../../../src/sources/alertmanager/index.ts';

const ingress = alertmanagerSource.ingress!;
const head = (authorization?: string) => ({
  method: 'POST',
  path: '/hooks/s',
  headers: authorization ? { authorization } : {},
  query: {},
  contentLength: 10,
});
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Alertmanager source authentication', () => {
  const secret = 'alertmanager-password-01';

  it.each([
    ['none', {}, undefined, true],
    ['bearer', { secret }, `Bearer ${secret}`, true],
    ['bearer', { secret }, `bearer ${secret}`, true],
    ['bearer', { secret }, 'Bearer wrong-credentials-000', false],
    ['bearer', { secret }, undefined, false],
    ['basic', { username: 'am', secret }, basic('am', secret), true],
    ['basic', { username: 'am', secret }, basic('other', secret), false],
    ['basic', { username: 'am', secret }, basic('am', 'wrong-password-00000'), false],
    ['basic', { username: 'am', secret }, `Bearer ${secret}`, false],
  ] as const)('%s with %j and %s -> %s', (auth, extra, authorization, ok) => {
    const result = ingress.authenticate(head(authorization), { auth, ...extra } as never, 0);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.message).not.toContain(secret);
  });

  it('asks for what a mode needs when the source is configured', () => {
    expect(alertmanagerSource.validateConfig!({ auth: 'bearer' } as never)).toMatch(/needs a secret/);
    expect(alertmanagerSource.validateConfig!({ auth: 'basic', secret } as never)).toMatch(
      /needs a username/,
    );
    expect(alertmanagerSource.validateConfig!({ auth: 'none' } as never)).toBeUndefined();
  });
});
