/**
 * The subscriber token as ntfy clients send credentials (docs.ntfy.sh/publish/#authentication): a bearer
 * token, Basic auth with the token as the password (the apps' "username and password" form), or `?auth=`,
 * the whole Authorization header base64-encoded, for clients that cannot set headers (browsers' WebSocket).
 */
export function ntfyToken(authorization: string | undefined, query: { auth?: string }): string | undefined {
  if (authorization !== undefined && authorization !== '') return fromHeader(authorization);
  if (query.auth) return fromHeader(decodeBase64(query.auth));
  return undefined;
}

function fromHeader(value: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(value);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(value);
  if (!basic) return undefined;
  const decoded = decodeBase64(basic[1]!);
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? decoded : decoded.slice(colon + 1);
  return password === '' ? undefined : password;
}

/** ntfy's clients write `auth` in URL-safe base64 without padding; the standard alphabet is read too. */
function decodeBase64(text: string): string {
  return Buffer.from(text.replaceAll('+', '-').replaceAll('/', '_'), 'base64url').toString('utf8');
}
