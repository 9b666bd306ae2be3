import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkResult {
  requests: number;
  non2xx: number;
  rps: number;
  accepted: number;
  acceptedPerSecond: number;
}

const script = join(tmpdir(), 'nb-bench-post.lua');
// Every request a distinct body, so the dedup-by-body-hash never folds two into one event.
writeFileSync(
  script,
  `local counter = 0
local id = 0
function setup(thread) id = id + 1; thread:set("tid", id) end
function request()
  counter = counter + 1
  local body = '{"title":"bench ' .. tid .. '-' .. counter .. '-' .. math.random(1, 2000000000) .. '","message":"hello from the benchmark"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
`,
);

/** Closed-loop load: wrk with `connections` connections for `seconds`, POSTing unique JSON bodies. */
export function wrk(url: string, connections: number, seconds: number): WrkResult {
  const run = spawnSync('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '-s', script, url], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr || run.error}`);
  const requests = Number(/(\d+) requests in/.exec(run.stdout)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(run.stdout)?.[1] ?? 0);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1]);
  const accepted = requests - non2xx;
  return { requests, non2xx, rps, accepted, acceptedPerSecond: rps * (accepted / Math.max(1, requests)) };
}
