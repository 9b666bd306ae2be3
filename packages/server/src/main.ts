#!/usr/bin/env node
/**
 * The entry point. It only turns on Node's compile cache before the rest loads: with it, the stripped and
 * compiled modules are reused from disk, so the next start is faster (about 1.0 s → 0.8 s to ready here)
 * and uses less memory. Everything else is in cli.ts.
 */
import { enableCompileCache } from 'node:module';

const cache = enableCompileCache();
// Worker threads (the renderer) read the variable; the call alone covers this thread only.
if (cache.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;
await import('./cli.ts');
