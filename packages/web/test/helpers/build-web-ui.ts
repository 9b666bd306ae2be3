import { buildWebUi } from '../../../../scripts/build-web.ts';

/**
 * Vitest global setup: the UI's browser tests load the built UI (packages/web/build), built here once,
 * before any test file, when its sources changed (so a test that runs scripts/build.ts finds it current).
 */
export default function setup(): void {
  buildWebUi();
}
