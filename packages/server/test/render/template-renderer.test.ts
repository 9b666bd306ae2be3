import { describe, expect, it } from 'vitest';
import { severities } from '../../src/domain/event.ts';
import { messageFormats } from '../../src/render/message.ts';
import { createTemplateRenderer, type RenderOutcome } from '../../src/render/template-renderer.ts';

const limits = {
  parseLimit: 100_000,
  renderLimit: 500,
  memoryLimit: 2_000_000,
  maxOutputBytes: 4096,
  cacheSize: 50,
};
const renderer = createTemplateRenderer(limits);

const context = {
  event: {
    title: 'Disk <full> & *hot*',
    body: 'sda1 at 99%\nsee [logs]',
    severity: 'critical',
    url: 'https://nas.example/disks/(sda1)',
    tags: ['disk', 'nas'],
    data: { free: 12, nested: { deep: 'yes' } },
  },
  source: { name: 'nas_box' },
  receiver: { name: 'Ops' },
  rule: { name: 'disks' },
};

function body(text: string, format: 'text' | 'markdown' | 'html' = 'text', ctx: object = context): string {
  const outcome = renderer.render({ template: { [format]: text }, formats: [format], context: { ...ctx } });
  if (!outcome.ok) throw new Error(`render failed: ${JSON.stringify(outcome.error)}`);
  return outcome.body;
}

