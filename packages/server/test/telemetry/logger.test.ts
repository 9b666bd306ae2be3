import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { childOnDemand, createLogger } from '../../src/telemetry/logger.ts';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const logger = createLogger({ level, destination });
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<typeof child>) => {
    children += 1;
    return child(...args);
  }) as typeof logger.child;
  return { logger, lines, children: () => children };
}

describe('childOnDemand', () => {
  it('writes lines with the bindings, redacted like any child', async () => {
    const { logger, lines, children } = capture('info');
    const child = childOnDemand(logger, { dispatchId: 'd1', attempt: 2 });
    child.info({ token: 'hunter2' }, 'first');
    child.warn('second');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toMatchObject([
      { dispatchId: 'd1', attempt: 2, token: '[redacted]', msg: 'first', level: 30 },
      { dispatchId: 'd1', attempt: 2, msg: 'second', level: 40 },
    ]);
    expect(children()).toBe(1);
    expect(child.isLevelEnabled('debug')).toBe(false);
  });

  it('makes no child while nothing is written at an enabled level', async () => {
    const { logger, lines, children } = capture('warn');
    const child = childOnDemand(logger, { dispatchId: 'd2' });
    child.info('not written');
    child.debug({ a: 1 }, 'not written either');
    expect(children()).toBe(0);
    child.error('written');
    await new Promise((resolve) => setImmediate(resolve));
    expect(children()).toBe(1);
    expect(lines).toMatchObject([{ dispatchId: 'd2', msg: 'written', level: 50 }]);
  });
});
