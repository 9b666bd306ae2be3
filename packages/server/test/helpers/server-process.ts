import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainScript = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `notify-bridge serve` as a real child process and waits for /readyz. It listens on a port the OS
 * picks and the address is read from its "listening" log line: a port probed free and handed over later
 * can be taken in between by another test's server, which would then answer our /readyz (and record our
 * probes as requests of its own).
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [mainScript, 'serve'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  let baseUrl: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    baseUrl ??= listeningAddress(output);
    if (baseUrl && (await isReady(baseUrl))) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      const why = baseUrl ? 'not ready' : 'did not log "notify-bridge is listening" (is NB_LOG_LEVEL info?)';
      throw new Error(`server ${why} in 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    baseUrl,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

function listeningAddress(output: string): string | undefined {
  // The last piece may be a line still being written.
  for (const line of output.split('\n').slice(0, -1)) {
    if (!line.includes('notify-bridge is listening')) continue;
    const { address } = JSON.parse(line) as { address: string };
    return address.replace('0.0.0.0', '127.0.0.1');
  }
  return undefined;
}

function isReady(baseUrl: string): Promise<boolean> {
  return fetch(`${baseUrl}/readyz`).then(
    (response) => response.ok,
    () => false,
  );
}
