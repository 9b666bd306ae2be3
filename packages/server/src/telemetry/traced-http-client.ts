import type { HttpClient } from '../security/http/http-client.ts';
import type { Logger } from './logger.ts';

/**
 * The HTTP client with a trace line per outgoing request. Lines name the origin only: target URLs carry
 * credentials in their paths and queries (a Bot API token, a Slack or Discord webhook URL) that no
 * declaration could list, and the guarded client's errors already leave the URL out.
 */
export function tracedHttpClient(http: HttpClient, logger: Logger): HttpClient {
  // The level is fixed at start, so below trace the client stays as it is, at no cost per request.
  if (!logger.isLevelEnabled('trace')) return http;
  return {
    async request(url, init) {
      const started = performance.now();
      const line = { method: init?.method ?? 'GET', origin: originOf(url) };
      try {
        const response = await http.request(url, init);
        const ms = Math.round(performance.now() - started);
        logger.trace({ ...line, status: response.status, ms }, 'outgoing request answered');
        return response;
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        logger.trace({ ...line, ms, error: (error as Error).message }, 'outgoing request failed');
        throw error;
      }
    },
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
