import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { parseMasterKeys, SealedValueError, SecretBox } from './secret-box';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('SecretBox', () => {
  it('seals so that only the same master key, context and extra key open it', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('whsec_abc', 'webhook_endpoints:we_1');
    expect(sealed).toMatch(/^sealed:v1:k1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed, 'webhook_endpoints:we_1')).toBe('whsec_abc');
    // Bound to its place: the same value in another row does not open.
    expect(() => box.open(sealed, 'webhook_endpoints:we_2')).toThrow(SealedValueError);
    // A random IV: sealing twice gives two different values.
    expect(box.seal('whsec_abc', 'webhook_endpoints:we_1')).not.toBe(sealed);

    const withKey = box.seal('{"token":"ct_x"}', 'idempotency_keys:operator:h', 'client-key-1');
    expect(box.open(withKey, 'idempotency_keys:operator:h', 'client-key-1')).toBe('{"token":"ct_x"}');
    expect(() => box.open(withKey, 'idempotency_keys:operator:h', 'client-key-2')).toThrow(SealedValueError);
    expect(() => box.open(withKey, 'idempotency_keys:operator:h')).toThrow(SealedValueError);
  });

  it('refuses an altered value', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('secret', 'c');
    const bytes = Buffer.from(sealed.slice('sealed:v1:k1:'.length), 'base64url');
    bytes[14] ^= 1;
    expect(() => box.open(`sealed:v1:k1:${bytes.toString('base64url')}`, 'c')).toThrow(SealedValueError);
    expect(() => box.open('sealed:v1:k1:AAAA', 'c')).toThrow(/truncated/);
    expect(() => box.open('whsec_plain', 'c')).toThrow(/not a sealed value/);
  });

  it('rotates: the first key seals, every key of the list opens, a removed key opens nothing', () => {
    const old = new SecretBox([k1]).seal('secret', 'c');
    const rotated = new SecretBox([k2, k1]);
    expect(rotated.open(old, 'c')).toBe('secret');
    expect(rotated.seal('secret', 'c').startsWith(rotated.currentKeyPrefix)).toBe(true);
    expect(rotated.currentKeyPrefix).toBe('sealed:v1:k2:');
    expect(() => new SecretBox([k2]).open(old, 'c')).toThrow(/no longer configured/);
  });

  it('digests a value the same way each time, per purpose and master key, unlike a plain hash', () => {
    const box = new SecretBox([k1]);
    const digest = box.digest('lookups', '+8613800138000');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(box.digest('lookups', '+8613800138000')).toBe(digest);
    expect(box.digest('other', '+8613800138000')).not.toBe(digest);
    expect(new SecretBox([k2]).digest('lookups', '+8613800138000')).not.toBe(digest);
    expect(digest).not.toBe(createHash('sha256').update('+8613800138000').digest('hex'));
  });

  it('parses SECRETS_ENCRYPTION_KEYS', () => {
    const value = `k2:${k2.key.toString('base64')}, k1:${k1.key.toString('base64')}`;
    expect(parseMasterKeys(value)).toEqual([k2, k1]);
    expect(parseMasterKeys('k1:AAAA')).toBe('key k1 must be 32 bytes, base64-encoded');
    expect(parseMasterKeys(`k1:${k1.key.toString('base64')},k1:${k2.key.toString('base64')}`)).toBe(
      'key id k1 appears twice',
    );
  });
});
