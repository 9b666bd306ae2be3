/**
 * The CSRF check for a request authenticated by the session cookie that may change something: it must
 * carry our custom header (a cross-site form or image cannot set one, and a cross-site fetch that sets one
 * needs a CORS preflight this server never approves) and an Origin, or failing that a Referer, of this
 * server. Requests with a bearer token are exempt: a browser never adds one by itself.
 */
export const csrfHeader = 'x-notify-bridge';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Why the request is refused, in words for the developer of the client; undefined when it may pass. */
export function csrfProblem(request: CsrfRequest, ownOrigins: readonly string[]): string | undefined {
  if (safeMethods.has(request.method.toUpperCase())) return undefined;
  if (typeof request.headers[csrfHeader] !== 'string') {
    return `a signed-in request that changes something needs the header "X-Notify-Bridge: 1"`;
  }
  const origin = single(request.headers.origin) ?? originOf(single(request.headers.referer));
  if (origin === undefined || origin === 'null') {
    return 'a signed-in request that changes something needs an Origin (or Referer) header of this server';
  }
  if (!ownOrigins.includes(origin.toLowerCase())) {
    return `cross-site request refused: Origin ${origin.slice(0, 100)} is not this server (set NB_PUBLIC_URL if it is)`;
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
