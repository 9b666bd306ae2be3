import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createApp } from './app.ts';
import { recordAudit } from './auth/audit-log.ts';
import { claimFirstAdmin, firstAdmin } from './auth/first-admin.ts';
import { createUser, type UserRow, userView } from './auth/users.ts';
import { bootstrap, insertToken } from './bootstrap.ts';
import { CliError, parseCommandArgs } from './cli/cli-error.ts';
import { openExistingDatabase } from './cli/existing-database.ts';
import { commandHelp, overview } from './cli/help.ts';
import { readNewPassword } from './cli/read-password.ts';
import { sendToUrl } from './cli/send-to-url.ts';
import { startSink } from './cli/sink.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openDatabase } from './db/open-database.ts';
import { systemClock } from './domain/clock.ts';
import { isSeverity, severities } from './domain/event.ts';
import { BridgeError, ConfigError } from './errors.ts';
import { generateApiToken } from './security/api-tokens.ts';
import { parseTokenScopes } from './security/token-scopes.ts';
import { createLogger } from './telemetry/logger.ts';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  serve: (args) => withoutOptions('serve', args, serve),
  migrate: (args) => withoutOptions('migrate', args, migrate),
  send,
  'token create': createToken,
  'user create': createUserCommand,
  sink,
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return print(overview);
  if (first === 'help') return help(rest);
  const twoWords = rest[0] !== undefined && !rest[0].startsWith('-') ? `${first} ${rest[0]}` : undefined;
  const name = twoWords && commands[twoWords] ? twoWords : first;
  const command = commands[name];
  const args = name === twoWords ? rest.slice(1) : rest;
  if (command) return command(args);
  // A group of commands (`token`) on its own, or with --help, shows its commands.
  if (commandHelp[first] && (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h')) {
    if (rest.length > 0) return print(commandHelp[first]);
    throw new CliError(`${first}: which one? see notify-bridge ${first} --help`, 2);
  }
  throw new CliError(`unknown command "${argv.join(' ')}"; run notify-bridge --help for the commands`, 2);
}

function print(text: string): number {
  console.log(text);
  return 0;
}

function help(args: string[]): number {
  if (args.length === 0) return print(overview);
  const page = commandHelp[args.join(' ')];
  if (!page)
    throw new CliError(`help: no command "${args.join(' ')}"; run notify-bridge --help for the commands`, 2);
  return print(page);
}

/** serve and migrate take no options but --help; anything else is a mistake worth saying. */
function withoutOptions(name: string, args: string[], run: () => Promise<number>): Promise<number> {
  const { help } = parseCommandArgs(name, args, {});
  return help ? Promise.resolve(print(commandHelp[name]!)) : run();
}

async function serve(): Promise<number> {
  const app = await createApp(loadConfig());
  if (app.boot.createdAdminToken) {
    // Printed once, to the terminal only: the log never carries it, the database holds only its hash.
    process.stdout.write(
      `\nAdmin API token (shown only now, store it somewhere safe):\n\n  ${app.boot.createdAdminToken}\n\n`,
    );
  }
  const address = await app.listen();
  if (app.setupToken) {
    // To the terminal only, like the token above; the fragment keeps it out of every access log.
    process.stdout.write(
      `\nNobody can sign in yet. Open this link within 1 hour to create the first admin:\n\n  ${setupLink(app.config.publicUrl ?? address, app.setupToken)}\n\n` +
        'or run: notify-bridge user create --admin NAME\n\n',
    );
  }
  app.logger.info({ address, database: app.database.dialect }, 'notify-bridge is listening');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return new Promise(() => {});
}

/** The setup page on the address people reach: a wildcard bind address becomes localhost. */
function setupLink(base: string, token: string): string {
  const url = new URL('/setup', base.replace('//0.0.0.0', '//localhost').replace('//[::]', '//localhost'));
  url.hash = `token=${token}`;
  return url.toString();
}

