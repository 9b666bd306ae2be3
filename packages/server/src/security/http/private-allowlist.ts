import ipaddr from 'ipaddr.js';
import { ConfigError } from '../../errors.ts';
import { parseIpAddress } from './address-policy.ts';

/** The destinations an operator lets through although they are not public (a LAN Immich, Home Assistant). */
export interface PrivateAllowlist {
  /** The URL host name is listed by name; every address it resolves to is then accepted. */
  allowsHost(hostname: string): boolean;
  /** The address lies in a listed CIDR (IPv4-mapped IPv6 is also compared as IPv4). */
  allowsAddress(address: string): boolean;
}

// RFC 1123 labels; a name entry is compared with the URL's host name, which WHATWG URL lower-cases.
const hostNamePattern =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses the `allowPrivate` entries: CIDRs (`192.168.1.0/24`, `::1/128`), bare addresses (taken as /32 or
 * /128) or host names (`immich.lan`). Throws ConfigError naming the entry that is neither.
 */
export function parsePrivateAllowlist(entries: readonly string[]): PrivateAllowlist {
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  const hostNames = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (ipaddr.isValidCIDR(entry)) {
      ranges.push(ipaddr.parseCIDR(entry));
    } else if (ipaddr.isValid(entry)) {
      const address = parseIpAddress(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (hostNamePattern.test(normaliseHostName(entry))) {
      hostNames.add(normaliseHostName(entry));
    } else {
      throw new ConfigError(
        'allowPrivate',
        `"${raw}" is neither a CIDR (192.168.1.0/24, ::1/128), an IP address nor a host name (immich.lan)`,
      );
    }
  }
  return {
    allowsHost: (hostname) => hostNames.has(normaliseHostName(hostname.toLowerCase())),
    allowsAddress: (address) => {
      if (ranges.length === 0 || !ipaddr.isValid(address)) return false;
      // Compare both forms, so "10.0.0.0/8" covers ::ffff:10.0.0.1 and "::ffff:0:0/96" covers 10.0.0.1.
      const unwrapped = parseIpAddress(address);
      const candidates = [
        unwrapped instanceof ipaddr.IPv4 ? unwrapped.toIPv4MappedAddress() : unwrapped,
        unwrapped,
      ];
      return ranges.some(([network, bits]) =>
        candidates.some((candidate) => candidate.kind() === network.kind() && candidate.match(network, bits)),
      );
    },
  };
}

/** `immich.lan.` and `immich.lan` name the same host. */
function normaliseHostName(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}
