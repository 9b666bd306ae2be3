import { afterAll, describe, expect, it } from 'vitest';
import { messageFormats } from '../../src/render/message.ts';
import { createRenderer, heapSafeMemoryLimit, type RenderResult } from '../../src/render/renderer.ts';
import { TemplateError } from '../../src/render/template-error.ts';
import { eventually } from '../helpers/http-sink.ts';

const context = {
  event: { title: 'Backup done', body: 'took 3 min', severity: 'info', url: 'https://nas.example/b' },
  source: { name: 'nas' },
};

function errorOf(result: RenderResult): TemplateError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('renderer (worker threads)', () => {
  const renderer = createRenderer({ timeoutMs: 1000 });
  afterAll(() => renderer.close());

  it('renders in a worker and converts errors to TemplateError', async () => {
    expect(
      await renderer.render({ template: { text: 'ok {{ event.title }}' }, format: 'text', context }),
    ).toEqual({
      ok: true,
      format: 'text',
      title: 'Backup done',
      body: 'ok Backup done',
      reads: ['event'],
    });
    const error = errorOf(
      await renderer.render({ template: { text: '\n {{ x | nope }}' }, format: 'text', context }),
    );
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ reason: 'parse', part: 'text', line: 2, column: 2 });
    expect(error.message).toBe('text template, line 2, column 2: undefined filter: nope');
  });

  it('renders the default template in each format and takes a channel format list', async () => {
    for (const format of messageFormats) {
      const result = await renderer.render({ template: null, format, context });
      expect(result).toMatchObject({ ok: true, format, title: 'Backup done' });
      expect(result.ok && result.body).toContain('took 3 min');
    }
    const fallback = await renderer.render({
      template: { text: 'a < b' },
      format: ['html', 'text'],
      context,
    });
    expect(fallback).toMatchObject({ format: 'text', body: 'a < b' });
    const converted = await renderer.render({ template: { text: 'a < b' }, format: 'html', context });
    expect(converted).toMatchObject({ format: 'html', body: 'a &lt; b' });
  });

  it('stops the `for` over a huge empty range and the `date` padding', async () => {
    for (const text of ['{% for i in (1..100000000) %}{% endfor %}', '{{ "now" | date: "%1000000000d" }}']) {
      const error = errorOf(await renderer.render({ template: { text }, format: 'text', context }));
      expect(['memory', 'timeout']).toContain(error.reason);
    }
    const loop = errorOf(
      await renderer.render({
        template: { text: '{% for i in (1..100000000) %}x{% endfor %}' },
        format: 'text',
        context,
      }),
    );
    expect(['memory', 'timeout']).toContain(loop.reason);
  });

  it('renders 200 requests in parallel', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        renderer.render({ template: { text: '{{ n }}' }, format: 'text', context: { ...context, n: i } }),
      ),
    );
    expect(results.map((result) => result.ok && result.body)).toEqual(
      Array.from({ length: 200 }, (_, i) => String(i)),
    );
  });

  it('validates in-process without a worker', () => {
    expect(renderer.validate({ text: '{{ event.title }}' })).toBeNull();
    const error = renderer.validate({ markdown: 'ok\n{% render "x" %}' });
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ reason: 'parse', part: 'markdown', line: 2, column: 1 });
  });

  it('rejects (does not fail the delivery) when the context cannot be cloned', async () => {
    await expect(
      renderer.render({ template: null, format: 'text', context: { event: { title: () => 'x' } } }),
    ).rejects.toThrow(/cannot be sent to a render worker/);
    expect(await renderer.render({ template: null, format: 'text', context })).toMatchObject({ ok: true });
  });
});

