/**
 * Loaded into the server by `HEAP=1 npm run bench:profile` (node --import): samples every allocation of
 * the main thread, including objects the garbage collector has already freed, and writes the profile to
 * NB_HEAP_PROFILE when the server is stopped. What feeds the collector, not what stays in memory.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { isMainThread } from 'node:worker_threads';

const output = process.env.NB_HEAP_PROFILE;
if (isMainThread && output) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.prependListener('SIGTERM', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(output, JSON.stringify(result.profile));
    });
  });
}
