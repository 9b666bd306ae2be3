import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cloudLimits,
  type MediaKind,
  mediaKindOf,
  type PlannedItem,
  placeMedia,
  planMediaSends,
} from '../../../src/channels/telegram/media-plan.ts';

const MB = 1024 * 1024;

describe('mediaKindOf', () => {
  it.each([
    ['image/jpeg', undefined, 'photo'],
    ['image/png; charset=binary', undefined, 'photo'],
    ['image/webp', undefined, 'photo'],
    ['image/gif', 'a.jpg', 'animation'],
    ['image/svg+xml', undefined, 'document'],
    ['video/mp4', undefined, 'video'],
    ['audio/mpeg', undefined, 'audio'],
    ['application/pdf', 'x.jpg', 'document'],
    ['application/octet-stream', 'clip.MP4', 'video'],
    [undefined, 'IMG_0001.JPG', 'photo'],
    [undefined, 'song.flac', 'audio'],
    [undefined, 'party.gif', 'animation'],
    [undefined, 'notes.txt', 'document'],
    [undefined, undefined, 'document'],
  ] as const)('%s named %s is a %s', (type, name, kind) => {
    expect(mediaKindOf(type, name)).toBe(kind);
  });
});

describe('placeMedia', () => {
  it('keeps files within the limits as they are', () => {
    expect(placeMedia('photo', 10 * MB, cloudLimits, true)).toEqual({ kind: 'photo' });
    expect(placeMedia('video', 50 * MB, cloudLimits, false)).toEqual({ kind: 'video' });
    expect(placeMedia('audio', 0, cloudLimits, false)).toEqual({ kind: 'audio' });
  });

  it('sends photos over 10 MB as documents', () => {
    expect(placeMedia('photo', 10 * MB + 1, cloudLimits, false)).toEqual({
      kind: 'document',
      note: 'over the 10 MB photo limit, sent as a file',
    });
  });

  it('sends oversized videos as documents only when the receiver allows it', () => {
    const limits = { ...cloudLimits, videoBytes: 20 * MB };
    expect(placeMedia('video', 21 * MB, limits, true)).toMatchObject({ kind: 'document' });
    expect(placeMedia('video', 21 * MB, limits, false)).toEqual({
      skip: '21 MB is over the 20 MB video limit and the receiver takes no large files',
    });
  });

  it('skips what no method could upload, saying so', () => {
    expect(placeMedia('document', 51 * MB, cloudLimits, true)).toEqual({
      skip: '51 MB is over the 50 MB this Bot API server accepts',
    });
  });
});

const item = (index: number, kind: MediaKind, size = MB): PlannedItem => ({ index, kind, size });
const shape = (sends: { items: PlannedItem[] }[]) => sends.map((s) => s.items.map((i) => i.index));

describe('planMediaSends', () => {
  it('sends twelve photos as an album of ten and one of two', () => {
    const photos = Array.from({ length: 12 }, (_, i) => item(i, 'photo'));
    expect(shape(planMediaSends(photos, cloudLimits))).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11],
    ]);
  });

  it('mixes photos and videos but keeps documents and audio in albums of their own', () => {
    const items = [
      item(0, 'photo'),
      item(1, 'document'),
      item(2, 'video'),
      item(3, 'audio'),
      item(4, 'document'),
    ];
    expect(shape(planMediaSends(items, cloudLimits))).toEqual([[0, 2], [1, 4], [3]]);
  });

  it('sends animations alone', () => {
    const items = [item(0, 'photo'), item(1, 'animation'), item(2, 'photo')];
    expect(shape(planMediaSends(items, cloudLimits))).toEqual([[0, 2], [1]]);
  });

  it('closes an album before it passes the byte budget', () => {
    const items = [item(0, 'video', 20 * MB), item(1, 'video', 20 * MB), item(2, 'video', 20 * MB)];
    expect(shape(planMediaSends(items, cloudLimits))).toEqual([[0, 1], [2]]);
  });

  it('does not count files sent by file_id against the budget', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(i, 'video', 0));
    expect(shape(planMediaSends(items, cloudLimits))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it('keeps every item exactly once, in order within each send, within every limit', () => {
    const kinds = fc.constantFrom<MediaKind>('photo', 'video', 'animation', 'audio', 'document');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(kinds, fc.integer({ min: 0, max: 45 * MB })), { maxLength: 40 }),
        (specs) => {
          const items = specs.map(([kind, size], index) => item(index, kind, size));
          const sends = planMediaSends(items, cloudLimits);
          const seen = sends.flatMap((s) => s.items.map((i) => i.index));
          expect([...seen].sort((a, b) => a - b)).toEqual(items.map((i) => i.index));
          for (const send of sends) {
            expect(send.items.length).toBeGreaterThanOrEqual(1);
            expect(send.items.length).toBeLessThanOrEqual(10);
            const indexes = send.items.map((i) => i.index);
            expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
            if (send.items.length > 1) {
              expect(send.items.reduce((sum, i) => sum + i.size, 0)).toBeLessThanOrEqual(45 * MB);
              const families = new Set(
                send.items.map((i) => (i.kind === 'photo' || i.kind === 'video' ? 'visual' : i.kind)),
              );
              expect(families.size).toBe(1);
              expect(families.has('animation')).toBe(false);
            }
          }
          const firsts = sends.map((s) => s.items[0]!.index);
          expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
        },
      ),
    );
  });
});
