import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * A CLI failure told to the user as one line: what went wrong and what to do. `exitCode` 2 is a wrong
 * invocation (a usage error), 1 a command that could not do its work.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` with `--help` added and its errors (ERR_PARSE_ARGS_*, whose messages are long and whose
 * stack is noise) turned into one line naming the command. `help` is true when --help or -h was given.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
): {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  help: boolean;
  positionals: string[];
} {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    });
    const { help, ...rest } = values as Record<string, unknown>;
    return { values: rest as never, help: help === true, positionals };
  } catch (error) {
    throw new CliError(`${command}: ${argumentProblem(error)}; see notify-bridge ${command} --help`, 2);
  }
}

function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(message ?? '')?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return quoted ? `${quoted.split(' ')[0]} needs a value` : 'an option is missing its value';
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted ? `"${quoted}"` : ''}`.trim();
    default:
      return message ?? String(error);
  }
}
