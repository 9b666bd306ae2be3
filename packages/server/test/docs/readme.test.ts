import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference, errorReference } from '../../src/config-docs.ts';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('documents every setting as the code defines it (run `npm run docs` after changing one)', () => {
    expect(readme).toContain(configReference());
  });

  it('documents every error code', () => {
    expect(readme).toContain(errorReference());
  });

  it('shows the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
