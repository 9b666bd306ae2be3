import type { HttpClient } from '../../src/security/http/http-client.ts';
import { createLogger, type Logger } from '../../src/telemetry/logger.ts';
import { tracedHttpClient } from '../../src/telemetry/traced-http-client.ts';

/**
 * The most verbose logger there is, writing into `lines`, and the HTTP client traced through it as the app
 * wires it: whatever a send could log is seen, so a test can check that no secret is in it.
 */
export function capturedLog(http: HttpClient): { lines: string[]; logger: Logger; http: HttpClient } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { lines, logger, http: tracedHttpClient(http, logger) };
}
