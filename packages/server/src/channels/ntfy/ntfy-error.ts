import type { HttpResponse } from '../../security/http/http-client.ts';
import { responseExcerpt, type Sensitive, scrubSensitive } from '../http-outcome.ts';

/**
 * ntfy answers errors as JSON, e.g. {"code":40301,"http":403,"error":"forbidden","link":"https://..."}
 * (server/errors.go). The `error` text and code say more than the status; a proxy's HTML page is cut short.
 */
export function describeNtfyError(response: HttpResponse, sensitive: Sensitive): string {
  const detail = ntfyErrorText(response, sensitive) ?? responseExcerpt(response, sensitive);
  const hint = hints[response.status];
  return hint ? `${detail}${detail ? ' ' : ''}(${hint})` : detail;
}

const hints: Record<number, string> = {
  401: 'check the target token, or username and password',
  403: 'check the target token, or username and password, and that the user may write to the topic',
  404: 'check the server URL: it must be the root of an ntfy server',
  413: 'the message is larger than the server accepts',
};

function ntfyErrorText(response: HttpResponse, sensitive: Sensitive): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { error, code } = parsed as { error?: unknown; code?: unknown };
  if (typeof error !== 'string') return undefined;
  const text = scrubSensitive(error, sensitive).slice(0, 200);
  return typeof code === 'number' ? `${text} (ntfy code ${code})` : text;
}

/** The id ntfy gave the message, from the JSON it answers a publish with. */
export function publishedMessageId(response: HttpResponse): string | undefined {
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as { id?: unknown } | null;
    return typeof parsed?.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
