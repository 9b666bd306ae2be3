import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/** The built package resolves as ESM and as CJS, the root and each subpath export, with types beside each. */
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | Record<'import' | 'require', { types: string; default: string }>>;
};

describe('the built package', () => {
  it('loads from CommonJS with the same exports as from ESM', async () => {
    for (const [subpath, names] of [
      ['', ['createApiClient', 'subscribe', 'SseParser', 'ApiError', 'backoffDelay', 'unwrap']],
      ['/react', ['useStream', 'useTopic']],
      ['/svelte', ['streamStore', 'topicStore']],
    ] as const) {
      const cjs = require(`@notify-bridge/client${subpath}`) as Record<string, unknown>;
      const esm = (await import(`@notify-bridge/client${subpath}`)) as Record<string, unknown>;
      expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
      for (const name of names) {
        expect(typeof cjs[name], `${subpath} ${name} (CJS)`).toBe('function');
        expect(typeof esm[name], `${subpath} ${name} (ESM)`).toBe('function');
      }
    }
  });

  it('has every file its exports map names, declarations included', () => {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      for (const condition of ['import', 'require'] as const) {
        for (const file of [target[condition].types, target[condition].default]) {
          expect(
            () => readFileSync(new URL(`../${file}`, import.meta.url)),
            `${subpath} ${condition} ${file}`,
          ).not.toThrow();
        }
      }
    }
  });
});
