import { HttpTransportError } from './http-client.ts';

/** One request on the way to an answer; a followed redirect makes the next one. */
export interface RequestHop {
  url: URL;
  /** Upper case. */
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

export const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

// https://fetch.spec.whatwg.org/#request-body-header-name
const requestBodyHeaders = ['content-encoding', 'content-language', 'content-location', 'content-type'];
// Credentials meant for one origin must not travel to another one the far side names
// (https://fetch.spec.whatwg.org/#http-redirect-fetch, step 13). `host` is per-origin too.
const originBoundHeaders = ['authorization', 'cookie', 'proxy-authorization', 'host'];

/**
 * The request to make after a 3xx with a Location header, per the fetch standard's HTTP-redirect fetch: 303
 * (except for GET/HEAD) and 301/302 after POST become a GET without body; everything else is repeated as is.
 * The new URL still has to pass the destination check like the first one.
 */
export function nextRedirectHop(hop: RequestHop, status: number, location: string): RequestHop {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch (error) {
    throw new HttpTransportError(`${hop.url.host} answered ${status} with a Location that is not a URL`, {
      cause: error,
    });
  }
  const becomesGet =
    (status === 303 && hop.method !== 'GET' && hop.method !== 'HEAD') ||
    ((status === 301 || status === 302) && hop.method === 'POST');
  const headers = { ...hop.headers };
  if (becomesGet) {
    for (const name of [...requestBodyHeaders, 'content-length']) delete headers[name];
  }
  if (url.origin !== hop.url.origin) {
    for (const name of originBoundHeaders) delete headers[name];
  }
  return {
    url,
    method: becomesGet ? 'GET' : hop.method,
    headers,
    body: becomesGet ? undefined : hop.body,
  };
}
