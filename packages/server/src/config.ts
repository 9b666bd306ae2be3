import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import type { DatabaseSettings, SqliteSynchronous } from './db/open-database.ts';
import { isTimeZone } from './domain/zoned-time.ts';
import { ConfigError } from './errors.ts';

export interface Config {
  host: string;
  port: number;
  /** Source kinds served at the root of a port of their own, by kind: `{ ntfy: 2586 }`. */
  compatPorts: Readonly<Record<string, number>>;
  dataDir: string;
  database: DatabaseSettings;
  logLevel: string;
  maxBodyBytes: number;
  dedupWindowMs: number;
  bodyDedupWindowMs: number;
  allowPrivate: readonly string[];
  adminToken: string | undefined;
  secretKey: string | undefined;
  dispatch: {
    concurrency: number;
    leaseMs: number;
    sendTimeoutMs: number;
    pollIntervalMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    shutdownTimeoutMs: number;
  };
  renderTimeoutMs: number;
  publicUrl: string | undefined;
  inboundScanMs: number;
  timeZone: string;
  sessions: { idleMs: number; maxMs: number };
  streams: StreamSettings;
  auditRetentionMs: number;
  /** OpenID Connect sign-in; undefined when NB_OIDC_ISSUER is not set. */
  oidc: OidcConfig | undefined;
  /** Sign-in by a trusted reverse proxy's Remote-User header; undefined when NB_TRUSTED_PROXIES is empty. */
  proxyAuth: { trustedProxies: readonly string[]; adminGroup: string | undefined } | undefined;
  /** Every setting and where its value came from, secrets hidden; absent in a config built by hand. */
  effective?: readonly EffectiveSetting[];
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  groupsClaim: string;
  allowedGroups: readonly string[];
  adminGroup: string | undefined;
}

/** The realtime streams (realtime/). */
export interface StreamSettings {
  /** Entries older than this are deleted; a subscriber resuming from before them is told of the gap. */
  retentionMs: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** Open streams one user may hold at once. */
  maxPerUser: number;
  /** Bytes a subscriber may leave unread before it is dropped as too slow. */
  maxBufferedBytes: number;
  /** The range a topic's subscriber token's lifetime is clamped to. */
  subscriberTokenTtl: { minSeconds: number; maxSeconds: number };
}

type Parser<T> = (raw: string) => T;

interface Setting<T> {
  env: string;
  /** Key in the optional JSON config file. */
  key: string;
  default: T | (() => T);
  parse: Parser<T>;
  doc: string;
  /** Never shown: `value` hides the whole setting, `password` only a URL's password. */
  secret?: 'value' | 'password';
}

/** One setting as the server runs with it, for the settings page (`GET /api/v1/settings`). */
export interface EffectiveSetting {
  env: string;
  key: string;
  /** What the server uses, as text; a secret is only `set` or empty, a URL's password `***`. */
  value: string;
  from: 'environment' | 'file' | 'default';
  secret: boolean;
  doc: string;
}

const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> =>
  (raw) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`expected a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
const text: Parser<string> = (raw) => raw;
const httpUrl: Parser<string> = (raw) => {
  if (!/^https?:\/\/[^/\s]+/.test(raw)) throw new Error(`expected an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
};
const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
/** `kind=port` pairs, comma-separated: `ntfy=2586`. */
const kindPorts: Parser<Record<string, number>> = (raw) => {
  const ports: Record<string, number> = {};
  for (const pair of list(raw)) {
    const match = /^([a-z][a-z0-9_-]*)\s*=\s*(\d{1,5})$/.exec(pair);
    const port = match ? Number(match[2]) : Number.NaN;
    if (!match || port > 65535) throw new Error(`expected kind=port pairs such as ntfy=2586, got "${pair}"`);
    if (Object.hasOwn(ports, match[1]!)) throw new Error(`"${match[1]}" is given two ports`);
    ports[match[1]!] = port;
  }
  return ports;
};
const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    const upper = raw.toUpperCase() as T;
    if (!values.includes(upper)) throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
    return upper;
  };

