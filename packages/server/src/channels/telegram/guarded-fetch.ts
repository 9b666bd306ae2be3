import type { HttpClient } from '../../security/http/http-client.ts';

/**
 * A `fetch` for grammY that goes through the SSRF-guarded client, so a bot's (possibly self-hosted) Bot
 * API server is reached like every other user-configured URL. grammY sends JSON strings, or multipart
 * bodies as streams; streams are read into memory under `maxUploadBytes` first.
 */
export function guardedFetch(
  http: HttpClient,
  options: { maxUploadBytes: number; timeoutMs: number; signal: AbortSignal },
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const response = await http.request(url, {
      method: init?.method ?? 'GET',
      headers,
      body: await bodyBytes(init?.body, options.maxUploadBytes),
      timeoutMs: options.timeoutMs,
      maxResponseBytes: 4 * 1024 * 1024,
      redirect: 'error',
      // grammY hands over a polyfilled AbortSignal the native client cannot take; the delivery's own
      // signal is the one that matters (grammY derives its signal from it anyway).
      signal: options.signal,
    });
    return new Response(new Uint8Array(response.body), {
      status: response.status,
      headers: response.headers,
    });
  }) as typeof fetch;
}

async function bodyBytes(body: unknown, max: number): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > max) throw new Error(`upload is larger than ${max} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
