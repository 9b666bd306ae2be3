import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Path=/,
 * and Secure whenever the server is reached over HTTPS — directly, or behind a proxy when NB_PUBLIC_URL
 * says https. The token is never in a URL or a response body.
 */
export const sessionCookieName = 'nb_session';

export interface CookieContext {
  publicUrl: string | undefined;
}

export function servedOverHttps(request: FastifyRequest, context: CookieContext): boolean {
  return request.protocol === 'https' || context.publicUrl?.startsWith('https:') === true;
}

/** The origins a browser shows for this server: the one it was asked at, and NB_PUBLIC_URL's. */
export function ownOrigins(request: FastifyRequest, context: CookieContext): string[] {
  const origins = [`${request.protocol}://${request.host}`.toLowerCase()];
  if (context.publicUrl) origins.push(new URL(context.publicUrl).origin.toLowerCase());
  return origins;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeMs: number,
  context: CookieContext,
): void {
  reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: servedOverHttps(request, context),
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  context: CookieContext,
): void {
  reply.clearCookie(sessionCookieName, {
    httpOnly: true,
    sameSite: 'lax',
    secure: servedOverHttps(request, context),
    path: '/',
  });
}
