import { isIP } from 'node:net';
import { nonPublicRange } from './address-policy.ts';
import { HttpBlockedError, HttpTransportError } from './http-client.ts';
import type { PrivateAllowlist } from './private-allowlist.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all of its A/AAAA records, like `dns.promises.lookup(name, { all: true })`. */
export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>;

/** The address a request will connect to, checked once; the socket goes there and nowhere else. */
export interface CheckedDestination {
  /** The URL host name without IPv6 brackets, for messages and the allowlist. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

/**
 * Decides whether `url` may be requested and pins the address to connect to. The name is resolved once and
 * every record must pass, so a name with one public and one private record is refused (the OS could pick
 * either). Literal IP hosts are checked as they are; WHATWG URL has already turned `2130706433`, `0x7f.1` and
 * `0177.0.0.1` into `127.0.0.1`.
 *
 * Throws HttpBlockedError (scheme, credentials, refused address) or HttpTransportError (the name does not
 * resolve). Messages name the host only: paths and queries of webhook URLs often carry tokens.
 */
export async function checkDestination(
  url: URL,
  lookup: LookupAll,
  allowlist: PrivateAllowlist,
): Promise<CheckedDestination> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpBlockedError(`only http: and https: URLs are allowed, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new HttpBlockedError(
      `the URL for ${url.host} carries credentials (user:password@); send them in a header such as Authorization instead`,
    );
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literalFamily = isIP(hostname);
  const addresses: ResolvedAddress[] =
    literalFamily === 0
      ? await resolveAll(hostname, lookup)
      : [{ address: hostname, family: literalFamily as 4 | 6 }];

  const allowedByName = allowlist.allowsHost(hostname);
  for (const { address } of addresses) {
    if (allowedByName || allowlist.allowsAddress(address)) continue;
    const range = nonPublicRange(address);
    if (range === null) continue;
    const what = literalFamily === 0 ? `${hostname} resolves to ${address}, which is` : `${address} is`;
    const entries = literalFamily === 0 ? `"${address}" or "${hostname}"` : `"${address}"`;
    throw new HttpBlockedError(
      `refused ${url.host}: ${what} not a public address (${range}); ` +
        `if the operator means to reach it, add ${entries} to allowPrivate`,
    );
  }
  const pinned = addresses[0]!;
  return { hostname, address: pinned.address, family: isIP(pinned.address) === 6 ? 6 : 4 };
}

async function resolveAll(hostname: string, lookup: LookupAll): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await lookup(hostname);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new HttpTransportError(
      `could not resolve ${hostname}: ${typeof code === 'string' ? code : error}`,
      {
        cause: error,
      },
    );
  }
  if (addresses.length === 0) {
    throw new HttpTransportError(`could not resolve ${hostname}: no A or AAAA records`);
  }
  return addresses;
}
