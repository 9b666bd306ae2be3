import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { sharedBrokerUrl } from '../helpers/mosquitto.ts';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { startSinkProcess as startSink } from '../helpers/sink-process.ts';
import { testAdminToken } from '../helpers/test-app.ts';

const mainScript = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The settings of the machine running the tests must not leak into the CLI under test. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(NB_|DATABASE_)/.test(name) && name !== 'PORT' && name !== 'HOST',
    ),
  );
  return { ...base, ...env };
}

/** Runs `notify-bridge <args>` as a real child process and collects what it printed. */
function runCli(args: string[], env: Record<string, string>, stdin = '', cwd?: string): Promise<CliResult> {
  const child = spawn(process.execPath, [mainScript, ...args], {
    env: cleanEnv(env),
    ...(cwd ? { cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serve(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess(env);
  cleanups.push(() => server.kill('SIGKILL'));
  return server;
}

async function startSinkProcess() {
  const sink = await startSink(cleanEnv({}));
  cleanups.push(() => sink.kill());
  return sink;
}

/** A port nothing listens on: bound by the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function get(server: ServerProcess, path: string, token: string): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

describe.each(testDialects)('notify-bridge migrate on %s', (dialect) => {
  it('applies every migration to a fresh database, then finds it up to date', async () => {
    const env: Record<string, string> = { NB_DATA_DIR: dataDir() };
    if (dialect === 'postgres') {
      const database = await createTestDatabase('postgres');
      cleanups.push(() => database.drop());
      env.DATABASE_URL = database.settings.url!;
      env.DATABASE_SCHEMA = database.settings.postgresSchema!;
    }
    const first = await runCli(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const applied = first.stdout.trim().split('\n');
    expect(applied[0]).toBe('applied 0001-initial');
    expect(applied.every((line) => /^applied \d{4}-[a-z0-9-]+$/.test(line))).toBe(true);

    const second = await runCli(['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('the database is up to date\n');
  });
});

describe('notify-bridge serve', () => {
  it('prints an admin token once, on the first start only, and never logs it', async () => {
    const env = { NB_DATA_DIR: dataDir() };
    const first = await serve(env);
    const printed = first.output().match(/Admin API token[^\n]*\n\n {2}(nbt_[A-Za-z0-9_-]+)\n/);
    expect(printed, first.output()).not.toBeNull();
    const token = printed![1]!;
    expect(first.output().split(token)).toHaveLength(2);
    const jsonLines = first
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(0);
    for (const line of jsonLines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(token);
    }
    expect((await get(first, '/api/v1/sources', token)).status).toBe(200);
    await first.kill('SIGTERM');
    expect(first.child.exitCode).toBe(0);

    const second = await serve(env);
    expect(second.output()).not.toContain('Admin API token');
    expect(second.output()).not.toMatch(/nbt_[A-Za-z0-9_-]{20,}/);
    expect((await get(second, '/api/v1/sources', token)).status).toBe(200);
  });

  it('does not create a token when NB_ADMIN_TOKEN gives one', async () => {
    const server = await serve({ NB_DATA_DIR: dataDir(), NB_ADMIN_TOKEN: testAdminToken });
    expect(server.output()).not.toContain('Admin API token');
    expect(server.output()).not.toContain(testAdminToken);
    expect((await get(server, '/api/v1/sources', testAdminToken)).status).toBe(200);
  });
});

describe('the first run', () => {
  it('prints a one-time setup link, never logged, that creates the first admin', async () => {
    const server = await serve({ NB_DATA_DIR: dataDir() });
    const link =
      /Open this link within 1 hour[^\n]*\n\n {2}(http:\/\/\S+\/setup#token=(nbs_[A-Za-z0-9_-]{43}))\n/.exec(
        server.output(),
      );
    expect(link, server.output()).not.toBeNull();
    const [, url, token] = link!;
    expect(new URL(url!).port).toBe(new URL(server.baseUrl).port);
    for (const line of server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))) {
      expect(line).not.toContain(token);
    }
    const page = await fetch(`${server.baseUrl}/setup`);
    expect(page.status).toBe(200);
    const created = await fetch(`${server.baseUrl}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'root', password: 'correct horse battery' }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { user: { role: string } }).user.role).toBe('admin');
    expect(created.headers.get('set-cookie')).toMatch(/^nb_session=/);
  });

  // Eight CLI processes, each starting Node and hashing with argon2: 16 s alone, more on a busy machine.
  it('user create --admin takes over the first admin, reading the password from stdin; later ones are new users', async () => {
    const env = { NB_DATA_DIR: dataDir() };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const admin = await runCli(['user', 'create', '--admin', 'Alice'], env, 'correct horse battery\n');
    expect(admin.stderr).toBe('');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toMatch(/^created admin "alice" \(id [0-9A-Z]{26}\)\n$/);
    const member = await runCli(
      ['user', 'create', 'bob', '--display-name', 'Bob B', '--time-zone', 'Europe/Zurich'],
      env,
      'another long password',
    );
    expect(member.stdout).toMatch(/^created member "bob"/);
    const second = await runCli(['user', 'create', '--admin', 'carol'], env, 'yet another password\n');
    expect(second.stdout).toMatch(/^created admin "carol"/);
    expect(second.stdout).not.toContain(admin.stdout.match(/id (\w+)/)![1]);

    const short = await runCli(['user', 'create', 'dave'], env, 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toBe(
      'user create: /password: the password must be at least 12 characters long (it has 5)\n',
    );
    const taken = await runCli(['user', 'create', 'BOB'], env, 'another long password\n');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('the user name "bob" is taken');
    const none = await runCli(['user', 'create'], env);
    expect(none.code).toBe(2);

    const server = await serve(env);
    expect(server.output()).not.toContain('/setup#token=');
  }, 90_000);
});

describe('notify-bridge token create', () => {
  it('prints one new nbt_ token that the server then accepts', async () => {
    const env = { NB_DATA_DIR: dataDir() };
    // The database must exist: migrate creates it (serve would too).
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const created = await runCli(['token', 'create', '--name', 'ci'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^nbt_[A-Za-z0-9_-]{43}\n$/);
    const token = created.stdout.trim();

    const server = await serve(env);
    // The CLI's bootstrap already made the admin user a token, so the first start has none to show.
    expect(server.output()).not.toContain('Admin API token');
    expect((await get(server, '/api/v1/sources', token)).status).toBe(200);
    expect((await get(server, '/api/v1/sources', `${token}x`)).status).toBe(401);

    const another = await runCli(['token', 'create'], env);
    expect(another.code).toBe(0);
    expect(another.stdout.trim()).not.toBe(token);
    expect((await get(server, '/api/v1/sources', another.stdout.trim())).status).toBe(200);
  });

  it('makes a token of the scopes --scope names, and refuses an unknown one', async () => {
    const env = { NB_DATA_DIR: dataDir() };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const created = await runCli(['token', 'create', '--scope', 'read'], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    const server = await serve(env);
    expect((await get(server, '/api/v1/sources', token)).status).toBe(200);
    const write = await fetch(`${server.baseUrl}/api/v1/templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 't', bodies: { text: 't' } }),
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { message: string } }).error.message).toContain('"write" scope');

    const wrong = await runCli(['token', 'create', '--scopes', 'read,root'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown scope "root"; the scopes are read, write, admin');
    expect(wrong.stdout).toBe('');
  });

  it('refuses to make a database of its own: run elsewhere, it names the path it looked at', async () => {
    const serverDir = dataDir();
    const server = await serve({ NB_DATA_DIR: serverDir, NB_ADMIN_TOKEN: testAdminToken });
    // As a user would, from another directory, with the default (relative) NB_DATA_DIR.
    const elsewhere = dataDir();
    const result = await runCli(['token', 'create'], {}, '', elsewhere);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const missing = join(elsewhere, 'data', 'notify-bridge.db');
    expect(result.stderr).toBe(
      `token create: no database at ${missing}; set NB_DATA_DIR (or DATABASE_URL) to the server's, ` +
        'or run "notify-bridge migrate" to create one\n',
    );
    expect(existsSync(join(elsewhere, 'data'))).toBe(false);

    // Pointed at the server's data directory, the token works on the running server.
    const pointed = await runCli(['token', 'create'], { NB_DATA_DIR: serverDir }, '', elsewhere);
    expect(pointed.code).toBe(0);
    expect((await get(server, '/api/v1/sources', pointed.stdout.trim())).status).toBe(200);
  });

  it('says in one line that the database cannot be reached', async () => {
    const port = await closedPort();
    const result = await runCli(['token', 'create'], {
      NB_DATA_DIR: dataDir(),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/none`,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `token create: cannot read the PostgreSQL database of DATABASE_URL: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });

  it.each(testDialects)('refuses a %s database without the notify-bridge tables', async (dialect) => {
    const env: Record<string, string> = { NB_DATA_DIR: dataDir() };
    let where = join(env.NB_DATA_DIR!, 'notify-bridge.db');
    if (dialect === 'postgres') {
      const database = await createTestDatabase('postgres');
      cleanups.push(() => database.drop());
      env.DATABASE_URL = database.settings.url!;
      env.DATABASE_SCHEMA = database.settings.postgresSchema!;
      where = `the PostgreSQL database of DATABASE_URL (schema ${env.DATABASE_SCHEMA})`;
    } else {
      // An empty file where the database should be: not notify-bridge's, and not to be filled by this.
      writeFileSync(where, '');
    }
    const result = await runCli(['token', 'create'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `token create: ${where} has no notify-bridge tables; set NB_DATA_DIR (or DATABASE_URL) to the ` +
        'server\'s, or run "notify-bridge migrate" to create one\n',
    );
  });
});

describe('notify-bridge send', () => {
  it('posts an event to a source of a running server, which the API then lists', async () => {
    const server = await serve({ NB_DATA_DIR: dataDir(), NB_ADMIN_TOKEN: testAdminToken });
    const hookToken = 'cli-send-hook-token-0123456789';
    const created = await fetch(`${server.baseUrl}/api/v1/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'webhook',
        name: 'cli',
        config: { auth: { mode: 'bearer' }, secret: hookToken },
      }),
    });
    expect(created.status).toBe(201);
    const { id: sourceId } = (await created.json()) as { id: string };
    const send = (args: string[], stdin = '') =>
      runCli(['send', '--source', sourceId, '--server', server.baseUrl, ...args], {}, stdin);

    const sent = await send(['--title', 'Backup finished', '--body', '412 GB', '--token', hookToken]);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    const accepted = JSON.parse(sent.stdout) as { id: string; duplicate: boolean };
    expect(accepted.duplicate).toBe(false);

    const fromStdin = await send(['--title', 'Piped', '--body', '-', '--token', hookToken], 'from stdin\n');
    expect(fromStdin.code).toBe(0);

    const list = await get(server, `/api/v1/events?sourceId=${sourceId}`, testAdminToken);
    const { items } = (await list.json()) as { items: { id: string; title: string; body: string }[] };
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: accepted.id, title: 'Backup finished', body: '412 GB' }),
        expect.objectContaining({ title: 'Piped', body: 'from stdin\n' }),
      ]),
    );

    const refused = await send(['--title', 'x', '--token', 'wrong-token']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^send: the server refused the event: 401 NB_ERR_UNAUTHORIZED: [^\n]+\n$/);
  });

  it('says in one line that the server cannot be reached, with no stack', async () => {
    const closed = await closedPort();
    const result = await runCli(['send', '--source', 'x', '--server', `http://127.0.0.1:${closed}`], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `send: cannot reach http://127.0.0.1:${closed} (ECONNREFUSED); is notify-bridge running there? ` +
        '--server URL points elsewhere\n',
    );
  });

  it('needs --source or --to', async () => {
    const result = await runCli(['send', '--title', 'x'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('send: --source ID or --to URL is required');
  });
});

describe('notify-bridge send --to URL', () => {
  it('sends one message to a json:// URL with no stored configuration, through the SSRF guard', async () => {
    const sink = await new HttpSink().start();
    cleanups.push(() => sink.close());
    const to = `json://bob:pw-4711@${sink.url.slice('http://'.length)}/cli?+X-Tag=nightly`;
    const args = [
      'send',
      '--to',
      to,
      '--title',
      'Backup finished',
      '--body',
      '412 GB',
      '--severity',
      'warning',
    ];

    // Like the server, the CLI refuses a private address the operator did not allow, and says so.
    const refused = await runCli(args, { NB_DATA_DIR: dataDir() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^send: not sent: receiver 1: failed \([^\n]*\)\n$/);
    expect(refused.stderr).not.toContain('pw-4711');
    expect(sink.requests).toHaveLength(0);

    const sent = await runCli(args, { NB_ALLOW_PRIVATE: '127.0.0.1', NB_DATA_DIR: dataDir() });
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toBe('sent to receiver 1\n');
    expect(sent.code).toBe(0);
    expect(sink.requests).toHaveLength(1);
    const request = sink.requests[0]!;
    expect(request.url).toBe('/cli');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('bob:pw-4711').toString('base64')}`);
    expect(request.headers['x-tag']).toBe('nightly');
    expect(request.headers['webhook-id']).toBeDefined();
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'cli.send',
      data: { event: { title: 'Backup finished', body: '412 GB', severity: 'warning' } },
    });
  });

  it('publishes to the local Mosquitto from an mqtt:// URL and closes its connection after', async () => {
    const topic = `nb-test/cli-${process.pid}-${Date.now()}`;
    const subscriber = await connectAsync(sharedBrokerUrl, { reconnectPeriod: 0 });
    cleanups.push(() => subscriber.endAsync());
    const received: { topic: string; payload: string; qos: number }[] = [];
    subscriber.on('message', (t, payload, packet) =>
      received.push({ topic: t, payload: payload.toString(), qos: packet.qos }),
    );
    await subscriber.subscribeAsync(topic, { qos: 2 });

    const sent = await runCli(
      [
        'send',
        '--to',
        `mqtt://127.0.0.1:1883/${topic}?qos=1&payload=text`,
        '--title',
        'Washer',
        '--body',
        'done',
      ],
      { NB_ALLOW_PRIVATE: '127.0.0.1', NB_DATA_DIR: dataDir() },
    );
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toBe('sent to receiver 1\n');
    // The process ended by itself: a connection left open would have kept it running.
    expect(sent.code).toBe(0);
    await eventually(async () => (received.length > 0 ? true : undefined), 5000, 'the published message');
    expect(received[0]).toMatchObject({ topic, qos: 1 });
    expect(received[0]!.payload).toContain('Washer');
    expect(received[0]!.payload).toContain('done');
  });

  it('refuses a URL it cannot read, or one its channel refuses, with exit 2 and without the secret', async () => {
    const unknown = await runCli(['send', '--to', 'pagerduty://hunter2@x', '--title', 'x'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^send: --to has the scheme "pagerduty:\/\/", which no channel reads/);
    const badToken = await runCli(['send', '--to', 'pover://hunter2hunter2@hunter2', '--title', 'x'], {});
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/^send: --to \(pushover\): config \/token /);
    for (const result of [unknown, badToken]) expect(result.stderr).not.toContain('hunter2');
    const both = await runCli(['send', '--to', 'ntfy://x', '--source', 'y'], {});
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
  });
});

describe('notify-bridge usage and errors', () => {
  it.each([
    ['frobnicate', 'unknown command "frobnicate"; run notify-bridge --help for the commands'],
    ['token delete', 'unknown command "token delete"; run notify-bridge --help for the commands'],
    ['token', 'token: which one? see notify-bridge token --help'],
    ['help frobnicate', 'help: no command "frobnicate"; run notify-bridge --help for the commands'],
  ])('exits 2 with one line for "%s"', async (command, line) => {
    const result = await runCli(command.split(' '), {});
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
  });

  it.each([[[]], [['help']], [['--help']], [['-h']]])(
    'prints the overview for %j, exiting 0',
    async (args) => {
      const result = await runCli(args, {});
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('notify-bridge <command> [options]');
      for (const command of ['serve', 'migrate', 'send', 'token create', 'sink', 'help <command>']) {
        expect(result.stdout).toContain(`  ${command} `);
      }
    },
  );

  it.each([
    ['serve', 'notify-bridge serve'],
    ['migrate', 'notify-bridge migrate'],
    ['send', '--source ID'],
    ['token', 'create'],
    ['token create', '--scope SCOPES'],
    ['sink', '--port PORT'],
  ])(
    '"%s --help", "%s -h" and "help %s" print its page, exiting 0, doing nothing else',
    async (command, text) => {
      // No data directory is made: --help must not start the command.
      const dir = dataDir();
      const env = { NB_DATA_DIR: join(dir, 'data') };
      for (const args of [
        [...command.split(' '), '--help'],
        [...command.split(' '), '-h'],
        ['help', ...command.split(' ')],
      ]) {
        const result = await runCli(args, env);
        expect(result.code, args.join(' ')).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain(text);
      }
      expect(existsSync(join(dir, 'data'))).toBe(false);
    },
  );

  it.each([
    [['send', '--help-me'], 'send: unknown option --help-me; see notify-bridge send --help'],
    [['send', '--source'], 'send: --source needs a value; see notify-bridge send --help'],
    [['send', 'stray'], 'send: unexpected argument "stray"; see notify-bridge send --help'],
    [['serve', '--port', '1'], 'serve: unknown option --port; see notify-bridge serve --help'],
    [['sink', '--port', 'x'], 'sink: --port must be a whole number from 0 to 65535, got "x"'],
    [['send', '--source', 'x', '--server', 'nope'], 'send: --server "nope" is not a URL (http://host:port)'],
  ])('a wrong invocation %j is one line and exit 2', async (args, line) => {
    const result = await runCli(args, {});
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
  });

  it.each(['serve', 'migrate'])('%s stops on a bad setting, naming it', async (command) => {
    const result = await runCli([command], { PORT: 'abc', NB_DATA_DIR: dataDir() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(
      'configuration error: PORT: expected a whole number from 0 to 65535, got "abc"\n',
    );
    expect(result.stdout).toBe('');
  });
});

describe('notify-bridge sink', () => {
  it('prints each request it receives, with the webhook headers and the JSON body, and answers 200', async () => {
    const sink = await startSinkProcess();
    const response = await fetch(sink.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      body: JSON.stringify({ type: 'backup.done', data: { event: { title: 'Backup finished' } } }),
    });
    expect(response.status).toBe(200);
    const printed = await sink.waitFor('Backup finished');
    expect(printed).toContain('--> POST / (');
    expect(printed).toContain('  webhook-id: msg_1');
    expect(printed).toContain('"title": "Backup finished"');
  });
});
