import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDefaultMessage } from '../../src/render/default-message.ts';
import type { MessageFormat } from '../../src/render/message.ts';
import { createRenderer } from '../../src/render/renderer.ts';
import { createTemplateRenderer } from '../../src/render/template-renderer.ts';

// The template engine rendering the default template: what renderDefaultMessage must say word for word.
const liquid = createTemplateRenderer({
  parseLimit: 1_000_000,
  renderLimit: 10_000,
  memoryLimit: 2_000_000,
  maxOutputBytes: 1024 * 1024,
  cacheSize: 10,
});

const formatOrders: MessageFormat[][] = [
  ['text'],
  ['markdown'],
  ['html'],
  ['html', 'markdown', 'text'],
  ['markdown', 'text'],
  ['text', 'html'],
];

function context(event: Record<string, unknown>, sourceName?: string | null): Record<string, unknown> {
  return {
    event: {
      id: '01JDEFAULT',
      type: 'test.event',
      tags: [],
      data: null,
      attachments: [],
      occurred_at: '2026-12-01T00:00:00.000Z',
      received_at: '2026-12-01T00:00:00.000Z',
      ...event,
    },
    source:
      sourceName === undefined
        ? { id: 's', kind: 'webhook' }
        : { id: 's', kind: 'webhook', name: sourceName },
    receiver: { name: 'r', options: {} },
    target: { name: 't', kind: 'webhook' },
    rule: null,
  };
}

function expectSameAsTemplate(formats: MessageFormat[], ctx: Record<string, unknown>): void {
  const fast = renderDefaultMessage(formats, ctx);
  const slow = liquid.render({ template: null, formats, context: ctx });
  expect(slow.ok).toBe(true);
  expect(fast && { ok: true, ...fast }).toEqual(slow);
}

// Text that exercises every escaping and `blank` rule: markup, markdown syntax, whitespace of all kinds.
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ab <>&"\'*_[]()~`#+-=|{}.!\\\n\t :/'), maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', ' ', '\n\t ', '\u00a0', 'x'),
);
const urls = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    'https://a.example/x?y=(1)',
    'HTTP://A.EXAMPLE',
    'http:',
    'https',
    ':',
    'javascript:alert(1)',
  ),
  fc.webUrl(),
  tricky,
);
const severities = fc.constantFrom('debug', 'info', 'warning', 'error', 'critical', 'loud', '');

describe('the default message', () => {
  it('says exactly what the default template renders, for every format and any event', () => {
    fc.assert(
      fc.property(
        fc.record({ title: tricky, body: tricky, severity: severities, url: urls }),
        fc.oneof(fc.constant(undefined), fc.constant(null), tricky),
        fc.constantFrom(...formatOrders),
        (event, sourceName, formats) => expectSameAsTemplate(formats, context(event, sourceName)),
      ),
      { numRuns: 2000 },
    );
  });

  it.each(formatOrders)('renders a full warning event like the template (%s)', (...formats) => {
    expectSameAsTemplate(
      formats,
      context(
        {
          title: 'Backup *failed* on <nas>',
          body: 'disk full: 100% of /dev/sda1\n  see [logs]',
          severity: 'critical',
          url: 'https://nas.example/logs?run=(42)&x="y"',
        },
        'NAS & co',
      ),
    );
  });

  it('leaves contexts it does not know the shape of to the template engine', () => {
    expect(
      renderDefaultMessage(['text'], { event: { title: 7, body: '', severity: 'info' } }),
    ).toBeUndefined();
    expect(
      renderDefaultMessage(['text'], { event: { title: 't', body: ['x'], severity: 'info' } }),
    ).toBeUndefined();
    expect(
      renderDefaultMessage(['text'], { event: { title: 't', body: '', severity: 'info', url: 3 } }),
    ).toBeUndefined();
    expect(
      renderDefaultMessage(['text'], context({ title: 't', body: '', severity: 'info' }, 5 as never)),
    ).toBeUndefined();
    expect(renderDefaultMessage(['text'], { source: {} })).toBeUndefined();
  });
});

describe('the renderer with the default template', () => {
  const renderer = createRenderer({ maxOutputBytes: 100 });
  afterAll(() => renderer.close());

  it('renders it in this thread: no worker is started', async () => {
    const result = await renderer.render({
      template: null,
      format: ['markdown', 'text'],
      context: context({ title: 'Disk *full*', body: 'on nas', severity: 'warning', url: null }, 'nas'),
    });
    expect(result).toEqual({
      ok: true,
      format: 'markdown',
      title: 'Disk *full*',
      body: '⚠️ **Disk \\*full\\***\non nas\n_nas_',
      reads: ['event', 'source'],
    });
    expect(renderer.stats()).toMatchObject({ busy: 0, restarts: 0 });
  });

  it('keeps the output limit', async () => {
    const result = await renderer.render({
      template: null,
      format: 'text',
      context: context({ title: 'long', body: 'x'.repeat(200), severity: 'info', url: null }),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.toJSON()).toMatchObject({ reason: 'output_too_large', part: 'text' });
    expect(!result.ok && result.error.message).toContain('over the limit of 100');
  });

  it('still renders other contexts through the template engine, with the same result', async () => {
    const odd = { event: { title: 7, body: 'b', severity: 'info', url: null }, source: { name: 'n' } };
    const result = await renderer.render({ template: null, format: 'text', context: odd });
    expect(result).toMatchObject({ ok: true, title: '7', body: '7\nb\n— n' });
  });
});
