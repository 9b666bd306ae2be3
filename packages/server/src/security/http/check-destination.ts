import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Clock } from '../../domain/clock.ts';
import { nonPublicRange } from './address-policy.ts';
import { HttpBlockedError, HttpTransportError } from './http-client.ts';
import type { PrivateAllowlist } from './private-allowlist.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all of its A/AAAA records, like `dns.promises.lookup(name, { all: true })`. */
export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: LookupAll = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

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
  refuseUnsafeUrl(url);
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return checkHost(hostname, url.host, lookup, allowlist);
}

/**
 * The address policy alone, for a host name or IP literal: what checkDestination does after the URL checks,
 * and what a channel speaking another protocol than HTTP (MQTT, SMTP) connects through. `shown` is how the
 * host appears in messages (with its port).
 */
export async function checkHost(
  hostname: string,
  shown: string,
  lookup: LookupAll,
  allowlist: PrivateAllowlist,
): Promise<CheckedDestination> {
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
      `refused ${shown}: ${what} not a public address (${range}); ` +
        `if the operator means to reach it, add ${entries} to allowPrivate`,
    );
  }
  const pinned = addresses[0]!;
  return { hostname, address: pinned.address, family: isIP(pinned.address) === 6 ? 6 : 4 };
}

/** The checks that need no lookup: http(s) only, no credentials in the URL. Throws HttpBlockedError. */
function refuseUnsafeUrl(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpBlockedError(`only http: and https: URLs are allowed, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new HttpBlockedError(
      `the URL for ${url.host} carries credentials (user:password@); send them in a header such as Authorization instead`,
    );
  }
}

interface CachedCheck {
  expires: number;
  /** Settled, for answering without a promise; undefined while the lookup runs. */
  destination?: CheckedDestination;
  pending: Promise<CheckedDestination>;
}

const maxCachedHosts = 1024;

/**
 * checkDestination, remembered per URL host for `ttlMs`. Without it every send resolved its host again: a
 * getaddrinfo on libuv's thread pool and a fresh policy check per request. Pinning holds all the same:
 * a request connects to the address that was checked, whichever request checked it, and a host that
 * moves is followed once the entry ends. Failures are not kept, so a name that starts resolving is used
 * at once; a lookup that hangs is left behind when its entry ends.
 */
export class CheckedDestinations {
  readonly #entries = new Map<string, CachedCheck>();
  readonly #lookup: LookupAll;
  readonly #allowlist: PrivateAllowlist;
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(lookup: LookupAll, allowlist: PrivateAllowlist, ttlMs: number, clock: Clock) {
    this.#lookup = lookup;
    this.#allowlist = allowlist;
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /**
   * A settled check is returned as it is; one still running (or a new one) as a promise. A URL refused
   * for its scheme or credentials throws at once.
   */
  check(url: URL): CheckedDestination | Promise<CheckedDestination> {
    // Before the entry: a URL refused for its scheme or credentials leaves the host's entry alone.
    refuseUnsafeUrl(url);
    const now = this.#clock.now();
    const cached = this.#entries.get(url.host);
    if (cached !== undefined && cached.expires > now) return cached.destination ?? cached.pending;
    const entry: CachedCheck = {
      expires: now + this.#ttlMs,
      pending: checkDestination(url, this.#lookup, this.#allowlist),
    };
    entry.pending.then(
      (destination) => {
        entry.destination = destination;
      },
      () => {
        if (this.#entries.get(url.host) === entry) this.#entries.delete(url.host);
      },
    );
    this.#entries.delete(url.host);
    this.#entries.set(url.host, entry);
    if (this.#entries.size > maxCachedHosts) this.#entries.delete(this.#entries.keys().next().value!);
    return entry.pending;
  }
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
