// The chart of accounts: which ledger account serves which purpose. The
// ledger knows accounts only by (owner, code, currency), a type and its
// flags; this is the one place that gives those a meaning. Payments, wallets
// and settlement (and the capabilities to come, such as lending) ask for an
// account by purpose, never by code.
import type { LedgerAccountType } from '../ledger/ledger.model';
import type { OwnedAccountInput } from '../ledger/ledger.service';

/** Who an account belongs to: a customer, a merchant, or the platform itself. */
export type AccountOwnerType = 'customer' | 'merchant' | 'platform';

/** The owner reference of an account, as the ledger stores it. */
export const ownerRef = {
  customer: (customerId: string) => `customer:${customerId}`,
  merchant: (merchantId: string) => `merchant:${merchantId}`,
  platform: 'platform',
} as const;

/** The other side of a movement, as a statement names it: a customer, a merchant, or the platform's bank side. */
export type Counterparty = { type: 'customer' | 'merchant'; id: string } | { type: 'bank'; id: null };

/** Who an owner reference names (a statement's counterparty); the platform's, or a missing one, is the bank side. */
export function ownerOf(ref: string | null): Counterparty {
  for (const type of ['customer', 'merchant'] as const) {
    if (ref?.startsWith(`${type}:`)) return { type, id: ref.slice(type.length + 1) };
  }
  return { type: 'bank', id: null };
}

interface AccountPurpose {
  /** The ledger code of accounts with this purpose; unique across the chart. */
  code: number;
  type: LedgerAccountType;
  owner: AccountOwnerType;
  /** The ledger refuses any debit past the credits (money the owner does not have). */
  debitsMustNotExceedCredits?: boolean;
  /** The ledger refuses any credit past the debits (an asset paid down below zero). */
  creditsMustNotExceedDebits?: boolean;
  description: string;
}

/** Every purpose an account serves. Codes are stored in the ledger: never change or reuse one. */
export const CHART_OF_ACCOUNTS = {
  customerWallet: {
    code: 100,
    type: 'liability',
    owner: 'customer',
    debitsMustNotExceedCredits: true,
    description: "A customer's wallet: money the platform owes the customer, never negative.",
  },
  merchantPending: {
    code: 200,
    type: 'liability',
    owner: 'merchant',
    // Unconstrained: captures credit it and settlement moves the same money on.
    description: 'Captured for a merchant, not yet settled (fees are taken from it at capture).',
  },
  merchantAvailable: {
    code: 201,
    type: 'liability',
    owner: 'merchant',
    debitsMustNotExceedCredits: true,
    description: 'Settled for a merchant, ready to be paid out; refunds and payouts draw on it.',
  },
  platformFeeRevenue: {
    code: 300,
    type: 'revenue',
    owner: 'platform',
    description: "The platform's fees on merchants' payments.",
  },
  customerLoansReceivable: {
    code: 500,
    type: 'asset',
    owner: 'customer',
    // Never below zero: a repayment can never take back more principal than was lent.
    creditsMustNotExceedDebits: true,
    description:
      "The principal a customer's loans still owe the platform (debited at drawdown, credited by repayments).",
  },
  platformBankClearing: {
    code: 400,
    type: 'asset',
    owner: 'platform',
    description: 'Money on its way between the platform and banks (top-ups, withdrawals, payouts).',
  },
} as const satisfies Record<string, AccountPurpose>;

export type AccountPurposeName = keyof typeof CHART_OF_ACCOUNTS;

/** The ledger's description of the account with this purpose, owner and currency. */
export function accountFor(
  purpose: AccountPurposeName,
  owner: { customerId: string } | { merchantId: string } | 'platform',
  currency: string,
): OwnedAccountInput {
  const spec: AccountPurpose = CHART_OF_ACCOUNTS[purpose];
  const ref =
    owner === 'platform'
      ? ownerRef.platform
      : 'customerId' in owner
        ? ownerRef.customer(owner.customerId)
        : ownerRef.merchant(owner.merchantId);
  const ownerType = owner === 'platform' ? 'platform' : 'customerId' in owner ? 'customer' : 'merchant';
  if (ownerType !== spec.owner) throw new Error(`a ${purpose} account belongs to a ${spec.owner}, not a ${ownerType}`);
  return {
    ownerRef: ref,
    code: spec.code,
    currency,
    type: spec.type,
    debitsMustNotExceedCredits: spec.debitsMustNotExceedCredits ?? false,
    ...(spec.creditsMustNotExceedDebits ? { creditsMustNotExceedDebits: true } : {}),
  };
}
