import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonPublicRange } from '../../src/security/http/address-policy.ts';

/** Teredo stores the client IPv4 with every bit inverted (RFC 4380 §4). */
function teredo(server: string, client: string): string {
  const words = (ipv4: string, invert: boolean) => {
    const n = ipv4.split('.').map((octet) => Number(octet) ^ (invert ? 0xff : 0));
    return `${((n[0]! << 8) | n[1]!).toString(16)}:${((n[2]! << 8) | n[3]!).toString(16)}`;
  };
  return `2001:0:${words(server, false)}:8000:63bf:${words(client, true)}`;
}

function hexWords(octets: number[]): string {
  return `${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
}

const refused: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'linkLocal'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['100.127.255.255', 'carrierGradeNat'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'linkLocal'],
  ['fe80::1%eth0', 'linkLocal'],
  ['fc00::1', 'uniqueLocal'],
  ['fd12:3456::1', 'uniqueLocal'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:a00:1', 'private'],
  ['::ffff:169.254.169.254', 'linkLocal'],
  ['::ffff:100.64.0.1', 'carrierGradeNat'],
  ['::ffff:0:7f00:1', 'rfc6145'],
  ['::7f00:1', 'outside the IPv6 global unicast block 2000::/3'],
  // libuv prints IPv4-compatible DNS answers in this dotted form; the OS connects to ::7f00:1, not 127.0.0.1.
  ['::127.0.0.1', 'outside the IPv6 global unicast block 2000::/3'],
  ['::8.8.8.8', 'outside the IPv6 global unicast block 2000::/3'],
  ['100::1', 'discard'],
  ['4000::1', 'outside the IPv6 global unicast block 2000::/3'],
  ['2002:7f00:1::1', '6to4 embedding 127.0.0.1 (loopback)'],
  ['2002:c0a8:101::', '6to4 embedding 192.168.1.1 (private)'],
  ['2002:6440:1::', '6to4 embedding 100.64.0.1 (carrierGradeNat)'],
  ['64:ff9b::7f00:1', 'NAT64 embedding 127.0.0.1 (loopback)'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 embedding 169.254.169.254 (linkLocal)'],
  ['64:ff9b:1::808:808', 'local-use NAT64 (64:ff9b:1::/48)'],
  [teredo('65.54.227.120', '10.0.0.1'), 'Teredo client embedding 10.0.0.1 (private)'],
  [teredo('65.54.227.120', '127.0.0.1'), 'Teredo client embedding 127.0.0.1 (loopback)'],
  [teredo('192.168.0.1', '8.8.8.8'), 'Teredo server embedding 192.168.0.1 (private)'],
  ['not-an-address', 'not an IP address'],
];

const accepted = [
  '8.8.8.8',
  '93.184.216.34',
  '1.1.1.1',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '2606:4700:4700::1111',
  '2a00:1450:4001:81c::200e',
  '::ffff:8.8.8.8',
  '2002:808:808::1',
  '64:ff9b::808:808',
  teredo('65.54.227.120', '8.8.8.8'),
];

describe('nonPublicRange', () => {
  it.each(refused)('refuses %s (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(accepted)('accepts the public address %s', (address) => {
    expect(nonPublicRange(address)).toBeNull();
  });

  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));

  it('judges an IPv4 address the same whether plain, IPv4-mapped, 6to4, NAT64 or a Teredo client', () => {
    fc.assert(
      fc.property(ipv4, (octets) => {
        const plain = nonPublicRange(octets.join('.')) === null;
        const inverted = octets.map((octet) => octet ^ 0xff);
        expect(nonPublicRange(`::ffff:${octets.join('.')}`) === null).toBe(plain);
        expect(nonPublicRange(`2002:${hexWords(octets)}::1`) === null).toBe(plain);
        expect(nonPublicRange(`64:ff9b::${hexWords(octets)}`) === null).toBe(plain);
        expect(nonPublicRange(`2001:0:4136:e378:8000:63bf:${hexWords(inverted)}`) === null).toBe(plain);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every address in the private, loopback, link-local and CGNAT blocks', () => {
    const blocks: [number[], number][] = [
      [[10, 0, 0, 0], 8],
      [[172, 16, 0, 0], 12],
      [[192, 168, 0, 0], 16],
      [[127, 0, 0, 0], 8],
      [[169, 254, 0, 0], 16],
      [[100, 64, 0, 0], 10],
      [[0, 0, 0, 0], 8],
      [[224, 0, 0, 0], 4],
    ];
    const inBlock = fc.tuple(fc.constantFrom(...blocks), fc.nat(0xffffffff)).map(([[base, bits], random]) => {
      const network = ((base[0]! << 24) | (base[1]! << 16) | (base[2]! << 8) | base[3]!) >>> 0;
      const host = bits === 0 ? random : random & (0xffffffff >>> bits);
      const value = (network | host) >>> 0;
      return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
    });
    fc.assert(
      fc.property(inBlock, (address) => {
        expect(nonPublicRange(address)).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses IPv6 outside 2000::/3 unless it is IPv4-mapped or well-known NAT64 of a public IPv4', () => {
    const words = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });
    const outsideGlobalUnicast = words.filter((w) => {
      const isMapped = w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff;
      const isNat64 = w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0);
      return (w[0]! < 0x2000 || w[0]! > 0x3fff) && !isMapped && !isNat64;
    });
    fc.assert(
      fc.property(outsideGlobalUnicast, (w) => {
        expect(nonPublicRange(w.map((x) => x.toString(16)).join(':'))).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
