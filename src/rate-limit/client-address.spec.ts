import { describe, expect, it } from '@jest/globals';
import { clientAddressKey } from './client-address';

describe('clientAddressKey', () => {
  it('keys an IPv4 client by its address, however the socket spells it', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
    expect(clientAddressKey('203.0.113.8')).not.toBe(clientAddressKey('203.0.113.7'));
  });

  it('keys an IPv6 client by its /64', () => {
    const home = clientAddressKey('2001:db8:1:2::1');
    expect(home).toBe('ip:2001:db8:1:2::/64');
    expect(clientAddressKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe')).toBe(home);
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(home);
    expect(clientAddressKey('::1')).toBe('ip:0:0:0:0::/64');
  });

  it('puts anything that is not an address in one shared key', () => {
    expect(clientAddressKey(undefined)).toBe('ip:invalid');
    expect(clientAddressKey('not-an-address')).toBe('ip:invalid');
    expect(clientAddressKey('203.0.113.7, 10.0.0.1')).toBe('ip:invalid');
  });
});
