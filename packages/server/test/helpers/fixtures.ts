import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/fixtures` beside the repository, as on developers' machines and in CI. */
const fixturesDir = new URL('../../../../../shared/fixtures/', import.meta.url);

export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(relative, fixturesDir));
}

export function readFixture(relative: string): Buffer {
  const path = fixturePath(relative);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(
      `fixture ${path} is missing: the shared/ folder must sit beside the repository (${(error as Error).message})`,
    );
  }
}
