import type { HttpClient } from './http-client.ts';

/** What a library's pluggable fetch is called with (openid-client's customFetch has this shape). */
export interface FetchLikeInit {
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * A fetch over the SSRF-guarded client, for libraries that take one: every request they make is checked,
 * pinned and capped like ours. Redirects are returned, not followed (the libraries that need this want
 * `redirect: 'manual'`). Bodies are sent as text: URLSearchParams and strings are all these libraries send.
 */
export function asFetch(
  http: HttpClient,
  limits: { timeoutMs: number; maxResponseBytes: number },
): (url: string, init: FetchLikeInit) => Promise<Response> {
  return async (url, init) => {
    const body = init.body === undefined || init.body === null ? undefined : bodyText(init.body);
    const response = await http.request(url, {
      method: init.method,
      headers: init.headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'error',
      timeoutMs: limits.timeoutMs,
      maxResponseBytes: limits.maxResponseBytes,
      ...(init.signal ? { signal: init.signal } : {}),
    });
    const noBody = response.status === 204 || response.status === 304;
    return new Response(noBody ? null : new Uint8Array(response.body), {
      status: response.status,
      headers: response.headers,
    });
  };
}

function bodyText(body: unknown): string | Uint8Array {
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('asFetch sends text, URLSearchParams or bytes only');
}