async function migrate(): Promise<number> {
  const database = openDatabase(loadConfig().database);
  try {
    const report = await migrateToLatest(database);
    for (const name of report.applied) console.log(`applied ${name}`);
    if (report.error) {
      throw new CliError(`migrate: migration ${report.error.migration} failed: ${report.error.message}`);
    }
    if (report.applied.length === 0) console.log('the database is up to date');
    return 0;
  } finally {
    await database.close();
  }
}

const sendTimeoutMs = 30_000;

async function send(args: string[]): Promise<number> {
  const { values, help } = parseCommandArgs('send', args, {
    source: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    type: { type: 'string' },
    severity: { type: 'string' },
    token: { type: 'string' },
    server: { type: 'string' },
    to: { type: 'string' },
  });
  if (help) return print(commandHelp.send!);
  if (values.to !== undefined && values.source !== undefined) {
    throw new CliError(
      'send: give --to URL (straight to a channel) or --source ID (to a server), not both',
      2,
    );
  }
  if (values.to !== undefined) return sendTo(values.to, values);
  if (!values.source) {
    throw new CliError('send: --source ID or --to URL is required; see notify-bridge send --help', 2);
  }
  const server = values.server ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
  let url: URL;
  try {
    url = new URL(`/hooks/${encodeURIComponent(values.source)}`, server);
  } catch {
    throw new CliError(`send: --server "${server}" is not a URL (http://host:port)`, 2);
  }
  const body = values.body === '-' ? readFileSync(0, 'utf8') : values.body;
  const payload = { title: values.title, message: body, type: values.type, severity: values.severity };
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(values.token ? { authorization: `Bearer ${values.token}` } : {}),
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(sendTimeoutMs),
    });
  } catch (error) {
    throw new CliError(
      `send: cannot reach ${url.origin} (${networkReason(error)}); is notify-bridge running there? --server URL points elsewhere`,
    );
  }
  const text = await response.text();
  if (response.ok) return print(text);
  throw new CliError(`send: the server refused the event: ${response.status} ${serverError(text)}`);
}

/** `send --to URL`: one message to the channel the URL names, with no server and nothing stored. */
async function sendTo(
  url: string,
  values: { title?: string; body?: string; severity?: string },
): Promise<number> {
  const severity = values.severity ?? 'info';
  if (!isSeverity(severity)) {
    throw new CliError(`send: --severity must be one of ${severities.join(', ')}`, 2);
  }
  const body = values.body === '-' ? readFileSync(0, 'utf8') : (values.body ?? '');
  if (!values.title && !body) throw new CliError('send: --to needs a --title or a --body to send', 2);
  const config = loadConfig();
  const results = await sendToUrl({
    url,
    title: values.title ?? '',
    body,
    severity,
    allowPrivate: config.allowPrivate,
    sendTimeoutMs: config.dispatch.sendTimeoutMs,
    clock: systemClock,
    // Logs go to stderr, so stdout stays the result a script reads.
    logger: createLogger({ level: config.logLevel, destination: pino.destination(2) }),
  });
  const failed = results.filter((result) => result.outcome.status !== 'sent');
  for (const { receiver, outcome } of results) {
    if (outcome.status === 'sent') print(`sent to receiver ${receiver}`);
  }
  if (failed.length === 0) return 0;
  const reasons = failed.map(({ receiver, outcome }) =>
    outcome.status === 'sent' ? '' : `receiver ${receiver}: ${outcome.status} (${outcome.error.message})`,
  );
  throw new CliError(`send: not sent: ${reasons.join('; ')}`);
}

