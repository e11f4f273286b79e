// What the wallet's use cases read of a customer, locked FOR SHARE: a freeze
// (which updates the row) waits for a money movement in flight, and a
// movement started after the freeze sees it.
import { PaymentError } from '../common/errors';
import { textArray, type Sql } from '../database/sql';

export interface WalletCustomer {
  id: string;
  phone: string;
  status: 'active' | 'frozen' | 'closed';
  tier: number;
}

/** Locks and reads the customers with these ids or phones, in id order. */
export async function lockCustomers(
  sql: Sql,
  ids: readonly string[],
  phones: readonly string[] = [],
): Promise<WalletCustomer[]> {
  return sql.query<WalletCustomer>(
    `SELECT id, phone, status::text AS status, kyc_tier AS tier FROM customers
      WHERE id = ANY($1::text[]) OR phone = ANY($2::text[]) ORDER BY id FOR SHARE`,
    [textArray(ids), textArray(phones)],
  );
}

/** The one frozen-wallet rule: a wallet that is not active can neither send nor receive money. */
export function walletFrozen(use: 'payment' | 'any' = 'any'): PaymentError {
  return new PaymentError(
    'wallet_frozen',
    use === 'payment'
      ? 'The wallet is frozen and cannot pay.'
      : 'This wallet is frozen: it can neither send nor receive money.',
  );
}

/** 402 wallet_frozen unless the customer's own wallet may move money. */
export function assertActive(customer: WalletCustomer): void {
  if (customer.status !== 'active') throw walletFrozen();
}