/** Every setting, in the order the README documents them (`npm run --silent config-docs` prints the table). */
export const settings = {
  port: { env: 'PORT', key: 'port', default: 8080, parse: integer(0, 65535), doc: 'HTTP port.' },
  compatPorts: {
    env: 'NB_COMPAT_PORTS',
    key: 'compatPorts',
    default: {} as Record<string, number>,
    parse: kindPorts,
    doc: "Compatibility APIs served at the root of a port of their own, as `kind=port` pairs (`ntfy=2586`): for senders that cannot add a path prefix, such as Apprise's `ntfy://` with an attachment. The port serves that API only; `0` picks a free one.",
  },
  host: { env: 'HOST', key: 'host', default: '0.0.0.0', parse: text, doc: 'Address to listen on.' },
  dataDir: {
    env: 'NB_DATA_DIR',
    key: 'dataDir',
    default: './data',
    parse: text,
    doc: 'Folder for the SQLite database and the secret key file.',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    default: '',
    parse: text,
    secret: 'password',
    doc: 'A `postgres://` URL selects PostgreSQL; empty means the embedded SQLite file in the data directory.',
  },
  databaseSchema: {
    env: 'DATABASE_SCHEMA',
    key: 'databaseSchema',
    default: '',
    parse: text,
    doc: 'PostgreSQL only: the schema that holds the tables (created if missing); empty uses the server default (`public`).',
  },
  sqliteSynchronous: {
    env: 'NB_SQLITE_SYNCHRONOUS',
    key: 'sqliteSynchronous',
    default: 'FULL' as SqliteSynchronous,
    parse: oneOf<SqliteSynchronous>('FULL', 'NORMAL', 'OFF'),
    doc: '`FULL` (default) survives power loss; `NORMAL` survives a process crash but a power cut may lose the last commits, whose senders were already told 2xx; `OFF` may corrupt the database on power loss.',
  },
  logLevel: {
    env: 'NB_LOG_LEVEL',
    key: 'logLevel',
    default: 'info',
    parse: oneOf('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'SILENT'),
    doc: 'Log level.',
  },
  maxBodyBytes: {
    env: 'NB_MAX_BODY_BYTES',
    key: 'maxBodyBytes',
    default: 1024 * 1024,
    parse: integer(1024),
    doc: 'Largest webhook body accepted (413 past it), unless a source sets its own.',
  },
  dedupWindowHours: {
    env: 'NB_DEDUP_WINDOW_HOURS',
    key: 'dedupWindowHours',
    default: 72,
    parse: integer(0, 24 * 3650),
    doc: "How long a sender's delivery id (or a mapping's `dedupKey`) turns a repeat into a duplicate; a repeat after it is a new event. Keep it at least as long as senders retry; 0 keeps keys forever.",
  },
  bodyDedupWindowMinutes: {
    env: 'NB_BODY_DEDUP_WINDOW_MINUTES',
    key: 'bodyDedupWindowMinutes',
    default: 10,
    parse: integer(1, 7 * 24 * 60),
    doc: "How long the same body, from a source that gives no delivery id, is taken for the sender's retry (a duplicate); the same body later is a new event (a daily `Backup finished`). A source's `bodyDedupWindowMinutes` overrides it.",
  },
  allowPrivate: {
    env: 'NB_ALLOW_PRIVATE',
    key: 'allowPrivate',
    default: [] as string[],
    parse: list,
    doc: 'Comma-separated CIDRs or host names that outbound requests may reach although they are private (e.g. `192.168.1.0/24,ha.lan`). Everything private is refused otherwise.',
  },
  adminToken: {
    env: 'NB_ADMIN_TOKEN',
    key: 'adminToken',
    default: '',
    parse: text,
    secret: 'value',
    doc: 'Optional: an admin API token to accept (stored hashed). Without it the first start creates one and prints it once.',
  },
  secretKey: {
    env: 'NB_SECRET_KEY',
    key: 'secretKey',
    default: '',
    parse: text,
    secret: 'value',
    doc: 'Base64 32-byte key(s), comma-separated, newest first, that seal secrets at rest. Empty: `secret.key` in the data directory, created on first start. Nodes sharing one database need the same key.',
  },
  concurrency: {
    env: 'NB_DISPATCH_CONCURRENCY',
    key: 'dispatchConcurrency',
    default: 64,
    parse: integer(1, 10_000),
    doc: 'Deliveries sent at once by this node, and so the most connections it keeps open to one destination.',
  },
  leaseMs: {
    env: 'NB_LEASE_MS',
    key: 'leaseMs',
    default: 60_000,
    parse: integer(100),
    doc: 'How long a claimed delivery belongs to a node; after it another node retries it. Keep it above the send timeout.',
  },
  sendTimeoutMs: {
    env: 'NB_SEND_TIMEOUT_MS',
    key: 'sendTimeoutMs',
    default: 15_000,
    parse: integer(100),
    doc: 'Time budget of one send attempt.',
  },
  pollIntervalMs: {
    env: 'NB_POLL_INTERVAL_MS',
    key: 'pollIntervalMs',
    default: 1000,
    parse: integer(10),
    doc: 'Longest wait between looks for due deliveries (new events wake the dispatcher at once).',
  },
  maxAttempts: {
    env: 'NB_MAX_ATTEMPTS',
    key: 'maxAttempts',
    default: 8,
    parse: integer(1, 1000),
    doc: 'Attempts before a delivery is dead, unless its rule says otherwise.',
  },
  retryBaseMs: {
    env: 'NB_RETRY_BASE_MS',
    key: 'retryBaseMs',
    default: 2000,
    parse: integer(1),
    doc: 'First retry waits up to this long; each further one up to twice as long (full jitter).',
  },
  retryMaxMs: {
    env: 'NB_RETRY_MAX_MS',
    key: 'retryMaxMs',
    default: 3_600_000,
    parse: integer(1),
    doc: 'Longest wait between two attempts.',
  },
  shutdownTimeoutMs: {
    env: 'NB_SHUTDOWN_TIMEOUT_MS',
    key: 'shutdownTimeoutMs',
    default: 10_000,
    parse: integer(0),
    doc: 'On SIGTERM, how long in-flight sends may finish before they are released for another node.',
  },
  renderTimeoutMs: {
    env: 'NB_RENDER_TIMEOUT_MS',
    key: 'renderTimeoutMs',
    default: 1000,
    parse: integer(10),
    doc: 'Hard time limit of one template render; a render past it is killed.',
  },
  timeZone: {
    env: 'NB_TIME_ZONE',
    key: 'timeZone',
    default: 'UTC',
    parse: (raw: string) => {
      if (!isTimeZone(raw))
        throw new Error(
          `"${raw}" is not a time zone this server knows; use an IANA name such as Europe/Berlin`,
        );
      return raw;
    },
    doc: "The instance's IANA time zone: quiet hours without a zone of their own, on a receiver without `options.timeZone` whose owner set no time zone on their account, are read in it.",
  },
  publicUrl: {
    env: 'NB_PUBLIC_URL',
    key: 'publicUrl',
    default: '',
    parse: httpUrl,
    doc: 'The URL this service is reached at from the internet, e.g. `https://notify.example.com`. Needed for push updates to two-way channels (a Telegram bot in webhook mode); behind a reverse proxy, set it so the setup link shows it, session cookies are `Secure` (https) and the CSRF check knows which `Origin` is this server.',
  },
  sessionIdleHours: {
    env: 'NB_SESSION_IDLE_HOURS',
    key: 'sessionIdleHours',
    default: 7 * 24,
    parse: integer(1, 24 * 365),
    doc: 'A browser session unused this long ends (idle expiry).',
  },
  sessionMaxDays: {
    env: 'NB_SESSION_MAX_DAYS',
    key: 'sessionMaxDays',
    default: 30,
    parse: integer(1, 3650),
    doc: 'A browser session ends this long after sign-in however much it is used (absolute expiry).',
  },
  streamRetentionHours: {
    env: 'NB_STREAM_RETENTION_HOURS',
    key: 'streamRetentionHours',
    default: 24,
    parse: integer(1, 24 * 365),
    doc: 'How long realtime stream entries are kept for subscribers that reconnect with `Last-Event-ID`; one that asks for older entries gets a `gap` event first.',
  },
  streamHeartbeatSeconds: {
    env: 'NB_STREAM_HEARTBEAT_SECONDS',
    key: 'streamHeartbeatSeconds',
    default: 25,
    parse: integer(1, 3600),
    doc: 'How often an open stream gets a `: keepalive` comment, so proxies keep it open.',
  },
  streamMaxPerUser: {
    env: 'NB_STREAM_MAX_PER_USER',
    key: 'streamMaxPerUser',
    default: 20,
    parse: integer(1, 100_000),
    doc: 'Open realtime streams one user (or one topic token) may hold at once; one more is answered 429.',
  },
  streamBufferKib: {
    env: 'NB_STREAM_BUFFER_KIB',
    key: 'streamBufferKib',
    default: 1024,
    parse: integer(16, 1024 * 1024),
    doc: 'How much a subscriber may leave unread (KiB) before the stream drops it with a `dropped` event; it can resume from its last id.',
  },
  subscriberTokenTtlMinSeconds: {
    env: 'NB_SUBSCRIBER_TOKEN_TTL_MIN_SECONDS',
    key: 'subscriberTokenTtlMinSeconds',
    default: 60,
    parse: integer(1, 365 * 86_400),
    doc: 'The shortest life of a topic subscriber token (`POST /api/v1/topics/{id}/tokens`); a shorter `ttlSeconds` is raised to it.',
  },
  subscriberTokenTtlMaxSeconds: {
    env: 'NB_SUBSCRIBER_TOKEN_TTL_MAX_SECONDS',
    key: 'subscriberTokenTtlMaxSeconds',
    default: 86_400,
    parse: integer(1, 365 * 86_400),
    doc: 'The longest life of a topic subscriber token; a longer `ttlSeconds` is cut to it. A rotated signing key is kept this long, so the tokens it signed stay valid until they expire.',
  },
  auditRetentionDays: {
    env: 'NB_AUDIT_RETENTION_DAYS',
    key: 'auditRetentionDays',
    default: 90,
    parse: integer(1, 36500),
    doc: 'How long the audit log (`GET /api/v1/audit`) keeps an entry; older ones are deleted hourly.',
  },
  oidcIssuer: {
    env: 'NB_OIDC_ISSUER',
    key: 'oidcIssuer',
    default: '',
    // As given: an issuer identifier is compared exactly, and some (Authentik's) end in a slash.
    parse: (raw: string) => {
      httpUrl(raw);
      return raw;
    },
    doc: 'OpenID Connect: the issuer URL (`https://auth.example.com`, as its discovery document names it); empty turns OpenID Connect sign-in off. `http://` only for localhost. Fetched through the SSRF-guarded client: an issuer on a private address needs it in `NB_ALLOW_PRIVATE`.',
  },
  oidcClientId: {
    env: 'NB_OIDC_CLIENT_ID',
    key: 'oidcClientId',
    default: '',
    parse: text,
    doc: "OpenID Connect: this server's client id at the issuer. Register `<NB_PUBLIC_URL>/api/v1/auth/oidc/callback` as its redirect URI.",
  },
  oidcClientSecret: {
    env: 'NB_OIDC_CLIENT_SECRET',
    key: 'oidcClientSecret',
    default: '',
    parse: text,
    secret: 'value',
    doc: 'OpenID Connect: the client secret (sent with `client_secret_basic`). Kept in memory only, never stored, logged or shown.',
  },
  oidcScopes: {
    env: 'NB_OIDC_SCOPES',
    key: 'oidcScopes',
    default: 'openid profile email groups',
    parse: text,
    doc: 'OpenID Connect: the scopes asked for, space-separated; `openid` is always added.',
  },
  oidcGroupsClaim: {
    env: 'NB_OIDC_GROUPS_CLAIM',
    key: 'oidcGroupsClaim',
    default: 'groups',
    parse: text,
    doc: 'OpenID Connect: the claim (in the ID token or from the userinfo endpoint) that lists the groups of the person.',
  },
  oidcAllowedGroups: {
    env: 'NB_OIDC_ALLOWED_GROUPS',
    key: 'oidcAllowedGroups',
    default: [] as string[],
    parse: list,
    doc: 'OpenID Connect: only members of one of these groups (comma-separated) may sign in; empty lets in everyone the issuer signs in.',
  },
  oidcAdminGroup: {
    env: 'NB_OIDC_ADMIN_GROUP',
    key: 'oidcAdminGroup',
    default: '',
    parse: text,
    doc: 'OpenID Connect: members of this group are admins (set again at each sign-in), everyone else a member; empty makes nobody admin this way.',
  },
  trustedProxies: {
    env: 'NB_TRUSTED_PROXIES',
    key: 'trustedProxies',
    default: [] as string[],
    parse: (raw: string) => {
      const entries = list(raw);
      const bad = entries.find((entry) => !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry));
      if (bad !== undefined) throw new Error(`"${bad}" is neither an IP address nor a CIDR (10.0.0.0/8)`);
      return entries;
    },
    doc: 'Reverse proxies (addresses or CIDRs, comma-separated) whose `Remote-User`, `Remote-Groups`, `Remote-Name` and `Remote-Email` headers sign people in, as Authelia and Authentik send them; empty (the default) ignores those headers from everyone. Only a direct connection from a listed address counts; through one, `X-Forwarded-For`/`-Proto`/`-Host` give the address, scheme and host of the client.',
  },
  proxyAuthAdminGroup: {
    env: 'NB_PROXY_AUTH_ADMIN_GROUP',
    key: 'proxyAuthAdminGroup',
    default: '',
    parse: text,
    doc: 'With `NB_TRUSTED_PROXIES`: members of this group (in `Remote-Groups`) are admins, everyone else a member; empty makes nobody admin this way.',
  },
  inboundScanMs: {
    env: 'NB_INBOUND_SCAN_MS',
    key: 'inboundScanMs',
    default: 5000,
    parse: integer(50),
    doc: 'How often bots (two-way channels) pick up target changes and renew the lease that keeps their polling on one node; a node that dies hands over after three of these.',
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof settings;
type Values = { [K in keyof Settings]: Settings[K] extends Setting<infer T> ? T : never };

/**
 * Reads the settings from the environment, then the optional JSON file named by NB_CONFIG_FILE (the
 * environment wins), validates each once, and returns a frozen Config. Errors name the setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const file = readConfigFile(env.NB_CONFIG_FILE);
  const values = {} as Record<string, unknown>;
  const effective: EffectiveSetting[] = [];
  for (const [name, setting] of Object.entries(settings) as [string, Setting<unknown>][]) {
    const fromEnv = env[setting.env];
    const fromFile = file[setting.key];
    let raw: string | undefined;
    if (fromEnv !== undefined && fromEnv !== '') raw = fromEnv;
    else raw = fileValue(fromFile, setting.key);
    const from = raw === undefined ? 'default' : raw === fromEnv ? 'environment' : 'file';
    try {
      values[name] =
        raw === undefined
          ? typeof setting.default === 'function'
            ? (setting.default as () => unknown)()
            : setting.default
          : setting.parse(raw);
    } catch (error) {
      throw new ConfigError(setting.env, (error as Error).message);
    }
    effective.push({
      env: setting.env,
      key: setting.key,
      value: shown(setting, values[name]),
      from,
      secret: setting.secret !== undefined,
      doc: setting.doc,
    });
  }
  return deepFreeze({ ...buildConfig(values as Values), effective });
}

/** A setting's value as text for people to read, with its secret part hidden. */
function shown(setting: Setting<unknown>, value: unknown): string {
  const text =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.entries(value)
          .map(([name, item]) => `${name}=${String(item)}`)
          .join(',')
      : Array.isArray(value)
        ? value.join(',')
        : String(value ?? '');
  if (setting.secret === 'value') return text === '' ? '' : 'set';
  if (setting.secret === 'password') return text.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
  return text;
}

function buildConfig(v: Values): Config {
  if (v.databaseUrl && !/^postgres(ql)?:\/\//.test(v.databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'only postgres:// URLs are supported; leave it empty for SQLite');
  }
  if (v.leaseMs <= v.sendTimeoutMs) {
    throw new ConfigError('NB_LEASE_MS', `must be longer than NB_SEND_TIMEOUT_MS (${v.sendTimeoutMs} ms)`);
  }
  if (v.subscriberTokenTtlMinSeconds > v.subscriberTokenTtlMaxSeconds) {
    throw new ConfigError(
      'NB_SUBSCRIBER_TOKEN_TTL_MIN_SECONDS',
      `must not be more than NB_SUBSCRIBER_TOKEN_TTL_MAX_SECONDS (${v.subscriberTokenTtlMaxSeconds})`,
    );
  }
  const dataDir = resolve(v.dataDir);
  return deepFreeze({
    host: v.host,
    port: v.port,
    compatPorts: v.compatPorts,
    dataDir,
    database: {
      ...(v.databaseUrl ? { url: v.databaseUrl } : {}),
      ...(v.databaseSchema ? { postgresSchema: v.databaseSchema } : {}),
      sqlitePath: join(dataDir, 'notify-bridge.db'),
      sqliteSynchronous: v.sqliteSynchronous,
      busyTimeoutMs: 5000,
    },
    logLevel: v.logLevel.toLowerCase(),
    maxBodyBytes: v.maxBodyBytes,
    dedupWindowMs: v.dedupWindowHours * 3_600_000,
    bodyDedupWindowMs: v.bodyDedupWindowMinutes * 60_000,
    allowPrivate: v.allowPrivate,
    adminToken: v.adminToken || undefined,
    secretKey: v.secretKey || undefined,
    dispatch: {
      concurrency: v.concurrency,
      leaseMs: v.leaseMs,
      sendTimeoutMs: v.sendTimeoutMs,
      pollIntervalMs: v.pollIntervalMs,
      maxAttempts: v.maxAttempts,
      retryBaseMs: v.retryBaseMs,
      retryMaxMs: v.retryMaxMs,
      shutdownTimeoutMs: v.shutdownTimeoutMs,
    },
    renderTimeoutMs: v.renderTimeoutMs,
    publicUrl: v.publicUrl || undefined,
    inboundScanMs: v.inboundScanMs,
    timeZone: v.timeZone,
    sessions: { idleMs: v.sessionIdleHours * 3_600_000, maxMs: v.sessionMaxDays * 86_400_000 },
    streams: {
      retentionMs: v.streamRetentionHours * 3_600_000,
      heartbeatMs: v.streamHeartbeatSeconds * 1000,
      maxPerUser: v.streamMaxPerUser,
      maxBufferedBytes: v.streamBufferKib * 1024,
      subscriberTokenTtl: {
        minSeconds: v.subscriberTokenTtlMinSeconds,
        maxSeconds: v.subscriberTokenTtlMaxSeconds,
      },
    },
    auditRetentionMs: v.auditRetentionDays * 86_400_000,
    oidc: oidcConfig(v),
    proxyAuth:
      v.trustedProxies.length === 0
        ? undefined
        : { trustedProxies: v.trustedProxies, adminGroup: v.proxyAuthAdminGroup || undefined },
  });
}

function oidcConfig(v: Values): OidcConfig | undefined {
  if (!v.oidcIssuer) return undefined;
  const issuer = new URL(v.oidcIssuer);
  if (issuer.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname)) {
    throw new ConfigError('NB_OIDC_ISSUER', 'must be https:// (http:// is only for an issuer on localhost)');
  }
  if (!v.oidcClientId) throw new ConfigError('NB_OIDC_CLIENT_ID', 'is needed with NB_OIDC_ISSUER');
  if (!v.oidcClientSecret) throw new ConfigError('NB_OIDC_CLIENT_SECRET', 'is needed with NB_OIDC_ISSUER');
  const scopes = new Set(v.oidcScopes.split(/\s+/).filter(Boolean));
  scopes.add('openid');
  return {
    issuer: v.oidcIssuer,
    clientId: v.oidcClientId,
    clientSecret: v.oidcClientSecret,
    scopes: [...scopes].join(' '),
    groupsClaim: v.oidcGroupsClaim,
    allowedGroups: v.oidcAllowedGroups,
    adminGroup: v.oidcAdminGroup || undefined,
  };
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('NB_CONFIG_FILE', `cannot read ${path} as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('NB_CONFIG_FILE', `${path} must hold a JSON object`);
  }
  const known = new Set(Object.values(settings).map((s) => s.key));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new ConfigError('NB_CONFIG_FILE', `unknown setting "${key}" in ${path}`);
  }
  return parsed as Record<string, unknown>;
}

/** A file value as the text an environment variable would hold. */
function fileValue(value: unknown, key: string): string | undefined {
  // A null means "not set", as an empty variable does; never the text "null".
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') {
    throw new ConfigError('NB_CONFIG_FILE', `"${key}" must be a string, a number, a boolean or a list`);
  }
  return String(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
