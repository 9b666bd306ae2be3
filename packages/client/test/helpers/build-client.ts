import { buildClient } from '../../scripts/build.ts';

/** vitest globalSetup: the client's tests run against dist, so build it first if its sources changed. */
export async function setup(): Promise<void> {
  await buildClient();
}
