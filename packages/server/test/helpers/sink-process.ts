import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainScript = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface SinkProcess {
  child: ChildProcess;
  /** Where it listens, as it printed it. */
  url: string;
  output(): string;
  /** Resolves with everything printed once `text` shows up; rejects after 20 s with what was printed. */
  waitFor(text: string): Promise<string>;
  kill(): Promise<void>;
}

/** Runs `notify-bridge sink <args>` (default a port the OS picks) and waits for its "listening on" line. */
export async function startSinkProcess(
  env: NodeJS.ProcessEnv,
  args: string[] = ['--port', '0'],
): Promise<SinkProcess> {
  const child = spawn(process.execPath, [mainScript, 'sink', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (output.includes(text)) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(output);
        }
      };
      // A real-time bound on a child process we do not control, not a wait for something not to happen.
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the sink did not print "${text}" in 20 s; it printed:\n${output}`));
      }, 20_000);
      waiters.add(check);
      check();
    });
  await waitFor('listening on');
  const url = /listening on (\S+)/.exec(output)![1]!;
  return {
    child,
    url,
    output: () => output,
    waitFor,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
