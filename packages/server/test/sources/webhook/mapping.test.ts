import { describe, expect, it } from 'vitest';
import { INLINE_BYTES_MAX } from '../../../src/sources/webhook/inline-attachment.ts';
import {
  attachmentsOf,
  httpUrl,
  JSON_BODY_MAX,
  type MappingOptions,
  mapPayloadToEvent,
  normalizeEventType,
  occurredAtOf,
  truncateText,
} from '../../../src/sources/webhook/mapping.ts';

const base: MappingOptions = { fallbackDedupKey: 'sha256:fallback', fallbackDedupBy: 'body' };
function map(payload: unknown, options: Partial<MappingOptions> = {}) {
  const mapped = mapPayloadToEvent(payload, { ...base, ...options });
  if (!mapped.ok) throw new Error(mapped.message);
  return mapped.event;
}

describe('mapPayloadToEvent without a mapping', () => {
  const titles: [unknown, string][] = [
    [{ title: 'T', subject: 'S', name: 'N' }, 'T'],
    [{ subject: 'S', name: 'N' }, 'S'],
    [{ name: 'N' }, 'N'],
    [{ title: '', name: 'N' }, 'N'],
    [{ title: { nested: true }, subject: 'S' }, 'S'],
    [{ title: 42 }, '42'],
    [{ other: 1 }, 'Webhook'],
    ['plain text', 'Webhook'],
    [[1, 2], 'Webhook'],
    [null, 'Webhook'],
  ];
  it.each(titles)('title of %j is %j', (payload, title) => {
    expect(map(payload).title).toBe(title);
  });

  const bodies: [unknown, string][] = [
    [{ message: 'M', body: 'B', text: 'T', description: 'D' }, 'M'],
    [{ body: 'B', text: 'T', description: 'D' }, 'B'],
    [{ text: 'T', description: 'D' }, 'T'],
    [{ description: 'D' }, 'D'],
    [{ a: 1 }, '{\n  "a": 1\n}'],
    ['the text itself', 'the text itself'],
    [7, '7'],
  ];
  it.each(bodies)('body of %j is %j', (payload, body) => {
    expect(map(payload).body).toBe(body);
  });

  it('pretty-prints a payload without a body field, truncated to 4 KiB', () => {
    const event = map({ items: Array.from({ length: 2000 }, (_, i) => i) });
    expect(event.body.length).toBe(JSON_BODY_MAX);
    expect(event.body.endsWith('…')).toBe(true);
    expect(event.body.startsWith('{\n  "items": [\n    0,')).toBe(true);
  });

  it('reads severity from /severity, /level, /priority, skipping words it does not know', () => {
    expect(map({ severity: 'crit', level: 'debug' }).severity).toBe('critical');
    expect(map({ level: 'warn' }).severity).toBe('warning');
    expect(map({ priority: 5 }).severity).toBe('critical');
    expect(map({ severity: 'bogus', priority: '4' }).severity).toBe('warning');
    expect(map({ severity: 'bogus' }).severity).toBe('info');
    expect(map({ severity: 'bogus' }, { defaultSeverity: 'error' }).severity).toBe('error');
  });

  it('takes an http(s) link from /url or /link only', () => {
    expect(map({ url: 'https://ci.example/run/1' }).url).toBe('https://ci.example/run/1');
    expect(map({ url: 'javascript:alert(1)', link: 'http://x.example/a' }).url).toBe('http://x.example/a');
    expect(map({ link: 'not a url' }).url).toBeUndefined();
  });

  it('uses the defaults for type, dedup key and data', () => {
    const payload = { title: 'x' };
    expect(map(payload)).toEqual({
      type: 'webhook.received',
      title: 'x',
      body: '{\n  "title": "x"\n}',
      severity: 'info',
      dedupKey: 'sha256:fallback',
      dedupBy: 'body',
      data: payload,
    });
    expect(map(payload, { defaultType: 'washer.done' }).type).toBe('washer.done');
  });

  it('reads /tags as an array or a comma-separated string', () => {
    expect(map({ tags: ['a', 'b', 'a', 3, '', { x: 1 }] }).tags).toEqual(['a', 'b', '3']);
    expect(map({ tags: 'backup, nas ,,' }).tags).toEqual(['backup', 'nas']);
    expect(map({ tags: [] }).tags).toBeUndefined();
  });
});

