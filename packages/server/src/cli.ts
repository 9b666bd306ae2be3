import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { bootstrap, insertToken } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openDatabase } from './db/open-database.ts';
import { systemClock } from './domain/clock.ts';
import { ConfigError } from './errors.ts';
import { generateApiToken } from './security/api-tokens.ts';
import { parseTokenScopes } from './security/token-scopes.ts';

const usage = `notify-bridge <command> [options]

Commands:
  serve                 run the service (applies pending migrations first)
  migrate               apply pending database migrations and exit
  send                  post an event to a webhook source of a running server
      --source ID         the source id (required)
      --title TEXT        event title
      --body TEXT         event body ("-" reads standard input)
      --type TYPE         event type (dot.case)
      --severity LEVEL    debug | info | warning | error | critical
      --token TOKEN       bearer token, if the source requires one
      --server URL        default http://127.0.0.1:$PORT
  token create          create an API token for the admin user and print it once
      --name NAME         a label for the token
      --scope SCOPES      read | write | admin, comma-separated (default admin); each
                          includes the ones before it: read sees, write also changes,
                          admin also reaches every user's rows

Settings come from environment variables (see the README's configuration reference)
and, optionally, a JSON file named by NB_CONFIG_FILE.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrate();
    case 'send':
      return send(rest);
    case 'token':
      if (rest[0] === 'create') return createToken(rest.slice(1));
      break;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return 0;
  }
  console.error(`unknown command "${[command, ...rest].join(' ')}"\n\n${usage}`);
  return 2;
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

async function migrate(): Promise<number> {
  const database = openDatabase(loadConfig().database);
  try {
    const report = await migrateToLatest(database);
    for (const name of report.applied) console.log(`applied ${name}`);
    if (report.error) {
      console.error(`migration ${report.error.migration} failed: ${report.error.message}`);
      return 1;
    }
    if (report.applied.length === 0) console.log('the database is up to date');
    return 0;
  } finally {
    await database.close();
  }
}

async function send(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      source: { type: 'string' },
      title: { type: 'string' },
      body: { type: 'string' },
      type: { type: 'string' },
      severity: { type: 'string' },
      token: { type: 'string' },
      server: { type: 'string' },
    },
  });
  if (!values.source) {
    console.error('send: --source is required');
    return 2;
  }
  const server = values.server ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
  const body = values.body === '-' ? readFileSync(0, 'utf8') : values.body;
  const payload = { title: values.title, message: body, type: values.type, severity: values.severity };
  const response = await fetch(new URL(`/hooks/${encodeURIComponent(values.source)}`, server), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(values.token ? { authorization: `Bearer ${values.token}` } : {}),
    },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  console.log(text);
  return response.ok ? 0 : 1;
}

async function createToken(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, scope: { type: 'string' }, scopes: { type: 'string' } },
  });
  const scopes = parseTokenScopes(values.scope ?? values.scopes ?? 'admin');
  if (typeof scopes === 'string') {
    console.error(`token create: --scope: ${scopes}`);
    return 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    const report = await migrateToLatest(database);
    if (report.error) throw new Error(report.error.message);
    const { adminUserId } = await bootstrap(database, systemClock, config.adminToken);
    const token = generateApiToken();
    await insertToken(database, adminUserId, token, values.name ?? 'cli', systemClock.now(), scopes);
    console.log(token);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
    process.exit(1);
  },
);
