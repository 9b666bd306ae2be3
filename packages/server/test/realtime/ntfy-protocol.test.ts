import { describe, expect, it } from 'vitest';
import { ntfyToken } from '../../src/realtime/ntfy/ntfy-credentials.ts';
import { entryIdOf, ntfyMessage } from '../../src/realtime/ntfy/ntfy-message.ts';
import { parseNtfySince } from '../../src/realtime/ntfy/ntfy-since.ts';
import type { StreamEntry } from '../../src/realtime/stream-entry.ts';

const now = Date.parse('2026-12-03T12:00:00Z');

describe('ntfy since=', () => {
  it('reads each form ntfy documents', () => {
    expect(parseNtfySince(undefined, false, now)).toEqual({ from: 'none' });
    expect(parseNtfySince(undefined, true, now)).toEqual({ from: 'all' });
    expect(parseNtfySince('', true, now)).toEqual({ from: 'all' });
    expect(parseNtfySince('all', false, now)).toEqual({ from: 'all' });
    expect(parseNtfySince('latest', false, now)).toEqual({ from: 'latest' });
    expect(parseNtfySince('none', true, now)).toEqual({ from: 'none' });
    expect(parseNtfySince('nb42', false, now)).toEqual({ from: 'id', after: 42 });
    expect(parseNtfySince('1796299200', false, now)).toEqual({ from: 'time', atMs: 1796299200_000 });
    expect(parseNtfySince('30s', false, now)).toEqual({ from: 'time', atMs: now - 30_000 });
    expect(parseNtfySince('10m', false, now)).toEqual({ from: 'time', atMs: now - 600_000 });
    expect(parseNtfySince('2h', false, now)).toEqual({ from: 'time', atMs: now - 7_200_000 });
    expect(parseNtfySince('1d', false, now)).toEqual({ from: 'time', atMs: now - 86_400_000 });
  });

  it('refuses anything else', () => {
    for (const raw of ['yesterday', '10x', '-5m', 'nb', 'nb-1', 'hwQ2YpKdmg', '1.5h', 'nb1234567890123456']) {
      expect(parseNtfySince(raw, false, now), raw).toBeUndefined();
    }
    expect(entryIdOf('42')).toBeUndefined();
  });
});

describe('ntfy credentials', () => {
  const token = 'nbst_abc.def';
  it('takes a bearer token, a Basic password, or ?auth= holding either', () => {
    expect(ntfyToken(`Bearer ${token}`, {})).toBe(token);
    expect(ntfyToken(`Basic ${Buffer.from(`me:${token}`).toString('base64')}`, {})).toBe(token);
    expect(ntfyToken(`basic ${Buffer.from(`:${token}`).toString('base64')}`, {})).toBe(token);
    expect(ntfyToken(undefined, { auth: Buffer.from(`Bearer ${token}`).toString('base64url') })).toBe(token);
    const basic = `Basic ${Buffer.from(`me:${token}`).toString('base64')}`;
    expect(ntfyToken(undefined, { auth: Buffer.from(basic).toString('base64') })).toBe(token);
  });

  it('finds none in anything else', () => {
    expect(ntfyToken(undefined, {})).toBeUndefined();
    expect(ntfyToken('Token abc', {})).toBeUndefined();
    expect(ntfyToken(`Basic ${Buffer.from('me:').toString('base64')}`, {})).toBeUndefined();
    expect(ntfyToken(undefined, { auth: 'garbage' })).toBeUndefined();
  });
});

describe('ntfy messages', () => {
  const entry = (data: unknown): StreamEntry => ({
    id: 7,
    stream: 'topic',
    ownerId: 'owner',
    topicId: 'topic',
    type: 'message',
    data,
    createdAt: now + 999,
  });

  it('uses the title as the message when the body is empty, and marks markdown', () => {
    expect(ntfyMessage(entry({ title: 'Door bell', body: ' ', format: 'markdown' }), 'door')).toEqual({
      id: 'nb7',
      time: now / 1000,
      event: 'message',
      topic: 'door',
      message: 'Door bell',
      content_type: 'text/markdown',
    });
  });

  it('leaves out what is missing or malformed, never the owner', () => {
    const message = ntfyMessage(entry({ body: 'x', priority: 9, tags: [1, 'ok'], attachments: [{}] }), 't');
    expect(message).toEqual({
      id: 'nb7',
      time: now / 1000,
      event: 'message',
      topic: 't',
      message: 'x',
      tags: ['ok'],
    });
    expect(ntfyMessage(entry(null), 't')).toMatchObject({ message: '' });
  });
});