describe('mapPayloadToEvent with a mapping', () => {
  const gitea = {
    ref: 'refs/heads/main',
    repository: { full_name: 'ann/infra', html_url: 'https://git.example/ann/infra' },
    pusher: { login: 'ann' },
    commits: [{ id: 'c1', message: 'Fix DNS', url: 'https://git.example/c1' }],
    alert: { 'level/name': 'error', 'a~b': 'tilde' },
    files: [
      'https://files.example/a.png',
      { url: 'https://files.example/b.pdf', name: 'b.pdf', contentType: 'application/pdf' },
      { name: 'no url' },
      'ftp://files.example/c',
    ],
    at: '2025-06-01T12:00:00Z',
    delivery: 'd-123',
  };

  it('maps every field with pointers and {{ }} expressions', () => {
    const event = map(gitea, {
      mapping: {
        type: 'git.Push',
        title: '{{ pusher.login }} pushed to {{ repository.full_name }}',
        body: '/commits/0/message',
        severity: '/alert/level~1name',
        url: '/repository/html_url',
        dedupKey: '/delivery',
        tags: '/alert/a~0b',
        attachments: '/files',
        occurredAt: '/at',
      },
    });
    expect(event).toEqual({
      type: 'git.push',
      title: 'ann pushed to ann/infra',
      body: 'Fix DNS',
      severity: 'error',
      url: 'https://git.example/ann/infra',
      dedupKey: 'd-123',
      // A key the mapping picks out of the payload is the sender's own: kept for the long window.
      dedupBy: 'key',
      tags: ['tilde'],
      attachments: [
        { url: 'https://files.example/a.png' },
        { url: 'https://files.example/b.pdf', name: 'b.pdf', contentType: 'application/pdf' },
      ],
      occurredAt: Date.UTC(2025, 5, 1, 12),
      data: gitea,
      warnings: ['2 attachments without an http(s) URL or base64 data were left out'],
    });
  });

  it('falls back to the defaults when a mapped field yields nothing', () => {
    const event = map(
      { title: 'Default title', message: 'Default body' },
      { mapping: { title: '/missing', body: '{{ missing }}', type: '/missing', dedupKey: '/missing' } },
    );
    expect(event).toMatchObject({
      title: 'Default title',
      body: 'Default body',
      type: 'webhook.received',
      dedupKey: 'sha256:fallback',
      dedupBy: 'body',
    });
  });

  it('takes a literal string as a fixed value', () => {
    expect(map({}, { mapping: { type: 'washer.done', title: 'Washing done' } })).toMatchObject({
      type: 'washer.done',
      title: 'Washing done',
    });
  });

  it('hashes a mapped dedup key that is too long to store', () => {
    const event = map({ id: 'x'.repeat(500) }, { mapping: { dedupKey: '/id' } });
    expect(event.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(map({ id: 42 }, { mapping: { dedupKey: '/id' } }).dedupKey).toBe('42');
  });
});

describe('field helpers', () => {
  it.each([
    ['Push', 'push'],
    ['Build Finished', 'build_finished'],
    ['alert.Firing!', 'alert.firing'],
    ['..a..b..', 'a.b'],
    ['日本', ''],
  ])('normalizeEventType(%j) = %j', (input, output) => {
    expect(normalizeEventType(input)).toBe(output);
  });

  it('keeps only http(s) URLs', () => {
    expect(httpUrl('https://a.example/x?y=1')).toBe('https://a.example/x?y=1');
    expect(httpUrl('HTTP://A.example')).toBe('http://a.example/');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      '/relative',
      42,
      null,
    ]) {
      expect(httpUrl(bad)).toBeUndefined();
    }
  });

  it('reads attachments from a URL, an object or an array, at most 100, and says what it left out', () => {
    expect(attachmentsOf('https://a.example/1.png')).toEqual([{ url: 'https://a.example/1.png' }]);
    expect(attachmentsOf({ url: 'https://a.example/1.png', name: 'one' })).toEqual([
      { url: 'https://a.example/1.png', name: 'one' },
    ]);
    const warnings: string[] = [];
    const many = Array.from({ length: 150 }, (_, i) => `https://a.example/${i}`);
    expect(attachmentsOf([...many, 'javascript:alert(1)', 42], warnings)).toEqual(
      many.slice(0, 100).map((url) => ({ url })),
    );
    expect(warnings).toEqual([
      '150 attachments given; the first 100 were kept (at most 100 per event)',
      '2 attachments without an http(s) URL or base64 data were left out',
    ]);
    expect(attachmentsOf([])).toBeUndefined();
    expect(attachmentsOf(null)).toBeUndefined();
  });

  it.each([
    [1_748_779_200, 1_748_779_200_000],
    ['1748779200', 1_748_779_200_000],
    [1_748_779_200_123, 1_748_779_200_123],
    ['2025-06-01T12:00:00Z', 1_748_779_200_000],
    ['2025-06-01T14:00:00+02:00', 1_748_779_200_000],
    ['not a date', undefined],
    [-5, undefined],
    [{}, undefined],
  ])('occurredAtOf(%j) = %j', (input, output) => {
    expect(occurredAtOf(input)).toBe(output);
  });

  it('truncates without splitting a surrogate pair', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
  });
});

