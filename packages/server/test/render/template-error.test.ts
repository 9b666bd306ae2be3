import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { TemplateError, templateErrorFromLiquid } from '../../src/render/template-error.ts';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('TemplateError', () => {
  it('says which part failed and where', () => {
    const error = new TemplateError({
      reason: 'parse',
      detail: 'tag {% if %} not closed',
      part: 'html',
      line: 3,
      column: 7,
    });
    expect(error.message).toBe('html template, line 3, column 7: tag {% if %} not closed');
    expect(error.name).toBe('TemplateError');
    expect(new TemplateError({ reason: 'timeout', detail: 'too slow' }).message).toBe('template: too slow');
  });

  it('round-trips through its plain-data form', () => {
    const data = { reason: 'render', detail: 'boom', part: 'title', line: 1, column: 2 } as const;
    expect(new TemplateError(data).toJSON()).toEqual(data);
    expect(new TemplateError({ reason: 'memory', detail: 'big' }).toJSON()).toEqual({
      reason: 'memory',
      detail: 'big',
    });
  });
});

describe('templateErrorFromLiquid', () => {
  const liquid = new Liquid({ memoryLimit: 1000, parseLimit: 50 });

  it('takes the position out of the message into fields', () => {
    const error = thrownBy(() => liquid.parse('line one\n  {% if x %}'));
    expect(templateErrorFromLiquid(error, 'text')).toEqual({
      reason: 'parse',
      detail: 'tag {% if x %} not closed',
      part: 'text',
      line: 2,
      column: 3,
    });
  });

  it('names the limit that ran out and says what to change', () => {
    const memory = thrownBy(() => liquid.parseAndRenderSync('{% for i in (1..5000) %}{% endfor %}'));
    expect(templateErrorFromLiquid(memory, 'markdown')).toMatchObject({
      reason: 'memory',
      detail: expect.stringMatching(/^memory alloc limit exceeded: .*shorten loops/),
    });
    const parse = thrownBy(() => liquid.parse('x'.repeat(51)));
    expect(templateErrorFromLiquid(parse, 'text')).toMatchObject({ reason: 'parse', detail: /too long/ });
    const slow = thrownBy(() => new Liquid({ renderLimit: 0 }).parseAndRenderSync('{{ 1 }}{{ 2 }}'));
    expect(templateErrorFromLiquid(slow, 'text')).toMatchObject({
      reason: 'timeout',
      detail: /takes too long/,
    });
  });

  it('treats engine errors as render or memory failures and never throws itself', () => {
    expect(templateErrorFromLiquid(new RangeError('Invalid string length'), 'html').reason).toBe('memory');
    expect(templateErrorFromLiquid(new RangeError('Maximum call stack size exceeded'), 'html').reason).toBe(
      'render',
    );
    expect(templateErrorFromLiquid('a string', 'text')).toEqual({
      reason: 'render',
      detail: 'a string',
      part: 'text',
    });
    expect(templateErrorFromLiquid(null, 'text').detail).toBe('null');
  });
});
