import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'nb-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes `content` (a string is written as is, anything else as JSON) and returns its path. */
function configFile(content: unknown): string {
  const path = join(dir, `config-${files++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The ConfigError that loading `env` throws. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('serves on 0.0.0.0:8080 with SQLite FULL in ./data, resolved to an absolute path', () => {
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(resolve('./data'));
    expect(config.database).toEqual({
      sqlitePath: join(resolve('./data'), 'notify-bridge.db'),
      sqliteSynchronous: 'FULL',
      busyTimeoutMs: 5000,
    });
  });

  it('has the documented defaults for everything else', () => {
    expect(config.logLevel).toBe('info');
    expect(config.maxBodyBytes).toBe(1024 * 1024);
    expect(config.dedupWindowMs).toBe(72 * 3_600_000);
    expect(config.allowPrivate).toEqual([]);
    expect(config.adminToken).toBeUndefined();
    expect(config.secretKey).toBeUndefined();
    expect(config.renderTimeoutMs).toBe(1000);
    expect(config.dispatch).toEqual({
      concurrency: 64,
      leaseMs: 60_000,
      sendTimeoutMs: 15_000,
      pollIntervalMs: 1000,
      maxAttempts: 8,
      retryBaseMs: 2000,
      retryMaxMs: 3_600_000,
      shutdownTimeoutMs: 10_000,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', NB_ADMIN_TOKEN: '', DATABASE_URL: '' })).toEqual(config);
  });
});

describe('loadConfig from the environment', () => {
  it('reads every kind of value', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      NB_DATA_DIR: '/var/lib/nb',
      NB_SQLITE_SYNCHRONOUS: 'normal',
      NB_LOG_LEVEL: 'DEBUG',
      NB_ADMIN_TOKEN: 'nb_admin',
      NB_SECRET_KEY: 'a2V5',
      NB_DISPATCH_CONCURRENCY: '8',
      NB_LEASE_MS: '5000',
      NB_SEND_TIMEOUT_MS: '4999',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/var/lib/nb',
      database: { sqlitePath: '/var/lib/nb/notify-bridge.db', sqliteSynchronous: 'NORMAL' },
      logLevel: 'debug',
      adminToken: 'nb_admin',
      secretKey: 'a2V5',
      dispatch: { concurrency: 8, leaseMs: 5000, sendTimeoutMs: 4999 },
    });
  });

  it('selects PostgreSQL with DATABASE_URL and puts the tables in DATABASE_SCHEMA', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://nb@db:5432/nb', DATABASE_SCHEMA: 'bridge' });
    expect(config.database.url).toBe('postgres://nb@db:5432/nb');
    expect(config.database.postgresSchema).toBe('bridge');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/nb' }).database.url).toBe('postgresql://db/nb');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/nb' }).database).not.toHaveProperty('postgresSchema');
    expect(loadConfig({}).database).not.toHaveProperty('url');
  });

  it.each([
    ['192.168.1.0/24,ha.lan', ['192.168.1.0/24', 'ha.lan']],
    [' 10.0.0.0/8 , nas.local ', ['10.0.0.0/8', 'nas.local']],
    ['a,,b,', ['a', 'b']],
    [',', []],
    ['fd00::/8', ['fd00::/8']],
  ])('parses NB_ALLOW_PRIVATE=%j as a trimmed list without empty items', (raw, expected) => {
    expect(loadConfig({ NB_ALLOW_PRIVATE: raw }).allowPrivate).toEqual(expected);
  });

  it('accepts the edges of a range', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ NB_COMPAT_PORTS: ' ntfy = 2586 ' }).compatPorts).toEqual({ ntfy: 2586 });
    expect(loadConfig({}).compatPorts).toEqual({});
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ NB_MAX_BODY_BYTES: '1024' }).maxBodyBytes).toBe(1024);
    expect(loadConfig({ NB_DEDUP_WINDOW_HOURS: '0' }).dedupWindowMs).toBe(0);
    expect(loadConfig({ NB_DEDUP_WINDOW_HOURS: '87600' }).dedupWindowMs).toBe(87_600 * 3_600_000);
  });
});

describe('loadConfig errors name the setting and say what is expected', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT', 'expected a whole number from 0 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT', 'expected a whole number from 0 to 65535, got "70000"'],
    [{ PORT: '-1' }, 'PORT', 'expected a whole number from 0 to 65535'],
    [{ PORT: '80.5' }, 'PORT', 'expected a whole number'],
    [{ NB_MAX_BODY_BYTES: '100' }, 'NB_MAX_BODY_BYTES', 'expected a whole number from 1024'],
    [{ NB_DISPATCH_CONCURRENCY: '0' }, 'NB_DISPATCH_CONCURRENCY', 'from 1 to 10000'],
    [{ NB_DEDUP_WINDOW_HOURS: '1.5' }, 'NB_DEDUP_WINDOW_HOURS', 'expected a whole number from 0 to 87600'],
    [
      { NB_SQLITE_SYNCHRONOUS: 'sometimes' },
      'NB_SQLITE_SYNCHRONOUS',
      'expected one of FULL, NORMAL, OFF, got "sometimes"',
    ],
    [{ NB_LOG_LEVEL: 'loud' }, 'NB_LOG_LEVEL', 'expected one of TRACE, DEBUG, INFO'],
    [
      { NB_COMPAT_PORTS: 'ntfy' },
      'NB_COMPAT_PORTS',
      'expected kind=port pairs such as ntfy=2586, got "ntfy"',
    ],
    [{ NB_COMPAT_PORTS: 'ntfy=70000' }, 'NB_COMPAT_PORTS', 'got "ntfy=70000"'],
    [{ NB_COMPAT_PORTS: 'ntfy=1,ntfy=2' }, 'NB_COMPAT_PORTS', '"ntfy" is given two ports'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'only postgres:// URLs are supported'],
    [{ DATABASE_URL: 'x' }, 'DATABASE_URL', 'leave it empty for SQLite'],
    [{ NB_LEASE_MS: '15000' }, 'NB_LEASE_MS', 'must be longer than NB_SEND_TIMEOUT_MS (15000 ms)'],
    [
      { NB_LEASE_MS: '1000', NB_SEND_TIMEOUT_MS: '2000' },
      'NB_LEASE_MS',
      'must be longer than NB_SEND_TIMEOUT_MS (2000 ms)',
    ],
  ])('%j', (env, setting, expected) => {
    const error = configError(env);
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    expect(error.message).toContain(expected);
  });
});

describe('NB_CONFIG_FILE', () => {
  it('applies the keys of a JSON file', () => {
    const path = configFile({
      port: 9100,
      host: '::1',
      dataDir: '/srv/nb',
      databaseUrl: 'postgres://db/nb',
      databaseSchema: 'nb',
      sqliteSynchronous: 'off',
      allowPrivate: ['10.0.0.0/8', 'ha.lan'],
      leaseMs: 30_000,
      sendTimeoutMs: 10_000,
    });
    const config = loadConfig({ NB_CONFIG_FILE: path });
    expect(config).toMatchObject({
      port: 9100,
      host: '::1',
      dataDir: '/srv/nb',
      database: { url: 'postgres://db/nb', postgresSchema: 'nb', sqliteSynchronous: 'OFF' },
      allowPrivate: ['10.0.0.0/8', 'ha.lan'],
      dispatch: { leaseMs: 30_000, sendTimeoutMs: 10_000 },
    });
  });

  it('takes a list as a comma-separated string too', () => {
    const path = configFile({ allowPrivate: '10.0.0.0/8, ha.lan' });
    expect(loadConfig({ NB_CONFIG_FILE: path }).allowPrivate).toEqual(['10.0.0.0/8', 'ha.lan']);
  });

  it('lets the environment win over the file, unless the variable is empty', () => {
    const path = configFile({ port: 9100, host: '::1' });
    const config = loadConfig({ NB_CONFIG_FILE: path, PORT: '9200', HOST: '' });
    expect(config.port).toBe(9200);
    expect(config.host).toBe('::1');
  });

  it('treats null as not set', () => {
    const path = configFile({ adminToken: null, port: null });
    const config = loadConfig({ NB_CONFIG_FILE: path });
    expect(config.adminToken).toBeUndefined();
    expect(config.port).toBe(8080);
  });

  it('validates file values like variables, naming the variable', () => {
    const error = configError({ NB_CONFIG_FILE: configFile({ port: 'abc' }) });
    expect(error.setting).toBe('PORT');
    expect(error.message).toContain('expected a whole number');
  });

  it.each([
    ['an unknown key', { prot: 8080 }, 'unknown setting "prot"'],
    ['invalid JSON', '{"port": 80', 'as JSON'],
    ['an array', '[1, 2]', 'must hold a JSON object'],
    ['a string', '"port"', 'must hold a JSON object'],
    ['null', 'null', 'must hold a JSON object'],
    ['a nested object', { host: { name: 'x' } }, '"host" must be a string, a number, a boolean or a list'],
  ])('refuses %s, naming NB_CONFIG_FILE', (_what, content, expected) => {
    const error = configError({ NB_CONFIG_FILE: configFile(content) });
    expect(error.setting).toBe('NB_CONFIG_FILE');
    expect(error.message).toContain(expected);
  });

  it('refuses a file that does not exist, naming it', () => {
    const missing = join(dir, 'missing.json');
    const error = configError({ NB_CONFIG_FILE: missing });
    expect(error.setting).toBe('NB_CONFIG_FILE');
    expect(error.message).toContain(missing);
  });
});

describe('the loaded config', () => {
  it('is deeply frozen', () => {
    const config = loadConfig({ NB_ALLOW_PRIVATE: '10.0.0.0/8' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(Object.isFrozen(config.dispatch)).toBe(true);
    expect(Object.isFrozen(config.allowPrivate)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.dispatch as { leaseMs: number }).leaseMs = 1;
    }).toThrow(TypeError);
    expect(() => (config.allowPrivate as string[]).push('0.0.0.0/0')).toThrow(TypeError);
    expect(config.port).toBe(8080);
  });

  it('does not share state between loads', () => {
    const first = loadConfig({});
    const second = loadConfig({ NB_ALLOW_PRIVATE: 'ha.lan' });
    expect(first.allowPrivate).toEqual([]);
    expect(second.allowPrivate).toEqual(['ha.lan']);
  });
});