describe("Apprise's json:// payload without a mapping", () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const apprise = (fields: Record<string, unknown>) => ({
    version: '1.0',
    title: 'Nightly job',
    message: 'done',
    attachments: [],
    type: 'info',
    ...fields,
  });

  it.each([
    ['info', 'info'],
    ['success', 'info'],
    ['warning', 'warning'],
    ['failure', 'error'],
    ['WARNING', 'warning'],
  ])('reads type %s as severity %s', (type, severity) => {
    expect(map(apprise({ type })).severity).toBe(severity);
  });

  it('reads only those four words from type, and a severity field still wins', () => {
    expect(map({ type: 'alert' }).severity).toBe('info');
    expect(map({ type: 'push.created' }, { defaultSeverity: 'debug' }).severity).toBe('debug');
    expect(map(apprise({ type: 'failure', severity: 'critical' })).severity).toBe('critical');
    expect(map(apprise({ type: 'failure' }), { mapping: { severity: '/level' } }).severity).toBe('error');
  });

  it('turns base64 attachments into inline files, and keeps the bytes out of data', () => {
    const event = map(
      apprise({
        attachments: [
          { filename: 'graph.png', base64: png.toString('base64'), mimetype: 'image/png' },
          { name: 'notes.txt', data: Buffer.from('hello').toString('base64'), contentType: 'text/plain' },
          'https://files.example/log.txt',
        ],
      }),
    );
    expect(event.attachments).toEqual([
      { name: 'graph.png', data: png.toString('base64'), size: png.length, contentType: 'image/png' },
      { name: 'notes.txt', data: 'aGVsbG8=', size: 5, contentType: 'text/plain' },
      { url: 'https://files.example/log.txt' },
    ]);
    expect(event.warnings).toBeUndefined();
    expect((event.data as { attachments: unknown[] }).attachments).toEqual([
      { filename: 'graph.png', mimetype: 'image/png', size: png.length },
      { name: 'notes.txt', contentType: 'text/plain', size: 5 },
      'https://files.example/log.txt',
    ]);
  });

  it('takes base64 with MIME line breaks or without padding, and an empty file', () => {
    const wrapped = `${'QUJD'.repeat(19)}\r\n${'QUJD'.repeat(2)}`;
    expect(map(apprise({ attachments: [{ base64: wrapped }] })).attachments).toEqual([
      { data: 'QUJD'.repeat(21), size: 63 },
    ]);
    expect(map(apprise({ attachments: [{ base64: 'aGVsbG8' }] })).attachments?.[0]?.size).toBe(5);
    expect(map(apprise({ attachments: [{ base64: '' }] })).attachments).toEqual([{ data: '', size: 0 }]);
  });

  it.each([
    ['not base64 at all', 'this is not base64!'],
    ['base64url', '-_-_'],
    ['cut off in the middle', 'aGVsbG8gd29ybGQ=x'],
    ['a number', 12345],
  ])('refuses a base64 field that is %s, naming the attachment', (_what, base64) => {
    const mapped = mapPayloadToEvent(apprise({ attachments: [{ filename: 'a.png', base64 }] }), base);
    expect(mapped).toEqual({
      ok: false,
      code: 'NB_ERR_VALIDATION',
      message:
        'attachment 1 ("a.png") is not valid base64: send the file\'s bytes as standard base64 (RFC 4648 §4, A–Z a–z 0–9 + /)',
    });
  });

  it(`refuses inline files over ${INLINE_BYTES_MAX} bytes in one event`, () => {
    const half = Buffer.alloc(INLINE_BYTES_MAX / 2 + 1).toString('base64');
    const mapped = mapPayloadToEvent(apprise({ attachments: [{ base64: half }, { base64: half }] }), base);
    expect(mapped).toMatchObject({
      ok: false,
      message: `the inline attachments hold ${INLINE_BYTES_MAX + 2} bytes; at most ${INLINE_BYTES_MAX} per event: send large files as URLs`,
    });
    expect(mapPayloadToEvent(apprise({ attachments: [{ base64: half }] }), base).ok).toBe(true);
  });
});
