import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Runs a command line to its end: its exit code and what it printed on stdout (stderr shows as it is). */
export async function run(command: string, args: string[]): Promise<{ code: unknown; stdout: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  return { code, stdout };
}

/** Debian's Apprise CLI, which the compatibility tests send with; .ci/run installs it. */
export function appriseCli(): string {
  const apprise = '/usr/bin/apprise';
  if (!existsSync(apprise)) throw new Error(`${apprise} is missing: apt-get install apprise (.ci/run does)`);
  return apprise;
}

/** The HTTP status curl got for a request made with `args` (its body thrown away). */
export async function curlStatus(args: string[]): Promise<string> {
  const { code, stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...args]);
  if (code !== 0) throw new Error(`curl exited with ${String(code)}`);
  return stdout;
}