describe('renderer hard stops', () => {
  it('terminates a render that slips past the cooperative limits, replaces the worker, and goes on', async () => {
    // renderLimit off: only the hard stop can end this loop (empty inner body over an already built range).
    const renderer = createRenderer({ timeoutMs: 300, renderLimit: 1e9 });
    try {
      const runaway = '{% assign r = (1..1000000) %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}';
      const stuck = renderer.render({ template: { text: runaway }, format: 'text', context });
      const queued = Array.from({ length: 20 }, (_, n) =>
        renderer.render({ template: { text: 'after {{ n }}' }, format: 'text', context: { n } }),
      );
      const error = errorOf(await stuck);
      expect(error).toMatchObject({ reason: 'timeout' });
      expect(error.message).toMatch(/ran for more than 300 ms and was stopped/);
      expect((await Promise.all(queued)).map((result) => result.ok && result.body)).toEqual(
        Array.from({ length: 20 }, (_, n) => `after ${n}`),
      );
      expect(renderer.stats()).toMatchObject({ workers: 1, busy: 0, queued: 0, restarts: 1 });
    } finally {
      await renderer.close();
    }
  });

  it('terminates a single uninterruptible step under the default cooperative limits', async () => {
    // sort_natural over a million items is one long call: LiquidJS cannot check its time inside it.
    const renderer = createRenderer({ timeoutMs: 50 });
    try {
      const text = '{% assign r = (1..1000000) | sort_natural %}{{ r | size }}';
      const error = errorOf(await renderer.render({ template: { text }, format: 'text', context }));
      expect(error.reason).toBe('timeout');
      expect(await renderer.render({ template: { text: 'fine' }, format: 'text', context })).toMatchObject({
        ok: true,
        body: 'fine',
      });
    } finally {
      await renderer.close();
    }
  });

  it('stops a render that fills the worker heap, and the next render works', async () => {
    const renderer = createRenderer({ heapLimitMb: 16, memoryLimit: 100_000 });
    try {
      // A context far larger than the heap: the worker runs out of memory taking it in.
      const rows = Array.from({ length: 400_000 }, (_, i) => `row ${i} ${'x'.repeat(100)}`);
      const error = errorOf(
        await renderer.render({ template: { text: '{{ rows | size }}' }, format: 'text', context: { rows } }),
      );
      expect(error.reason).toBe('memory');
      expect(error.message).toMatch(/more than 16 MiB/);
      expect(await renderer.render({ template: { text: 'ok' }, format: 'text', context })).toMatchObject({
        ok: true,
      });
      expect(renderer.stats().restarts).toBe(1);
    } finally {
      await renderer.close();
    }
  });

  // Renders asked for together travel to the worker in one message; these check that a job which goes
  // wrong inside such a batch is the only one that fails.
  it('stops only the runaway job of a batch; the jobs around it render', async () => {
    const renderer = createRenderer({ timeoutMs: 300, renderLimit: 1e9 });
    try {
      const runaway = '{% assign r = (1..1000000) %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}';
      const renders = Array.from({ length: 9 }, (_, n) =>
        renderer.render({
          template: { text: n === 4 ? runaway : 'job {{ n }}' },
          format: 'text',
          context: { n },
        }),
      );
      const results = await Promise.all(renders);
      expect(errorOf(results[4]!).reason).toBe('timeout');
      expect(results.map((result) => result.ok && result.body)).toEqual(
        Array.from({ length: 9 }, (_, n) => (n === 4 ? false : `job ${n}`)),
      );
      expect(renderer.stats()).toMatchObject({ busy: 0, queued: 0, restarts: 1 });
    } finally {
      await renderer.close();
    }
  });

  it('finds the one context of a batch that fills the worker heap; the others render', async () => {
    const renderer = createRenderer({ heapLimitMb: 16, memoryLimit: 100_000 });
    try {
      const rows = Array.from({ length: 400_000 }, (_, i) => `row ${i} ${'x'.repeat(100)}`);
      const renders = Array.from({ length: 5 }, (_, n) =>
        renderer.render({
          template: { text: n === 2 ? '{{ rows | size }}' : 'job {{ n }}' },
          format: 'text',
          context: n === 2 ? { rows } : { n },
        }),
      );
      const results = await Promise.all(renders);
      expect(errorOf(results[2]!).reason).toBe('memory');
      expect(results.map((result) => result.ok && result.body)).toEqual([
        'job 0',
        'job 1',
        false,
        'job 3',
        'job 4',
      ]);
    } finally {
      await renderer.close();
    }
  });

  it('rejects only the render whose context cannot be cloned, not the others sent with it', async () => {
    const renderer = createRenderer({});
    try {
      const renders = Array.from({ length: 4 }, (_, n) =>
        renderer.render({
          template: { text: 'job {{ n }}' },
          format: 'text',
          context: n === 1 ? { n, f: () => n } : { n },
        }),
      );
      const settled = await Promise.allSettled(renders);
      expect(settled[1]).toMatchObject({
        status: 'rejected',
        reason: { message: expect.stringMatching(/cannot be sent to a render worker/) },
      });
      expect(settled.filter((s) => s.status === 'fulfilled').map((s) => s.value.ok && s.value.body)).toEqual([
        'job 0',
        'job 2',
        'job 3',
      ]);
    } finally {
      await renderer.close();
    }
  });

  it('close() terminates the workers and rejects renders still waiting', async () => {
    const renderer = createRenderer({ workers: 3, timeoutMs: 5000, renderLimit: 1e9 });
    expect(await renderer.render({ template: { text: 'warm' }, format: 'text', context })).toMatchObject({
      ok: true,
    });
    expect(renderer.stats().workers).toBe(3);
    const runaway = '{% assign r = (1..1000000) %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}';
    const pending = Array.from({ length: 5 }, () =>
      renderer.render({ template: { text: runaway }, format: 'text', context }),
    );
    const settled = Promise.allSettled(pending);
    // The runaway renders have reached the workers.
    await eventually(async () => (renderer.stats().busy > 0 ? true : undefined));
    const started = Date.now();
    await renderer.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(renderer.stats()).toMatchObject({ workers: 0, busy: 0, queued: 0 });
    for (const outcome of await settled) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { message: 'the renderer is closed' } });
    }
    await expect(renderer.render({ template: null, format: 'text', context })).rejects.toThrow(/closed/);
  });
});

describe('renderer options', () => {
  it('refuses limits that are not positive numbers', () => {
    expect(() => createRenderer({ timeoutMs: 0 })).toThrow(/timeoutMs must be a positive number/);
    expect(() => createRenderer({ workers: -1 })).toThrow(/workers/);
    expect(() => createRenderer({ maxOutputBytes: Number.NaN })).toThrow(/maxOutputBytes/);
  });

  it('refuses a memoryLimit the worker heap could not absorb', () => {
    // One growing array that fills a worker heap aborts the whole process (nodejs/node#47224).
    expect(() => createRenderer({ memoryLimit: 1e9 })).toThrow(
      /memoryLimit 1000000000 is too high for heapLimitMb 64/,
    );
    expect(heapSafeMemoryLimit(64)).toBeGreaterThanOrEqual(2_000_000);
  });

  it('fails output over maxOutputBytes', async () => {
    const renderer = createRenderer({ maxOutputBytes: 100 });
    try {
      const text = '{% for i in (1..101) %}x{% endfor %}';
      const error = errorOf(
        await renderer.render({ template: { text, title: '' }, format: 'text', context }),
      );
      expect(error.reason).toBe('output_too_large');
    } finally {
      await renderer.close();
    }
  });
});
