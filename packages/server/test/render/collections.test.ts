import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FifoQueue } from '../../src/render/fifo-queue.ts';
import { LruCache } from '../../src/render/lru-cache.ts';

describe('LruCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('peeks without counting it as a use', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.peek('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('b')).toBe(2);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new LruCache(0)).toThrow(/at least 1/);
    expect(() => new LruCache(1.5)).toThrow(/at least 1/);
  });

  it('behaves like a model list under any sequence of operations', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 6 }) }),
      fc.record({
        kind: fc.constant('set' as const),
        key: fc.integer({ min: 0, max: 6 }),
        value: fc.integer(),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(operation, { maxLength: 60 }),
        (capacity, operations) => {
          const cache = new LruCache<number, number>(capacity);
          let model: [number, number][] = []; // least recently used first
          for (const op of operations) {
            const found = model.find(([key]) => key === op.key);
            if (op.kind === 'get') {
              expect(cache.get(op.key)).toBe(found?.[1]);
              if (found) model = [...model.filter(([key]) => key !== op.key), found];
            } else {
              cache.set(op.key, op.value);
              model = [...model.filter(([key]) => key !== op.key), [op.key, op.value]];
              if (model.length > capacity) model.shift();
            }
            expect(cache.size).toBe(model.length);
          }
        },
      ),
    );
  });
});

describe('FifoQueue', () => {
  it('behaves like an array under any sequence of operations', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), value: fc.integer() }),
      fc.record({ kind: fc.constant('shift' as const) }),
      fc.record({ kind: fc.constant('unshift' as const), values: fc.array(fc.integer(), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('drain' as const) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const queue = new FifoQueue<number>();
        let model: number[] = [];
        for (const op of operations) {
          if (op.kind === 'push') {
            queue.push(op.value);
            model.push(op.value);
          } else if (op.kind === 'shift') {
            expect(queue.shift()).toBe(model.shift());
          } else if (op.kind === 'unshift') {
            queue.unshift(...op.values);
            model = [...op.values, ...model];
          } else {
            expect(queue.drain()).toEqual(model);
            model = [];
          }
          expect(queue.length).toBe(model.length);
        }
      }),
    );
  });

  it('keeps order across the compaction of a long consumed front', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 5000; i++) queue.push(i);
    for (let i = 0; i < 4000; i++) expect(queue.shift()).toBe(i);
    queue.push(5000);
    expect(queue.length).toBe(1001);
    expect(queue.drain()).toEqual(Array.from({ length: 1001 }, (_, i) => 4000 + i));
  });
});
