// Object ids: a type prefix and a ULID (48-bit millisecond time + 80 random
// bits, Crockford base32), so ids sort by creation time as strings and the
// list endpoints can page by id alone.
import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

export const ID_PREFIXES = {
  merchant: 'mch',
  merchantApiKey: 'mk',
  customer: 'cus',
  customerToken: 'ctk',
  outboxMessage: 'obx',
  ledgerAccount: 'la',
  ledgerEntry: 'je',
  event: 'evt',
  paymentIntent: 'pi',
  refund: 're',
  payout: 'po',
  settlement: 'stl',
  request: 'req',
  walletTopUp: 'tu',
  walletWithdrawal: 'wd',
  walletTransfer: 'wt',
  webhookEndpoint: 'we',
  webhookDelivery: 'whd',
  webhookAttempt: 'wha',
  creditProduct: 'cpr',
  creditLine: 'cl',
  creditApplication: 'cap',
  loan: 'ln',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

// ulid draws one crypto random byte per character; drawing them from a
// refilled buffer gives the same bytes for one system call per 4 KiB.
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;
function randomFraction(): number {
  if (randomOffset >= randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  return randomPool[randomOffset++] / 256;
}

const nextUlid = monotonicFactory(randomFraction);

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${nextUlid()}`;
}

const ULID_BODY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** True when `id` looks like an id of `kind` (prefix and a well-formed ULID). */
export function isIdOf(kind: IdKind, id: unknown): id is string {
  if (typeof id !== 'string') return false;
  const prefix = `${ID_PREFIXES[kind]}_`;
  return id.startsWith(prefix) && ULID_BODY.test(id.slice(prefix.length));
}

/** Unix seconds, as every API object's `created` field. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
