import { describe, expect, it } from 'vitest';
import { untilAborted } from '../../src/domain/until-aborted.ts';

describe('untilAborted', () => {
  it('settles as the work does while the signal stays quiet', async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('broke')), signal)).rejects.toThrow('broke');
  });

  it('rejects with the reason as soon as the signal aborts, and a later failure of the work stays handled', async () => {
    const controller = new AbortController();
    let fail!: (error: Error) => void;
    const work = new Promise<number>((_, reject) => {
      fail = reject;
    });
    const raced = untilAborted(work, controller.signal);
    controller.abort(new Error('the send timed out'));
    await expect(raced).rejects.toThrow('the send timed out');
    fail(new Error('late'));
    await expect(work).rejects.toThrow('late');
  });

  it('rejects at once for a signal that has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(untilAborted(new Promise(() => undefined), controller.signal)).rejects.toThrow('gone');
  });
});
