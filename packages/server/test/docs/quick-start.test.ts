import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { type SinkProcess, startSinkProcess } from '../helpers/sink-process.ts';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

/** The ```sh block after `<!-- quick-start:<name> -->`: the test runs what the README says, not a copy. */
function block(name: string): string {
  const match = new RegExp(`<!-- quick-start:${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README.md has no \`\`\`sh block after <!-- quick-start:${name} -->`);
  return match[1]!;
}

/** The settings of the machine running the tests must not leak into the walkthrough. */
function freshEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(NB_|DATABASE_)/.test(name) && name !== 'PORT'),
  );
}

function runBash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { env: freshEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the README's first notification, followed literally", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nb-quick-start-'));
  let server: ServerProcess | undefined;
  let sink: SinkProcess | undefined;
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await sink?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays on this machine: every URL in it is local', () => {
    const urls =
      [block('serve'), block('sink'), block('script')].join('\n').match(/https?:\/\/[^\s'"/]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/);
  });

  it('delivers a test message and then the first event to the sink, on a fresh data directory', async () => {
    // Terminal 1: `<settings> npm start`. npm start runs `notify-bridge serve` (built); the test runs the
    // same command from the sources, on a port of its own, with the settings the README gives.
    const serve = block('serve').trim();
    const settings = /^((?:[A-Z_]+=\S+\s+)*)npm start$/.exec(serve);
    expect(settings, serve).not.toBeNull();
    const env = Object.fromEntries(
      settings![1]!
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => pair.split('=', 2) as [string, string]),
    );
    expect(env).toHaveProperty('NB_ALLOW_PRIVATE');
    // A fresh SQLite data directory, whatever this machine's environment says, and no admin token given,
    // so the first start prints one as the README says.
    server = await startServerProcess({
      ...freshEnv(),
      ...env,
      NB_DATA_DIR: dataDir,
      DATABASE_URL: '',
      NB_ADMIN_TOKEN: '',
      NB_LOG_LEVEL: 'info',
    });
    // The token the first start prints, as the user copies it.
    const token = /Admin API token[^\n]*\n\n {2}(nbt_[A-Za-z0-9_-]+)\n/.exec(server.output())?.[1];
    expect(token, server.output()).toBeDefined();

    // Terminal 2: `npx notify-bridge sink --port 9999`, on a free port instead of 9999.
    const sinkCommand = block('sink').trim();
    const sinkArgs = /^npx notify-bridge sink (.*)$/.exec(sinkCommand)?.[1]?.split(/\s+/);
    expect(sinkArgs, sinkCommand).toEqual(['--port', '9999']);
    sink = await startSinkProcess(freshEnv(), ['--port', '0']);
    const sinkAddress = new URL(sink.url).host;

    // Terminal 3, as written, with the three things that differ on this machine put in.
    const script = block('script');
    expect(script).toMatch(/^TOKEN=nbt_\.\.\. /m);
    expect(script).toContain('127.0.0.1:9999');
    const local = script
      .replace(/^TOKEN=nbt_\.\.\. .*$/m, `TOKEN=${token}`)
      .replaceAll('http://localhost:8080', server.baseUrl)
      .replaceAll('127.0.0.1:9999', sinkAddress);
    const result = await runBash(local);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // What the README says the commands answer.
    expect(result.stdout).toContain('{"status":"sent"}');
    expect(result.stdout).toMatch(/\{"id":"[0-9A-Z]{26}","duplicate":false\}/);

    const printed = await sink.waitFor('"title": "Backup finished"');
    expect(printed).toContain('"title": "notify-bridge test message"');
    // The rendered text, as the README says data.event.body is (in its walkthrough and its webhook section).
    const renderedBody = '"body": "Backup finished\\n412 GB in 3h12m\\n— scripts"';
    expect(printed).toContain(renderedBody);
    expect(readme).toContain(`(\`${renderedBody.slice('"body": '.length)}\`)`);
    expect(readme).toContain(renderedBody);
    expect(printed).toMatch(/ {2}webhook-id: \S+/);
    // The target has no secret, so, as the README's webhook section says, nothing is signed.
    expect(printed).not.toContain('webhook-signature');
  });
});
