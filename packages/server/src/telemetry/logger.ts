import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths that may hold secrets in anything we log; pino replaces them before the line is written. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-gitea-signature"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-gitlab-token"]',
  'config',
  '*.config',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'password',
  '*.password',
];

export function createLogger(options: {
  level: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { service: 'notify-bridge' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
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
