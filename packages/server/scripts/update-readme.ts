import { readFileSync, writeFileSync } from 'node:fs';
import { configReference, errorReference } from '../src/config-docs.ts';

/** Rewrites the generated tables of the README in place. `npm run docs`. */
const path = new URL('../../../README.md', import.meta.url);
let text = readFileSync(path, 'utf8');
for (const [name, table] of [
  ['config-reference', configReference()],
  ['error-reference', errorReference()],
] as const) {
  const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  text = text.replace(pattern, `$1\n${table}\n$2`);
}
writeFileSync(path, text);
