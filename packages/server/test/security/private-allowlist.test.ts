import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { parsePrivateAllowlist } from '../../src/security/http/private-allowlist.ts';

describe('parsePrivateAllowlist', () => {
  const allowlist = parsePrivateAllowlist([
    '192.168.1.0/24',
    '127.0.0.1/32',
    '::1/128',
    'fd00::/8',
    '10.1.2.3',
    'Immich.LAN',
    'ha.home.arpa.',
  ]);

  it.each([
    ['192.168.1.0', true],
    ['192.168.1.255', true],
    ['192.168.2.1', false],
    ['127.0.0.1', true],
    ['127.0.0.2', false],
    ['::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', false],
    ['10.1.2.3', true],
    ['10.1.2.4', false],
    // IPv4-mapped IPv6 is the same host as the IPv4 address.
    ['::ffff:192.168.1.7', true],
    ['::ffff:c0a8:107', true],
    ['::ffff:10.1.2.4', false],
    ['not an address', false],
  ])('address %s allowed: %s', (address, expected) => {
    expect(allowlist.allowsAddress(address)).toBe(expected);
  });

  it.each([
    ['immich.lan', true],
    ['IMMICH.lan', true],
    ['immich.lan.', true],
    ['ha.home.arpa', true],
    ['photos.immich.lan', false],
    ['lan', false],
  ])('host %s allowed: %s', (host, expected) => {
    expect(allowlist.allowsHost(host)).toBe(expected);
  });

  it('treats an IPv4-mapped CIDR and the IPv4 addresses it maps as the same hosts', () => {
    const mapped = parsePrivateAllowlist(['::ffff:10.0.0.0/104']);
    expect(mapped.allowsAddress('10.1.2.3')).toBe(true);
    expect(mapped.allowsAddress('11.1.2.3')).toBe(false);
  });

  it('allows nothing when empty', () => {
    const empty = parsePrivateAllowlist([]);
    expect(empty.allowsAddress('127.0.0.1')).toBe(false);
    expect(empty.allowsHost('localhost')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'http://immich.lan', 'immich.lan:2283', '', 'bad host', '::1/129'])(
    'rejects the entry %j with a ConfigError naming it',
    (entry) => {
      expect(() => parsePrivateAllowlist([entry])).toThrow(ConfigError);
      expect(() => parsePrivateAllowlist([entry])).toThrow(`"${entry}"`);
    },
  );
});
