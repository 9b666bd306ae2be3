import { Agent, type ClientRequest, type IncomingMessage, request } from 'node:http';
import { adminToken, type BenchServer, sleep, until } from './server.ts';
import { percentile } from './sink.ts';

/** One open SSE stream from the bench process; `onFrame` parses its entries (most only count bytes). */
interface Subscriber {
  request: ClientRequest;
  response?: IncomingMessage;
}

function subscribe(server: BenchServer, onData: (chunk: string) => void): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/api/v1/stream?streams=events`, {
      agent: false,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const subscriber: Subscriber = { request: req };
    req.on('response', (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`stream answered ${response.statusCode}`));
        return;
      }
      subscriber.response = response;
      response.setEncoding('utf8');
      response.on('data', onData);
      response.on('error', () => {});
      resolve(subscriber);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Opens streams in steps of `step` and reads the server's RSS after each; the figure is the most it held
 * with RSS under `rssCapMb`, up to `max`.
 */
export async function subscribersUnderRss(
  server: BenchServer,
  max: number,
  step: number,
  rssCapMb: number,
): Promise<{ held: number; rssMb: number; idleRssMb: number }> {
  const open: Subscriber[] = [];
  const idleRssMb = server.rssMb();
  let held = 0;
  let rssMb = idleRssMb;
  try {
    while (open.length < max) {
      const batch: Promise<Subscriber>[] = [];
      for (let i = 0; i < step && open.length + batch.length < max; i++)
        batch.push(subscribe(server, () => {}));
      open.push(...(await Promise.all(batch)));
      await sleep(200);
      const rss = server.rssMb();
      if (rss >= rssCapMb) break;
      held = open.length;
      rssMb = rss;
    }
  } finally {
    for (const subscriber of open) subscriber.request.destroy();
  }
  return { held, rssMb, idleRssMb };
}

/**
 * `subscribers` streams open while events are posted at `rate` per second for `seconds`; the latency is
 * from an entry's commit (its `at`, stamped in the committing transaction) to its arrival, measured on
 * `sampled` of the subscribers (parsing every frame of all of them would make the bench the bottleneck;
 * the others read and count bytes).
 */
export async function commitToSubscriber(
  server: BenchServer,
  sourceId: string,
  options: { subscribers: number; sampled: number; rate: number; seconds: number },
): Promise<{ p50: number; p99: number; received: number; expected: number }> {
  const latencies: number[] = [];
  let received = 0;
  const open: Subscriber[] = [];
  try {
    for (let i = 0; i < options.subscribers; i++) {
      const sampled = i < options.sampled;
      let buffer = '';
      open.push(
        await subscribe(server, (chunk) => {
          if (!sampled) return;
          const arrived = Date.now();
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const at = /"at":"([^"]+)"/.exec(frame)?.[1];
            if (at) {
              latencies.push(arrived - Date.parse(at));
              received++;
            }
            end = buffer.indexOf('\n\n');
          }
        }),
      );
    }
    const total = options.rate * options.seconds;
    const target = new URL(`${server.url}/hooks/${sourceId}`);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    let sent = 0;
    let answered = 0;
    let failed = 0;
    const started = performance.now();
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.rate));
      for (; sent < due; sent++) {
        const body = `{"title":"stream ${sent}"}`;
        const req = request(
          target,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': body.length },
          },
          (res) => {
            if (res.statusCode !== 202) failed++;
            answered++;
            res.resume();
          },
        );
        req.on('error', () => {
          failed++;
          answered++;
        });
        req.end(body);
      }
      await sleep(1);
    }
    await until(() => answered >= total, 60_000, 'every post answered').catch(() => {});
    agent.destroy();
    const expected = (total - failed) * options.sampled;
    await until(() => received >= expected, 60_000, 'every entry at the sampled subscribers').catch(() => {});
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      received,
      expected,
    };
  } finally {
    for (const subscriber of open) subscriber.request.destroy();
  }
}
