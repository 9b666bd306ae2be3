import type { Middleware } from 'openapi-fetch';

/** A token, or a function that returns the current one (after a refresh, say). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

/**
 * Sends `Authorization: Bearer <token>`: an API token (`nbt_...`) for the REST API, or a subscriber
 * token (`nbst_...`) where a topic takes one. The server accepts API tokens only in this header.
 */
export function bearerAuth(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === 'function' ? await token() : token;
      if (value) request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
  };
}

/** The header the server's CSRF check asks of every signed-in request that changes something. */
export const csrfHeader = { name: 'X-Notify-Bridge', value: '1' } as const;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The request side of session-cookie auth, as a browser page uses it: requests that change something
 * carry `X-Notify-Bridge: 1`, which the server's CSRF check asks for (with the browser's own Origin
 * header). The cookie itself goes along by `credentials: 'include'`, which `createApiClient({ session:
 * true })` sets. Node has no cookie jar: there, use an API token.
 */
export function sessionAuth(): Middleware {
  return {
    onRequest({ request }) {
      if (!safeMethods.has(request.method)) request.headers.set(csrfHeader.name, csrfHeader.value);
      return request;
    },
  };
}
