import { describe, expect, it } from 'vitest';
import { MESSAGE_BYTES_MAX, publishBody, sniffType } from '../../../src/sources/ntfy/file-body.ts';
import { ntfyMessageAnswer, ntfyMessageId } from '../../../src/sources/ntfy/message-answer.ts';
import { overlayJson, paramsOfHead, readParam } from '../../../src/sources/ntfy/publish-params.ts';
import type { IngressHead } from '../../../src/sources/source.ts';

const head = (headers: Record<string, string>, query: Record<string, string> = {}): IngressHead => ({
  method: 'POST',
  path: '/ntfy/t',
  headers,
  query,
  contentLength: undefined,
});

describe('ntfy publish parameters', () => {
  it('tries each name as a header, then as a query parameter, in the order given', () => {
    const names = ['x-title', 'title', 't'];
    expect(readParam(head({ 'x-title': 'X', title: 'T' }), names)).toBe('X');
    expect(readParam(head({ title: 'T' }, { 'x-title': 'Q' }), names)).toBe('Q');
    expect(readParam(head({ t: 'short' }, { title: 'query' }), names)).toBe('query');
    expect(readParam(head({ 'x-title': '' }, { t: 'q' }), names)).toBe('q');
    expect(readParam(head({}), names)).toBeUndefined();
  });

  it.each([
    [{ 'x-priority': '5' }, { priority: '5' }],
    [{ prio: 'high' }, { priority: 'high' }],
    [{ p: '1' }, { priority: '1' }],
    [{ ta: 'a, b,,c' }, { tags: ['a', 'b', 'c'] }],
    [{ tag: 'x' }, { tags: ['x'] }],
    [{ m: 'body' }, { message: 'body' }],
    [
      { a: 'https://x.example/f.pdf', f: 'f.pdf' },
      { attach: 'https://x.example/f.pdf', filename: 'f.pdf' },
    ],
    [{ file: 'g.png' }, { filename: 'g.png' }],
    [{ md: 'yes' }, { markdown: true }],
    [{ markdown: 'no' }, {}],
    [{ 'content-type': 'text/markdown; charset=utf-8' }, { markdown: true }],
    [
      { 'x-icon': 'https://i.example/i.png', click: 'https://c.example' },
      { icon: 'https://i.example/i.png', click: 'https://c.example' },
    ],
    [
      { in: '30m', e: 'a@b.example', action: 'view, Open, https://x' },
      { delay: '30m', email: 'a@b.example', actions: 'view, Open, https://x' },
    ],
  ])('reads %j as %j', (headers, params) => {
    expect(paramsOfHead(head(headers))).toEqual(params);
  });

  it('lays JSON over the headers: what it sets wins, empty values and a priority of 0 do not count', () => {
    const fromHead = { title: 'H', priority: '5', tags: ['h'], click: 'https://h.example', message: 'hm' };
    expect(overlayJson(fromHead, { topic: 't' })).toEqual(fromHead);
    expect(overlayJson(fromHead, { topic: 't', title: '', priority: 0, tags: [], message: '  ' })).toEqual(
      fromHead,
    );
    expect(
      overlayJson(fromHead, {
        topic: 't',
        title: 'J',
        priority: 2,
        tags: ['j'],
        message: ' jm ',
        markdown: true,
      }),
    ).toEqual({
      title: 'J',
      priority: 2,
      tags: ['j'],
      click: 'https://h.example',
      message: 'jm',
      markdown: true,
    });
  });
});

describe('ntfy body: message or file', () => {
  const png = Buffer.from('89504e470d0a1a0a0000', 'hex');

  it('is the message when it is UTF-8 of at most 4,096 bytes, without a Filename', () => {
    expect(publishBody(Buffer.from(' hello \n'), undefined, {})).toEqual({ kind: 'text', text: 'hello' });
    const edge = Buffer.from('é'.repeat(MESSAGE_BYTES_MAX / 2));
    expect(publishBody(edge, undefined, {}).kind).toBe('text');
    expect(publishBody(Buffer.concat([edge, Buffer.from('x')]), undefined, {}).kind).toBe('file');
    expect(publishBody(png, undefined, {}).kind).toBe('file');
  });

  it('is a file with a Filename, and the message with an Attach URL, whatever it holds', () => {
    expect(publishBody(Buffer.from('hi'), undefined, { filename: 'note.txt' })).toEqual({
      kind: 'file',
      attachment: { name: 'note.txt', contentType: 'text/plain; charset=utf-8', data: 'aGk=', size: 2 },
    });
    expect(publishBody(png, undefined, { attach: 'https://x.example/a', filename: 'a.png' }).kind).toBe(
      'text',
    );
  });

  it('unwraps a multipart body with one file, as Apprise 1.2 posts it', async () => {
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'shot.png');
    const response = new Response(form);
    const raw = Buffer.from(await response.arrayBuffer());
    expect(publishBody(raw, response.headers.get('content-type')!, { filename: 'shot.png' })).toEqual({
      kind: 'file',
      attachment: {
        name: 'shot.png',
        contentType: 'image/png',
        data: png.toString('base64'),
        size: png.length,
      },
    });
  });

  it.each([
    ['89504e470d0a1a0a', 'image/png', 'png'],
    ['ffd8ffe0', 'image/jpeg', 'jpg'],
    [Buffer.from('GIF89a').toString('hex'), 'image/gif', 'gif'],
    [Buffer.from('RIFF\0\0\0\0WEBPVP8 ').toString('hex'), 'image/webp', 'webp'],
    [Buffer.from('%PDF-1.7').toString('hex'), 'application/pdf', 'pdf'],
    ['504b0304', 'application/zip', 'zip'],
    ['1f8b08', 'application/gzip', 'gz'],
    [Buffer.from('\0\0\0\x18ftypmp42').toString('hex'), 'video/mp4', 'mp4'],
    [Buffer.from('plain text').toString('hex'), 'text/plain; charset=utf-8', 'txt'],
    ['c328', 'application/octet-stream', 'bin'],
  ])('sniffs %s as %s', (hex, type, extension) => {
    expect(sniffType(Buffer.from(hex, 'hex'))).toEqual({ type, extension });
  });
});

describe("ntfy's publish answer", () => {
  it('has a stable 12-character alphanumeric id per event', () => {
    expect(ntfyMessageId('01J0000000000000000000000A')).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(ntfyMessageId('01J0000000000000000000000A')).toBe(ntfyMessageId('01J0000000000000000000000A'));
    expect(ntfyMessageId('01J0000000000000000000000A')).not.toBe(ntfyMessageId('01J0000000000000000000000B'));
  });

  it('leaves out what the sender did not set, and gives an attachment its expiry', () => {
    const base = { topic: 't', message: 'm', priority: 3, prioritySet: false, tags: [], markdown: false };
    expect(ntfyMessageAnswer('e', 1_000_999, base)).toEqual({
      id: ntfyMessageId('e'),
      time: 1000,
      expires: 1000 + 43_200,
      event: 'message',
      topic: 't',
      message: 'm',
    });
    expect(
      ntfyMessageAnswer('e', 1_000_000, {
        ...base,
        prioritySet: true,
        icon: 'https://i.example/i.png',
        attachment: { name: 'a.png', type: 'image/png', size: 3 },
      }),
    ).toMatchObject({
      priority: 3,
      icon: 'https://i.example/i.png',
      attachment: { name: 'a.png', type: 'image/png', size: 3, expires: 1000 + 3 * 43_200 },
    });
  });
});
