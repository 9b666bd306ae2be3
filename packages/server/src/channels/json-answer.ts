import type { HttpResponse } from '../security/http/http-client.ts';

/** The far side's answer as a JSON object, or undefined when it is not one (a proxy's HTML page, empty). */
export function jsonAnswer(response: HttpResponse): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(response.body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
