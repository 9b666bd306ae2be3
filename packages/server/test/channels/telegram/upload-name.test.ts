import { describe, expect, it } from 'vitest';
import {
  contentDispositionName,
  uploadContentType,
  uploadFileName,
} from '../../../src/channels/telegram/upload-name.ts';

describe('upload names and types', () => {
  it.each([
    ['image/PNG; charset=binary', 'x', 'image/png'],
    [undefined, 'IMG_1.JPG', 'image/jpeg'],
    ['application/octet-stream', 'clip.mov', 'video/quicktime'],
    ['application/octet-stream', 'data.bin', 'application/octet-stream'],
    ['not a type', 'notes', 'application/octet-stream'],
  ])('serves %j named %j as %j', (served, name, type) => {
    expect(uploadContentType(served, name)).toBe(type);
  });

  it.each([
    ['chart', 'image/png', 'chart.png'],
    ['IMG_1.JPEG', 'image/jpeg', 'IMG_1.JPEG'],
    ['photo.jpg', 'image/png', 'photo.jpg.png'],
    ['v1.2', 'application/pdf', 'v1.2.pdf'],
    ['archive.tar', 'application/x-tar', 'archive.tar'],
  ])('names %j of %j %j', (name, type, expected) => {
    expect(uploadFileName(name, type)).toBe(expected);
  });

  it.each([
    ['attachment; filename="a b; c.pdf"', 'a b; c.pdf'],
    ['attachment; filename=plain.txt', 'plain.txt'],
    [`attachment; filename="fallback.csv"; filename*=UTF-8''%E2%82%AC%20rates.csv`, '€ rates.csv'],
    [`attachment; filename*=UTF-8''%E2%ZZ; filename="bad-encoding.txt"`, 'bad-encoding.txt'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment; filename="C:\\\\Users\\\\me\\\\report.doc"', 'report.doc'],
    ['attachment; filename="line\r\nbreak.txt"', 'linebreak.txt'],
    ['attachment; filename=".."', undefined],
    ['inline', undefined],
    [undefined, undefined],
  ])('reads the name of %j as %j', (header, name) => {
    expect(contentDispositionName(header)).toBe(name);
  });
});
