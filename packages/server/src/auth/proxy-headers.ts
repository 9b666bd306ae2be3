import { parsePrivateAllowlist } from '../security/http/private-allowlist.ts';
import { roleForGroups } from './external-groups.ts';
import type { ExternalIdentity } from './identities.ts';

/** The issuer of every proxy-made user in user_identities: the proxy is one issuer, whichever it is. */
export const proxyIssuer = 'proxy';

/**
 * Sign-in by a reverse proxy that authenticated the person itself (Authelia, Authentik's proxy outpost)
 * and says who they are in headers. The headers count only on a connection straight from a listed
 * proxy address: anyone else can send them too. The socket's address is what is checked, never
 * X-Forwarded-For, which the sender writes.
 */
export interface ProxyHeaderSettings {
  trustedProxies: readonly string[];
  adminGroup: string | undefined;
}

export type ProxyIdentify = (
  socketAddress: string | undefined,
  headers: Record<string, string | string[] | undefined>,
) => ExternalIdentity | undefined;

/** undefined for a request the headers do not sign in: not from a trusted proxy, or no Remote-User. */
export function proxyHeaderIdentity(settings: ProxyHeaderSettings): ProxyIdentify {
  const trusted = parsePrivateAllowlist(settings.trustedProxies);
  return (socketAddress, headers) => {
    if (socketAddress === undefined || !trusted.allowsAddress(socketAddress)) return undefined;
    const user = single(headers['remote-user'])?.trim();
    // Node joins a header sent twice with ", ": a comma means a second Remote-User, not the proxy's one.
    if (!user || user.includes(',')) return undefined;
    const groups = (single(headers['remote-groups']) ?? '')
      .split(',')
      .map((group) => group.trim())
      .filter(Boolean);
    return {
      issuer: proxyIssuer,
      subject: user,
      preferredName: user,
      displayName: single(headers['remote-name']) ?? undefined,
      // No allowed-groups list: the proxy decides who gets through at all.
      role: roleForGroups(groups, { allowedGroups: [], adminGroup: settings.adminGroup })!,
    };
  };
}

/** A header sent twice is not one the proxy set: proxies replace, never add. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}
