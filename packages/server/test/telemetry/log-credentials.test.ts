import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { credentialRedactor, type LogCredentials } from '../../src/telemetry/log-credentials.ts';
import { createLogger } from '../../src/telemetry/logger.ts';

const credentials: LogCredentials = {
  paths: [
    { url: '/slack/:token', params: ['token'] },
    { url: '/discord/:id/:token', params: ['token'] },
    { url: '/public/:name', params: [] },
  ],
  query: ['token', 'auth'],
  headers: ['x-gotify-key'],
};
const redactor = credentialRedactor(credentials);

describe('credentialRedactor.url', () => {
  it.each([
    ['/slack/abc', '/slack/[redacted]'],
    ['/slack/abc/', '/slack/[redacted]/'],
    ['/slack/abc/extra', '/slack/[redacted]/extra'],
    ['/slack', '/slack'],
    ['//slack//abc', '//slack//[redacted]'],
    ['/SLACK/abc', '/SLACK/[redacted]'],
    ['/sl%61ck/abc', '/sl%61ck/[redacted]'],
    ['/prefix/slack/abc', '/prefix/slack/[redacted]'],
    ['/discord/123/abc?wait=true', '/discord/123/[redacted]?wait=true'],
    ['/discord/123', '/discord/123'],
    ['/public/name', '/public/name'],
    ['/x?token=abc', '/x?token=[redacted]'],
    ['/x?a=1&token=abc&b=2', '/x?a=1&token=[redacted]&b=2'],
    ['/x?%74oken=abc', '/x?%74oken=[redacted]'],
    ['/x?TOKEN=abc', '/x?TOKEN=[redacted]'],
    ['/x?token', '/x?token=[redacted]'],
    ['/x?tokens=abc', '/x?tokens=abc'],
    ['/slack/abc?auth=xyz', '/slack/[redacted]?auth=[redacted]'],
    ['/x?token=%E0%A4%A', '/x?token=[redacted]'],
    ['/%E0%A4%A/slack/abc', '/%E0%A4%A/slack/[redacted]'],
  ])('%s -> %s', (url, expected) => {
    expect(redactor.url(url)).toBe(expected);
  });
});

describe('credentialRedactor.text', () => {
  it('redacts every URL a message quotes', () => {
    expect(redactor.text('Route POST:/slack/abc not found')).toBe('Route POST:/slack/[redacted] not found');
    expect(redactor.text('request to http://h:1/x?token=abc failed; see /discord/1/def')).toBe(
      'request to http://h:1/x?token=[redacted] failed; see /discord/1/[redacted]',
    );
    expect(redactor.text('no slash here')).toBe('no slash here');
  });
});

describe('createLogger with credentials', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    return { logger: createLogger({ level: 'trace', destination, credentials }), lines };
  }
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('redacts request URLs, messages, error texts and credential headers', async () => {
    const { logger, lines } = capture();
    logger.info({ req: { method: 'POST', url: '/slack/abc', host: 'h' } }, 'incoming request');
    logger.debug('Route POST:/discord/1/def not found');
    logger.trace({ path: '/x?auth=ghi' }, 'a field');
    const error = Object.assign(new Error('failed at /slack/jkl'), {
      url: '/x?token=mno',
      headers: { 'x-gotify-key': 'pqr', accept: 'json' },
      cause: new Error('deeper /slack/stu'),
    });
    logger.error({ err: error }, 'failed');
    logger.warn({ req: { headers: { 'x-gotify-key': 'vwx', authorization: 'Bearer yz1' } } }, 'raw headers');
    await flush();
    const text = JSON.stringify(lines);
    for (const secret of ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqr', 'stu', 'vwx', 'yz1']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ req: { method: 'POST', url: '/slack/[redacted]', host: 'h' } });
    expect(lines[3]).toMatchObject({
      err: { url: '/x?token=[redacted]', headers: { 'x-gotify-key': '[redacted]', accept: 'json' } },
    });
  });
});
