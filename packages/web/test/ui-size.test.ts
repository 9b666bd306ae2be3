import { describe, expect, it } from 'vitest';
import { uiSize } from '../../../scripts/ui-size.ts';

// The build is made by the global setup (helpers/build-web-ui.ts) before any test file runs.
describe('the first page of the built UI', () => {
  it('transfers under 300 kB compressed, with the chart library left to a lazy chunk', () => {
    const size = uiSize();
    expect(size.total.brotli).toBeLessThan(300 * 1024);
    expect(size.total.gzip).toBeLessThan(300 * 1024);
    expect(size.lazy.some((file) => file.file.endsWith('.js'))).toBe(true);
    const first = new Set(size.firstPage.map((file) => file.file));
    expect(size.lazy.filter((file) => first.has(file.file))).toEqual([]);
  });
});