function failure(outcome: RenderOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

describe('template renderer: variables and safety', () => {
  it('renders event, source, receiver and rule fields', () => {
    expect(body('{{ event.data.nested.deep }} {{ event.tags | join: "," }} {{ event.tags.size }}')).toBe(
      'yes disk,nas 2',
    );
    expect(body('{{ source.name }}/{{ receiver.name }}/{{ rule.name }}/{{ missing.field }}')).toBe(
      'nas_box/Ops/disks/',
    );
  });

  it('hides prototype properties', () => {
    expect(
      body(
        '[{{ event.constructor }}][{{ event.__proto__ }}][{{ event.toString }}][{{ event.tags.constructor }}]',
      ),
    ).toBe('[][][][]');
    expect(body('[{{ event.hasOwnProperty }}][{{ event.data.constructor.name }}]')).toBe('[][]');
  });

  it('fails on an unknown filter at parse time', () => {
    const error = failure(
      renderer.render({ template: { text: 'x\n{{ event.title | shout }}' }, formats: ['text'], context }),
    );
    expect(error).toMatchObject({ reason: 'parse', part: 'text', line: 2, column: 1 });
    expect(error.detail).toBe('undefined filter: shout');
  });

  it('reports a parse error with its line and column', () => {
    const error = renderer.validate({ html: '<b>\n  {% if event.title %}\n</b>' });
    expect(error).toEqual({
      reason: 'parse',
      detail: 'tag {% if event.title %} not closed',
      part: 'html',
      line: 2,
      column: 3,
    });
  });

  it('refuses include, render and layout, with a message that says why', () => {
    for (const tag of ['include', 'render', 'layout']) {
      for (const source of [`{% ${tag} "other" %}`, `{% ${tag} event.title %}`, `{% liquid\n${tag} "x" %}`]) {
        const error = renderer.validate({ text: source });
        expect(error?.reason).toBe('parse');
        expect(error?.detail).toContain(`{% ${tag} %} is not available`);
        expect(
          failure(renderer.render({ template: { text: source }, formats: ['text'], context })).reason,
        ).toBe('parse');
      }
    }
  });

  it('validates the title and every body, and needs a body', () => {
    expect(renderer.validate({ text: 'ok', title: '{{ event.title' })?.part).toBe('title');
    expect(renderer.validate({ text: 'ok', markdown: '{% endif %}' })?.part).toBe('markdown');
    expect(renderer.validate({ title: 'only a title' })).toMatchObject({
      reason: 'parse',
      detail: /no body/,
    });
    expect(renderer.validate({ text: 'ok', markdown: 'ok', html: 'ok', title: 'ok' })).toBeNull();
  });

  it('reports render errors with their position', () => {
    const error = failure(
      renderer.render({
        template: { text: 'a\n  {{ event.title | truncate_text: "many" }}' },
        formats: ['text'],
        context,
      }),
    );
    expect(error).toMatchObject({ reason: 'render', part: 'text', line: 2, column: 3 });
    expect(error.detail).toMatch(/truncate_text needs a number/);
  });

  it('keeps a broken template broken (the cached parse error is returned again)', () => {
    const template = { text: '{% for x in %}' };
    const first = renderer.render({ template, formats: ['text'], context });
    const second = renderer.render({ template, formats: ['text'], context });
    expect(second).toEqual(first);
    expect(failure(first).reason).toBe('parse');
  });

  it('stops ranges and padding past the memory limit', () => {
    for (const text of ['{% for i in (1..100000000) %}{% endfor %}', '{{ "now" | date: "%1000000000d" }}']) {
      const error = failure(renderer.render({ template: { text }, formats: ['text'], context }));
      expect(error.reason).toBe('memory');
    }
  });

  it('fails output over maxOutputBytes', () => {
    const error = failure(
      renderer.render({
        template: { text: '{% for i in (1..5000) %}é{% endfor %}' },
        formats: ['text'],
        context,
      }),
    );
    expect(error.reason).toBe('output_too_large');
    expect(error.detail).toMatch(/10\d\d\d bytes, over the limit of 4096/);
    expect(body('{% for i in (1..2000) %}é{% endfor %}')).toHaveLength(2000);
  });
});

describe('template renderer: formats and filters', () => {
  it('escapes {{ }} output in html bodies, and lets raw and escape_html through once', () => {
    expect(body('<b>{{ event.title }}</b>', 'html')).toBe('<b>Disk &lt;full&gt; &amp; *hot*</b>');
    expect(body('{{ event.title | escape_html }}', 'html')).toBe('Disk &lt;full&gt; &amp; *hot*');
    expect(body('{{ "<i>ok</i>" | raw }}', 'html')).toBe('<i>ok</i>');
    expect(body('<a href="{{ event.url }}">x</a>', 'html')).toBe(
      '<a href="https://nas.example/disks/(sda1)">x</a>',
    );
  });

  it('leaves text and markdown output alone unless a filter escapes it', () => {
    expect(body('{{ event.title }}', 'text')).toBe('Disk <full> & *hot*');
    expect(body('{{ event.title }}', 'markdown')).toBe('Disk <full> & *hot*');
    expect(body('{{ event.title | escape_markdown }}', 'markdown')).toBe('Disk \\<full\\> \\& \\*hot\\*');
    expect(body('[x]({{ event.url | escape_markdown_url }})', 'markdown')).toBe(
      '[x](https://nas.example/disks/\\(sda1\\))',
    );
    expect(body('{{ event.title | escape_html }}', 'text')).toBe('Disk &lt;full&gt; &amp; *hot*');
  });

  it('has json, truncate_text and severity_emoji', () => {
    expect(body('{{ event.data | json }}')).toBe('{"free":12,"nested":{"deep":"yes"}}');
    expect(body('{{ event.data | json }}', 'html')).toBe(
      '{&#34;free&#34;:12,&#34;nested&#34;:{&#34;deep&#34;:&#34;yes&#34;}}',
    );
    expect(body('{{ event.title | truncate_text: 6 }}|{{ event.title | truncate_text: 7, "..." }}')).toBe(
      'Disk …|Disk...',
    );
    const emojis = severities.map((severity) => body('{{ s | severity_emoji }}', 'text', { s: severity }));
    expect(new Set(emojis).size).toBe(severities.length);
    expect(body('[{{ "bogus" | severity_emoji }}]')).toBe('[]');
  });

  it('renders the title as one trimmed line, {{ event.title }} by default', () => {
    const custom = renderer.render({
      template: { title: '  [{{ source.name }}]\n {{ event.title }}  ', text: 'x' },
      formats: ['text'],
      context,
    });
    expect(custom).toMatchObject({ ok: true, title: '[nas_box] Disk <full> & *hot*' });
    // The title is plain text even for html bodies: channels put it in subjects and headers.
    expect(renderer.render({ template: { html: 'x' }, formats: ['html'], context })).toMatchObject({
      title: 'Disk <full> & *hot*',
    });
  });

  it('falls back to the best body and converts it', () => {
    const onlyText = { text: '{{ event.title }}' };
    expect(renderer.render({ template: onlyText, formats: ['html'], context })).toMatchObject({
      ok: true,
      format: 'html',
      body: 'Disk &lt;full&gt; &amp; *hot*',
    });
    expect(renderer.render({ template: onlyText, formats: ['markdown', 'text'], context })).toMatchObject({
      format: 'text',
      body: 'Disk <full> & *hot*',
    });
    expect(
      renderer.render({ template: { html: '<b>{{ event.title }}</b>' }, formats: ['text'], context }),
    ).toMatchObject({
      format: 'text',
      body: 'Disk <full> & *hot*',
    });
  });
});

describe('template renderer: default template', () => {
  const expected = {
    text: '🚨 Disk <full> & *hot*\nsda1 at 99%\nsee [logs]\nhttps://nas.example/disks/(sda1)\n— nas_box',
    markdown:
      '🚨 **Disk \\<full\\> \\& \\*hot\\***\nsda1 at 99%\nsee \\[logs\\]\n[Open](https://nas.example/disks/\\(sda1\\))\n_nas\\_box_',
    html: '🚨 <b>Disk &lt;full&gt; &amp; *hot*</b>\nsda1 at 99%\nsee [logs]\n<a href="https://nas.example/disks/(sda1)">Open</a>\n<i>nas_box</i>',
  };

  it('renders a readable message in each format', () => {
    for (const format of messageFormats) {
      expect(renderer.render({ template: null, formats: [format], context })).toEqual({
        ok: true,
        format,
        title: 'Disk <full> & *hot*',
        body: expected[format],
        reads: ['event', 'source'],
      });
    }
  });

  // Deliveries share a render when their contexts agree on what it read (delivery/shared-renders.ts).
  it('reports the top-level variables a render read, also those looked up by a computed name', () => {
    const full = { ...context, receiver: { name: 'ops' }, rule: { name: 'all' }, target: { name: 't' } };
    const reads = (text: string) => {
      const outcome = renderer.render({ template: { text, title: '' }, formats: ['text'], context: full });
      if (!outcome.ok) throw new Error(outcome.error.detail);
      return [...outcome.reads].sort();
    };
    expect(reads('{{ event.title }}')).toEqual(['event']);
    expect(reads('{{ receiver.name }} via {{ rule.name }}')).toEqual(['receiver', 'rule']);
    expect(reads("{% assign k = 'receiver' %}{{ [k].name }}")).toEqual(['receiver']);
    expect(reads('{% if event.severity != "none" %}{{ target.name }}{% endif %}')).toEqual([
      'event',
      'target',
    ]);
    expect(reads('{{ nothing }} plain')).toEqual([]);
  });

  it('leaves out what the event lacks, and the severity mark below warning', () => {
    const bare = { event: { title: 'Done', body: '', severity: 'info', url: null }, source: {} };
    for (const format of messageFormats) {
      const outcome = renderer.render({ template: null, formats: [format], context: bare });
      expect(outcome).toMatchObject({
        ok: true,
        body: format === 'html' ? '<b>Done</b>' : format === 'markdown' ? '**Done**' : 'Done',
      });
    }
  });

  it('offers only http and https links', () => {
    const hostile = { event: { title: 't', severity: 'info', url: 'javascript:alert(1)' }, source: {} };
    for (const format of messageFormats) {
      const outcome = renderer.render({ template: null, formats: [format], context: hostile });
      expect(outcome.ok && outcome.body).not.toContain('javascript');
    }
  });
});
