import { describe, expect, it } from '@jest/globals';
import { isIdOf, newId, unixSeconds } from './ids';

describe('ids', () => {
  it('have the type prefix and a ULID body', () => {
    const id = newId('customer');
    expect(id).toMatch(/^cus_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isIdOf('customer', id)).toBe(true);
    expect(isIdOf('merchant', id)).toBe(false);
    expect(isIdOf('customer', 'cus_not-a-ulid')).toBe(false);
  });

  it('sort by creation order as strings', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) {
      ids.push(newId('paymentIntent'));
      if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(500);
  });

  it('gives Unix seconds for created', () => {
    expect(unixSeconds(new Date('2026-01-01T00:00:00.999Z'))).toBe(1767225600);
  });
});
