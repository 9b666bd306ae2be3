import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from '../../../src/sources/webhook/body.ts';
import { FORM_PARTS_MAX, parseMultipartForm } from '../../../src/sources/webhook/multipart-form.ts';

/** A form as the platform's own encoder (undici's, what fetch sends) writes it: bytes and Content-Type. */
async function encode(form: FormData): Promise<{ raw: Buffer; contentType: string }> {
  const response = new Response(form);
  return {
    raw: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type')!,
  };
}

const boundaryOf = (contentType: string) => /boundary=(.+)$/.exec(contentType)![1]!;

describe('parseMultipartForm', () => {
  it('reads back any form the platform encodes: text fields in order, files with name, type and bytes', async () => {
    // The encoding is lossy (WHATWG HTML): `"` is written %22 and a literal "%22" stays as it is, so a name
    // that holds "%22", "%0D" or "%0A" itself cannot be told apart, in any parser.
    const name = fc.string({ minLength: 1, maxLength: 20 }).filter((text) => !/%(22|0d|0a)/i.test(text));
    const text = fc.string({ maxLength: 200, unit: 'grapheme' });
    const file = fc.record({
      field: name,
      filename: fc.stringMatching(/^[\w. -]{1,30}$/),
      type: fc.constantFrom('image/png', 'text/plain', 'application/pdf'),
      bytes: fc.uint8Array({ maxLength: 300 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(name, text), { maxLength: 8 }),
        fc.array(file, { maxLength: 3 }),
        async (fields, files) => {
          const form = new FormData();
          for (const [key, value] of fields) form.append(key, value);
          for (const f of files) form.append(f.field, new Blob([f.bytes], { type: f.type }), f.filename);
          const { raw, contentType } = await encode(form);
          const parsed = parseMultipartForm(raw, boundaryOf(contentType));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          // undici writes a field's line breaks as CRLF (the HTML form encoding rule).
          const crlf = (value: string) => value.replace(/\r?\n|\r/g, '\r\n');
          const expected: Record<string, string[]> = Object.create(null);
          for (const [key, value] of fields) {
            const values = expected[crlf(key)] ?? [];
            values.push(crlf(value));
            expected[crlf(key)] = values;
          }
          const got: Record<string, string[]> = Object.create(null);
          for (const [key, value] of Object.entries(parsed.fields)) got[key] = [value].flat();
          expect(got).toEqual(expected);
          expect(
            parsed.files.map((f) => ({
              field: f.field,
              filename: f.filename,
              type: f.contentType,
              bytes: [...f.bytes],
            })),
          ).toEqual(
            files.map((f) => ({
              field: crlf(f.field),
              filename: f.filename,
              type: f.type,
              bytes: [...f.bytes],
            })),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads what curl -F writes: a preamble-free body, quoted names, a part without Content-Type', () => {
    const raw = Buffer.from(
      [
        '--XyZ',
        'Content-Disposition: form-data; name="title"',
        '',
        'my title',
        '--XyZ',
        'Content-Disposition: form-data; name="file"; filename="a %22b%22 \\.bin"',
        '',
        'raw\r\nbytes',
        '--XyZ',
        'Content-Disposition: form-data; name="n"; filename="x"; filename*=UTF-8\'\'caf%C3%A9.txt',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '',
        '--XyZ--',
        '',
      ].join('\r\n'),
    );
    const parsed = parseMultipartForm(raw, 'XyZ');
    expect(parsed).toMatchObject({ ok: true, fields: { title: 'my title' } });
    if (!parsed.ok) return;
    expect(parsed.files).toEqual([
      {
        field: 'file',
        filename: 'a "b" \\.bin',
        contentType: 'application/octet-stream',
        bytes: Buffer.from('raw\r\nbytes'),
      },
      { field: 'n', filename: 'café.txt', contentType: 'text/plain', bytes: Buffer.alloc(0) },
    ]);
  });

  it.each([
    ['no boundary', '--a\r\n\r\nx\r\n--a--', '', 'has no valid boundary parameter'],
    ['another boundary', '--a\r\n\r\nx\r\n--a--', 'b', 'does not start with its boundary "b"'],
    [
      'no close',
      '--a\r\nContent-Disposition: form-data; name="x"\r\n\r\nvalue',
      'a',
      'ends before its closing boundary',
    ],
    [
      'headers without end',
      '--a\r\nContent-Disposition: form-data; name="x"',
      'a',
      'has a part whose headers never end',
    ],
    ['junk after a delimiter', '--a junk\r\n\r\nx\r\n--a--', 'a', 'has a broken boundary line'],
  ])('refuses a form with %s, saying what is wrong', (_what, body, boundary, why) => {
    expect(parseMultipartForm(Buffer.from(body), boundary)).toEqual({
      ok: false,
      code: 'NB_ERR_MALFORMED_BODY',
      message: `The multipart/form-data body ${why}.`,
    });
  });

  it(`refuses more than ${FORM_PARTS_MAX} parts`, () => {
    const part = '--a\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n';
    const body = `${part.repeat(FORM_PARTS_MAX + 1)}--a--`;
    expect(parseMultipartForm(Buffer.from(body), 'a')).toMatchObject({
      ok: false,
      message: expect.stringContaining('more than'),
    });
    expect(parseMultipartForm(Buffer.from(`${part.repeat(FORM_PARTS_MAX)}--a--`), 'a').ok).toBe(true);
  });

  it('is a field named __proto__ like any other', () => {
    const parsed = parseMultipartForm(
      Buffer.from('--a\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\np\r\n--a--'),
      'a',
    );
    expect(parsed.ok && Object.getOwnPropertyDescriptor(parsed.fields, '__proto__')?.value).toBe('p');
  });
});

describe('parseWebhookBody and multipart', () => {
  it('takes multipart only where the caller asks for it', async () => {
    const form = new FormData();
    form.append('message', 'hi');
    const { raw, contentType } = await encode(form);
    expect(parseWebhookBody(raw, contentType)).toMatchObject({
      ok: false,
      code: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE',
    });
    expect(parseWebhookBody(raw, contentType, { multipart: true })).toEqual({
      ok: true,
      payload: { kind: 'form', value: { message: 'hi' }, files: [] },
    });
  });
});
