import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    // The client's tests import the built package (packages/client/dist), built here when its sources changed.
    globalSetup: [
      'packages/server/test/helpers/global-setup.ts',
      'packages/client/test/helpers/build-client.ts',
      'packages/web/test/helpers/build-web-ui.ts',
    ],
    // The client's type tests (expectTypeOf against its built declarations) are checked by tsc, not run.
    typecheck: {
      enabled: true,
      include: ['packages/client/test/types/*.test-d.ts'],
      tsconfig: 'packages/client/test/types/tsconfig.json',
    },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start servers and child processes; two cores fit two files at once.
    maxWorkers: 2,
  },
});
