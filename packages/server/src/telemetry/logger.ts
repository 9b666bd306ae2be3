import { type Logger, pino } from 'pino';
import {
  type CredentialRedactor,
  credentialRedactor,
  type LogCredentials,
  noLogCredentials,
  REDACTED,
} from './log-credentials.ts';

export type { Logger };

/** Paths that may hold secrets in anything we log; pino replaces them before the line is written. */
export const redactedPaths = [
  'config',
  '*.config',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'password',
  '*.password',
];

/** Headers that carry credentials whatever the source kind. */
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/** Wherever a line may show headers: a raw request, a headers object, one nested a level deeper. */
function headerPaths(names: readonly string[]): string[] {
  return names.flatMap((name) => {
    const key = `[${JSON.stringify(name)}]`;
    return [`req.headers${key}`, `headers${key}`, `*.headers${key}`];
  });
}

/**
 * A request as one log line shows it: Fastify's fields, with the URL's credentials hidden. It replaces
 * Fastify's own `req` serializer (Fastify lets the logger instance's serializers win).
 */
function requestSerializer(redactor: CredentialRedactor) {
  return (req: {
    method?: string;
    url?: string;
    host?: string;
    ip?: string;
    socket?: { remotePort?: number };
  }) => ({
    method: req.method,
    url: typeof req.url === 'string' ? redactor.url(req.url) : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  });
}

/** Errors quote URLs and carry whatever their thrower attached: every string in them is scrubbed. */
function errorSerializer(redactor: CredentialRedactor, credentialKeys: Set<string>) {
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactor.text(value);
    if (typeof value !== 'object' || value === null || depth > 4) return value;
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = credentialKeys.has(key.toLowerCase()) ? REDACTED : scrub(item, depth + 1);
    }
    return copy;
  };
  return (error: unknown) => scrub(pino.stdSerializers.err(error as Error), 0);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The line's own text fields (an error message, a path) scrubbed; nested values are the serializers' job. */
function scrubFields(fields: Record<string, unknown>, redactor: CredentialRedactor): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    const scrubbed = redactor.text(value);
    if (scrubbed === value) continue;
    copy ??= { ...fields };
    copy[key] = scrubbed;
  }
  return copy ?? fields;
}

export function createLogger(options: {
  level: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
  /** Where requests carry credentials (the source kinds' declarations); app.ts passes them. */
  credentials?: LogCredentials;
}): Logger {
  const credentials = options.credentials ?? noLogCredentials;
  const redactor = credentialRedactor(credentials);
  const headers = [...new Set([...credentialHeaders, ...credentials.headers.map((h) => h.toLowerCase())])];
  const credentialKeys = new Set(['secret', 'token', 'password', ...headers]);
  return pino(
    {
      level: options.level,
      redact: {
        paths: [...redactedPaths, ...headerPaths(headers)],
        censor: REDACTED,
      },
      serializers: { req: requestSerializer(redactor), err: errorSerializer(redactor, credentialKeys) },
      hooks: {
        // Messages are free text and may quote a URL (Fastify's "Route POST:/slack/<token> not found").
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg: unknown = args[i];
            if (typeof arg === 'string') args[i] = redactor.text(arg);
            else if (i === 0 && isPlainObject(arg)) args[i] = scrubFields(arg, redactor);
          }
          method.apply(this, args);
        },
      },
      base: { service: 'notify-bridge' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/**
 * A child of `logger` whose request lines hide `credentials` instead (a superset of the parent's): the
 * logger of a compatibility port, whose paths are credentials where the main port's are not.
 */
export function withRequestCredentials(logger: Logger, credentials: LogCredentials): Logger {
  return logger.child({}, { serializers: { req: requestSerializer(credentialRedactor(credentials)) } });
}

const noop = () => {};

/**
 * `logger.child(bindings)`, made only once something is written through it. Making a child runs the
 * redaction over its bindings; one per delivery was the largest single source of garbage on the
 * delivery path, though at the usual levels most deliveries write nothing. A level that is off answers
 * with a no-op without making the child.
 */
export function childOnDemand(logger: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  return new Proxy(logger, {
    get(parent, key) {
      if (typeof key === 'string' && key in parent.levels.values && !parent.isLevelEnabled(key)) return noop;
      child ??= parent.child(bindings);
      const value: unknown = Reflect.get(child, key, child);
      return typeof value === 'function' ? value.bind(child) : value;
    },
  });
}