/** Why fetch failed, in a word: undici hides the cause (ECONNREFUSED, ENOTFOUND) behind "fetch failed". */
function networkReason(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return `no answer in ${sendTimeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** `NB_ERR_X: message` from our error body, else the start of whatever the server said. */
function serverError(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (error?.code) return `${error.code}: ${error.message ?? ''}`.trim();
  } catch {
    // Not ours (a proxy's page): shown as it came, cut.
  }
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

async function createToken(args: string[]): Promise<number> {
  const { values, help } = parseCommandArgs('token create', args, {
    name: { type: 'string' },
    scope: { type: 'string' },
    scopes: { type: 'string' },
  });
  if (help) return print(commandHelp['token create']!);
  const scopes = parseTokenScopes(values.scope ?? values.scopes ?? 'admin');
  if (typeof scopes === 'string') throw new CliError(`token create: --scope: ${scopes}`, 2);
  const config = loadConfig();
  const database = await openExistingDatabase('token create', config);
  try {
    const { adminUserId } = await bootstrap(database, systemClock, config.adminToken);
    const token = generateApiToken();
    await insertToken(database, adminUserId, token, values.name ?? 'cli', systemClock.now(), scopes);
    return print(token);
  } finally {
    await database.close();
  }
}

async function createUserCommand(args: string[]): Promise<number> {
  const { values, help, positionals } = parseCommandArgs(
    'user create',
    args,
    {
      admin: { type: 'boolean' },
      'display-name': { type: 'string' },
      locale: { type: 'string' },
      'time-zone': { type: 'string' },
    },
    true,
  );
  if (help) return print(commandHelp['user create']!);
  if (positionals.length !== 1) {
    throw new CliError('user create: name one user: notify-bridge user create [--admin] NAME', 2);
  }
  const config = loadConfig();
  const database = await openExistingDatabase('user create', config);
  try {
    await bootstrap(database, systemClock, config.adminToken);
    const password = await readNewPassword('user create');
    const profile = {
      name: positionals[0]!,
      password,
      displayName: values['display-name'],
      locale: values.locale,
      timeZone: values['time-zone'],
    };
    const now = systemClock.now();
    // The first admin (made on the first start, with the bridge source and the first token) is taken over
    // while nobody has set its password; later admins and every member are new users.
    const unclaimed = values.admin && (await firstAdmin(database))?.password_hash === null;
    let user: UserRow;
    if (unclaimed) {
      user = await claimFirstAdmin(database, profile, now);
    } else {
      user = await createUser(database, { ...profile, role: values.admin ? 'admin' : 'member' }, now);
      // Whoever runs the CLI can open the database, so the entry names no actor, only the way in.
      await recordAudit(
        database.db,
        now,
        { userId: null, via: 'cli', address: null },
        { action: 'user.create', resourceType: 'user', resourceId: user.id, after: { ...userView(user) } },
      );
    }
    return print(`created ${user.role} "${user.name}" (id ${user.id})`);
  } catch (error) {
    if (error instanceof BridgeError) throw new CliError(`user create: ${error.message}`, 2);
    throw error;
  } finally {
    await database.close();
  }
}

async function sink(args: string[]): Promise<number> {
  const { values, help } = parseCommandArgs('sink', args, {
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (help) return print(commandHelp.sink!);
  const port = Number(values.port ?? 9999);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliError(`sink: --port must be a whole number from 0 to 65535, got "${values.port}"`, 2);
  }
  const host = values.host ?? '127.0.0.1';
  const started = await startSink({ host, port, write: (text) => process.stdout.write(text) }).catch(
    (error: NodeJS.ErrnoException) => {
      throw new CliError(`sink: cannot listen on ${host}:${port} (${error.code ?? error.message})`);
    },
  );
  console.log(`notify-bridge sink listening on ${started.url} (Ctrl-C stops it)\n`);
  const stop = () => started.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => {});
}

/** One line, no stack: what went wrong and, where we know, what to do about it. */
function failure(error: unknown): { message: string; code: number } {
  if (error instanceof CliError) return { message: error.message, code: error.exitCode };
  if (error instanceof ConfigError) return { message: `configuration error: ${error.message}`, code: 1 };
  // A connection refused on every address of a name (localhost: ::1 and 127.0.0.1) is an AggregateError
  // with an empty message of its own.
  const parts = error instanceof AggregateError ? error.errors : [error];
  const message = parts
    .map((part) =>
      part instanceof Error ? part.message || (part as NodeJS.ErrnoException).code : String(part),
    )
    .join('; ');
  return { message: `notify-bridge: ${message} (NB_DEBUG=1 shows where)`, code: 1 };
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    const { message, code } = failure(error);
    console.error(message);
    if (process.env.NB_DEBUG && error instanceof Error) console.error(error.stack);
    process.exit(code);
  },
);
