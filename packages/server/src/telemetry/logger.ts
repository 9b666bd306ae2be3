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
