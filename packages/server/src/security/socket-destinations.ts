import {
  type CheckedDestination,
  checkHost,
  type LookupAll,
  systemLookup,
} from './http/check-destination.ts';
import { parsePrivateAllowlist } from './http/private-allowlist.ts';

/**
 * The SSRF guard for channels that open their own sockets (an MQTT broker, an SMTP server): the same
 * address policy as the guarded HTTP client, with the operator's same allowPrivate, and the address to
 * connect to pinned, so a name that changes its answer between the check and the connect goes nowhere new.
 */
export interface SocketDestinations {
  /** Throws HttpBlockedError for a refused address, HttpTransportError for a name that does not resolve. */
  check(hostname: string, port: number): Promise<CheckedDestination>;
}

export function socketDestinations(
  options: { allowPrivate?: readonly string[]; lookup?: LookupAll } = {},
): SocketDestinations {
  const allowlist = parsePrivateAllowlist(options.allowPrivate ?? []);
  const lookup = options.lookup ?? systemLookup;
  return {
    check(hostname, port) {
      const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
      return checkHost(bare, `${hostname}:${port}`, lookup, allowlist);
    },
  };
}
