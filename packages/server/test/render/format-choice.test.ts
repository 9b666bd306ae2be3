import { describe, expect, it } from 'vitest';
import { chooseFormat } from '../../src/render/format-choice.ts';
import { type MessageFormat, messageFormats, type TemplateBodies } from '../../src/render/message.ts';

/** Every subset of the formats, as templates with those bodies. */
function allTemplates(): TemplateBodies[] {
  const templates: TemplateBodies[] = [];
  for (let mask = 0; mask < 1 << messageFormats.length; mask++) {
    const template: TemplateBodies = {};
    messageFormats.forEach((format, bit) => {
      if (mask & (1 << bit)) template[format] = `${format} body`;
    });
    templates.push(template);
  }
  return templates;
}

/** Every ordered list of distinct formats of length 1 to 3. */
function allWantedLists(): MessageFormat[][] {
  const lists: MessageFormat[][] = [];
  const extend = (list: MessageFormat[]) => {
    if (list.length > 0) lists.push(list);
    for (const format of messageFormats) if (!list.includes(format)) extend([...list, format]);
  };
  extend([]);
  return lists;
}

describe('chooseFormat', () => {
  it('returns null only for a template without bodies', () => {
    for (const wanted of allWantedLists()) {
      expect(chooseFormat({}, wanted)).toBeNull();
      expect(chooseFormat({ title: '{{ event.title }}' }, wanted)).toBeNull();
    }
  });

  it('uses the first wanted format the template has, unconverted', () => {
    for (const template of allTemplates()) {
      for (const wanted of allWantedLists()) {
        const choice = chooseFormat(template, wanted);
        const direct = wanted.find((format) => template[format] !== undefined);
        if (direct === undefined) continue;
        expect(choice?.source).toBe(direct);
        expect(choice?.target).toBe(direct);
        expect(choice?.convert('a <b> *c*')).toBe('a <b> *c*');
      }
    }
  });

  it('otherwise converts the best other body into the first wanted format', () => {
    const expectedSource: Record<MessageFormat, MessageFormat[]> = {
      html: ['text', 'markdown'],
      markdown: ['text', 'html'],
      text: ['markdown', 'html'],
    };
    for (const template of allTemplates()) {
      for (const wanted of allWantedLists()) {
        if (wanted.some((format) => template[format] !== undefined)) continue;
        const choice = chooseFormat(template, wanted);
        const target = wanted[0]!;
        const source = expectedSource[target].find((format) => template[format] !== undefined);
        if (source === undefined) {
          expect(choice).toBeNull();
        } else {
          expect(choice).toMatchObject({ source, target });
        }
      }
    }
  });

  it('escapes text for html and markdown channels', () => {
    expect(chooseFormat({ text: 'x' }, ['html'])?.convert('1 < 2 & "q"')).toBe('1 &lt; 2 &amp; &#34;q&#34;');
    expect(chooseFormat({ text: 'x' }, ['markdown'])?.convert('*not bold*')).toBe('\\*not bold\\*');
  });

  it('shows markdown literally in html and as is in text', () => {
    expect(chooseFormat({ markdown: 'x' }, ['html'])?.convert('**a** <b>')).toBe('**a** &lt;b&gt;');
    expect(chooseFormat({ markdown: 'x' }, ['text'])?.convert('**a**')).toBe('**a**');
  });

  it('strips html for text and markdown channels', () => {
    expect(chooseFormat({ html: 'x' }, ['text'])?.convert('<b>a &amp; b</b><br>c')).toBe('a & b\nc');
    expect(chooseFormat({ html: 'x' }, ['markdown'])?.convert('<b>a_b</b>')).toBe('a\\_b');
  });
});
