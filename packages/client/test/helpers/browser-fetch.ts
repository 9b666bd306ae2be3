/**
 * fetch as a browser page on `origin` does it, for Node, which has no cookie jar: it keeps the cookies
 * the server sets and sends them with requests whose credentials mode is `include` (and only then, as a
 * page on another origin would), and sends the page's Origin with every request.
 */
export function browserFetch(origin: string) {
  const jar = new Map<string, string>();
  const fetcher = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.set('origin', origin);
    if (request.credentials === 'include' && jar.size > 0) {
      headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const body = request.body ? await request.arrayBuffer() : undefined;
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
    });
    if (request.credentials === 'include') {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    }
    return response;
  };
  return { fetch: fetcher, jar };
}
