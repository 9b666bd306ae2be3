import ipaddr from 'ipaddr.js';

/**
 * Why an address is not a public unicast destination, or `null` when it is one.
 *
 * IPv4: anything ipaddr.js does not class as `unicast` (private, loopback, link-local, CGNAT 100.64/10,
 * unspecified 0/8, multicast, broadcast, reserved, benchmarking, AS112, AMT). IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`) is unwrapped first and judged as IPv4.
 *
 * IPv6: only the IANA Global Unicast block 2000::/3 counts, because ipaddr.js calls everything it has no
 * name for `unicast`, including deprecated IPv4-compatible `::7f00:1` (RFC 4291 §2.5.5.1) and unallocated
 * space (https://www.iana.org/assignments/ipv6-address-space). Addresses that carry an IPv4 address —
 * 6to4 (RFC 3056), NAT64 64:ff9b::/96 (RFC 6052) and Teredo (RFC 4380) — pass only when the embedded IPv4
 * is itself public, so `2002:7f00:1::` cannot reach 127.0.0.1 through a relay or a NAT64 gateway.
 */
export function nonPublicRange(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = parseIpAddress(address);
  } catch {
    return 'not an IP address';
  }
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return range === 'unicast' ? null : range;
  }
  return nonPublicIpv6Range(parsed as ipaddr.IPv6);
}

/**
 * `ipaddr.process` with one parser difference removed: ipaddr.js reads `::8.8.8.8` as IPv4-mapped
 * `::ffff:8.8.8.8`, while the OS (inet_pton) connects to IPv4-compatible `::808:808` — and libuv prints such
 * DNS answers in that dotted form. Dotted tails are turned into hex words first so both agree.
 */
export function parseIpAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const dottedTail = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(%.*)?$/.exec(address);
  if (dottedTail === null) return ipaddr.process(address);
  const [, head, a, b, c, d, zone] = dottedTail;
  const octets = [a, b, c, d].map(Number);
  if (octets.some((octet) => octet > 255)) throw new Error(`not an IP address: ${address}`);
  const words = `${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  return ipaddr.process(`${head}${words}${zone ?? ''}`);
}

const globalUnicast = ipaddr.parseCIDR('2000::/3');
const wellKnownNat64 = ipaddr.parseCIDR('64:ff9b::/96');

function nonPublicIpv6Range(address: ipaddr.IPv6): string | null {
  const range = address.range();
  const parts = address.parts;
  switch (range) {
    case '6to4':
      // 2002:AABB:CCDD::/48 — the IPv4 of the 6to4 router is in bits 16..47 (RFC 3056 §2).
      return embeddedRange('6to4', ipv4FromWords(parts[1]!, parts[2]!));
    case 'rfc6052':
      // The well-known prefix carries the IPv4 in the last 32 bits (RFC 6052 §2.2). The local-use prefix
      // 64:ff9b:1::/48 (RFC 8215) is site-specific in layout and purpose: treat it as private.
      if (!address.match(wellKnownNat64)) return 'local-use NAT64 (64:ff9b:1::/48)';
      return embeddedRange('NAT64', ipv4FromWords(parts[6]!, parts[7]!));
    case 'teredo': {
      // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC — server IPv4 in bits 32..63, client IPv4 in the last
      // 32 bits with every bit inverted (RFC 4380 §4). Both must be public.
      const server = embeddedRange('Teredo server', ipv4FromWords(parts[2]!, parts[3]!));
      if (server !== null) return server;
      return embeddedRange('Teredo client', ipv4FromWords(parts[6]! ^ 0xffff, parts[7]! ^ 0xffff));
    }
    case 'unicast':
      return address.match(globalUnicast) ? null : 'outside the IPv6 global unicast block 2000::/3';
    default:
      return range;
  }
}

function ipv4FromWords(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function embeddedRange(kind: string, ipv4: ipaddr.IPv4): string | null {
  const range = ipv4.range();
  return range === 'unicast' ? null : `${kind} embedding ${ipv4.toString()} (${range})`;
}
