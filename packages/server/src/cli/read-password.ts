import { CliError } from './cli-error.ts';

/**
 * A new password for a CLI command: asked twice on a terminal without echo, or read from standard input
 * when it is a pipe (one line; the line break that ends it is not part of the password), so scripts need
 * not put it on the command line, where `ps` and shell history would show it.
 */
export async function readNewPassword(command: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (password === '') throw new CliError(`${command}: no password on standard input`, 2);
    return password;
  }
  const first = await askHidden('Password: ');
  const again = await askHidden('Password again: ');
  if (first !== again) throw new CliError(`${command}: the passwords differ; nothing was changed`, 2);
  return first;
}

/** One line from the terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (done: () => void) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      done();
    };
    const onData = (text: string) => {
      for (const char of text) {
        if (char === '\r' || char === '\n') return finish(() => resolve(typed));
        if (char === '\u0003') return finish(() => reject(new CliError('cancelled', 130)));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}
