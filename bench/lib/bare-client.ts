// The ceiling for delivery on this machine: undici posting COUNT small JSON bodies to the sink over 64
// keep-alive connections, nothing else (no storage, no rendering, no retries). Prints messages/s.
import { Pool } from 'undici';

const count = Number(process.env.COUNT);
const pool = new Pool(process.env.SINK_URL!, { connections: 64 });
const body = JSON.stringify({
  type: 'bench.event',
  data: { title: 'bench', body: 'hello from the benchmark' },
});
let started = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (started < count) {
      started += 1;
      const response = await pool.request({
        path: '/',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.body.dump();
    }
  }),
);
process.send?.(count / ((performance.now() - began) / 1000));
await pool.close();
