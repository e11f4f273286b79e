// The customer's wallet: balances and limits, the transfers it sent or
// received, and the statement. Transfers themselves are made by
// WalletTransfersService (group-committed).
import { Injectable } from '@nestjs/common';
import { InvalidRequestError, ResourceMissingError } from '../common/errors';
import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import { DatabaseService } from '../database/database.service';
import { WALLET_ACCOUNT_CODE } from './wallet-accounts.service';
import { WalletLimitsService } from './wallet-limits.service';
import type { ListWalletTransactionsQueryDto, StatementLineType } from './wallets.dto';
import { walletTransferView, type WalletTransferRow, type WalletTransferView } from './wallets.views';

/** The currency a wallet shows even before it holds any. */
export const HOME_CURRENCY = 'cny';

interface StatementRow {
  seq: bigint;
  id: string;
  type: StatementLineType;
  amount: bigint;
  balance_after: bigint;
  available_after: bigint;
  reference: string | null;
  owner_ref: string | null;
  created_at: Date;
}

@Injectable()
export class WalletsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly limits: WalletLimitsService,
  ) {}

  /** GET /v1/wallet: status, tier, limits and what is left of today's, balances per currency. */
  async wallet(customerId: string) {
    const sql = this.db.sql;
    const [customer] = await sql.query<{ status: string; tier: number }>(
      'SELECT status::text AS status, kyc_tier AS tier FROM customers WHERE id = $1::text',
      [customerId],
    );
    if (!customer) throw new ResourceMissingError('customer', customerId);
    const accounts = await sql.query<{ currency: string; posted: bigint; held: bigint }>(
      `SELECT currency, credits_posted - debits_posted AS posted, debits_pending AS held
         FROM ledger_accounts WHERE owner_ref = $1::text AND code = $2::int ORDER BY currency`,
      [`customer:${customerId}`, WALLET_ACCOUNT_CODE],
    );
    const topUps = await sql.query<{ currency: string; pending: bigint }>(
      `SELECT currency, sum(amount)::bigint AS pending FROM wallet_top_ups
        WHERE customer_id = $1::text AND status = 'pending' GROUP BY currency`,
      [customerId],
    );
    const used = await this.limits.usedToday(sql, customerId);
    const limits = this.limits.limitsOf(customer.tier);
    const currencies = [...new Set([HOME_CURRENCY, ...accounts.map((a) => a.currency)])].sort();
    return {
      object: 'wallet' as const,
      customer: customerId,
      status: customer.status,
      kyc_tier: customer.tier,
      limits: {
        per_transaction: toWireAmount(limits.perTransaction),
        daily: toWireAmount(limits.daily),
        max_balance: toWireAmount(limits.maxBalance),
        day: this.limits.today(),
      },
      balances: currencies.map((currency) => {
        const account = accounts.find((a) => a.currency === currency);
        const spentToday = used.get(currency) ?? 0n;
        return {
          currency,
          /** What can be spent now: the posted balance less holds. */
          available: toWireAmount((account?.posted ?? 0n) - (account?.held ?? 0n)),
          /** Held for manual-capture payments and withdrawals in progress. */
          pending: toWireAmount(account?.held ?? 0n),
          /** Top-ups the bank has not confirmed yet. */
          incoming: toWireAmount(topUps.find((t) => t.currency === currency)?.pending ?? 0n),
          daily_remaining: toWireAmount(spentToday >= limits.daily ? 0n : limits.daily - spentToday),
        };
      }),
    };
  }

  /** A transfer the customer sent or received (else 404). */
  async retrieveTransfer(customerId: string, id: string): Promise<WalletTransferView> {
    const [row] = await this.db.sql.query<WalletTransferRow>(
      `SELECT id, sender_id, recipient_id, amount, currency, note, created_at FROM wallet_transfers
        WHERE id = $1::text AND (sender_id = $2::text OR recipient_id = $2::text)`,
      [id, customerId],
    );
    if (!row) throw new ResourceMissingError('wallet_transfer', id, 'id');
    return walletTransferView(row);
  }

  /**
   * The statement: every ledger transfer that touched the wallet, newest
   * first, typed from its kind and the object it belongs to, with the
   * balance right after it (the ledger records both accounts' balances on
   * every transfer, so no line is computed from another).
   */
  async statement(customerId: string, query: ListWalletTransactionsQueryDto) {
    if (query.starting_after && query.ending_before) {
      throw new InvalidRequestError(
        'parameter_invalid',
        'Pass either starting_after or ending_before, not both.',
        'ending_before',
      );
    }
    const currency = query.currency ?? HOME_CURRENCY;
    const limit = query.limit ?? 10;
    const sql = this.db.sql;
    const [account] = await sql.query<{ id: string }>(
      'SELECT id FROM ledger_accounts WHERE owner_ref = $1::text AND code = $2::int AND currency = $3::text',
      [`customer:${customerId}`, WALLET_ACCOUNT_CODE, currency],
    );
    const url = '/v1/wallet/transactions';
    if (!account) return { object: 'list' as const, url, data: [], has_more: false };
    const cursorId = query.starting_after ?? query.ending_before;
    let cursor: bigint | null = null;
    if (cursorId) {
      const [line] = await sql.query<{ seq: bigint }>(
        'SELECT seq FROM ledger_transfers WHERE id = $1::text AND (debit_account_id = $2::text OR credit_account_id = $2::text)',
        [cursorId, account.id],
      );
      if (!line) {
        throw new InvalidRequestError(
          'parameter_invalid',
          'The cursor is not a line of this statement.',
          query.starting_after ? 'starting_after' : 'ending_before',
        );
      }
      cursor = line.seq;
    }
    const forward = query.ending_before !== undefined;
    const rows = await sql.query<StatementRow>(statementSql(forward), [
      account.id,
      query.type ?? null,
      query.created_gte ? new Date(query.created_gte) : null,
      query.created_lt ? new Date(query.created_lt) : null,
      cursor,
      limit + 1,
    ]);
    const page = rows.slice(0, limit);
    if (forward) page.reverse();
    return {
      object: 'list' as const,
      url,
      data: page.map((r) => statementLine(r, currency)),
      has_more: rows.length > limit,
    };
  }
}

/** The statement's lines; `forward` walks from an `ending_before` cursor towards the present. */
function statementSql(forward: boolean): string {
  return `
    WITH lines AS (
      SELECT t.seq, t.id, t.kind, t.created_at,
             t.credit_account_id = $1::text AS incoming,
             CASE WHEN t.credit_account_id = $1::text THEN t.debit_account_id ELSE t.credit_account_id END AS other_account,
             coalesce(t.reference, p.reference) AS reference,
             CASE WHEN t.credit_account_id = $1::text
                  THEN t.cr_credits_posted_after - t.cr_debits_posted_after
                  ELSE t.dr_credits_posted_after - t.dr_debits_posted_after END AS balance_after,
             CASE WHEN t.credit_account_id = $1::text
                  THEN t.cr_credits_posted_after - t.cr_debits_posted_after - t.cr_debits_pending_after
                  ELSE t.dr_credits_posted_after - t.dr_debits_posted_after - t.dr_debits_pending_after END AS available_after,
             t.amount
        FROM ledger_transfers t LEFT JOIN ledger_transfers p ON p.id = t.pending_id
       WHERE (t.debit_account_id = $1::text OR t.credit_account_id = $1::text)
         AND ($5::bigint IS NULL OR t.seq ${forward ? '>' : '<'} $5::bigint)
    ), typed AS (
      SELECT l.*,
             CASE
               WHEN l.kind = 'pending' THEN 'hold'
               WHEN l.kind IN ('void_pending', 'expire_pending') THEN 'release'
               WHEN l.reference LIKE 'wt\\_%' THEN CASE WHEN l.incoming THEN 'transfer_in' ELSE 'transfer_out' END
               WHEN l.reference LIKE 'tu\\_%' THEN 'top_up'
               WHEN l.reference LIKE 'wd\\_%' THEN 'withdrawal'
               WHEN l.reference LIKE 're\\_%' THEN 'refund'
               WHEN l.reference LIKE 'pi\\_%' THEN 'payment'
               ELSE 'adjustment'
             END AS type
        FROM lines l
    )
    SELECT t.seq, t.id, t.type, t.created_at, t.reference, a.owner_ref, t.balance_after, t.available_after,
           CASE WHEN t.type = 'hold' OR (NOT t.incoming AND t.type <> 'release') THEN -t.amount ELSE t.amount END AS amount
      FROM typed t JOIN ledger_accounts a ON a.id = t.other_account
     WHERE ($2::text IS NULL OR t.type = $2::text)
       AND ($3::timestamptz IS NULL OR t.created_at >= $3::timestamptz)
       AND ($4::timestamptz IS NULL OR t.created_at < $4::timestamptz)
     ORDER BY t.seq ${forward ? 'ASC' : 'DESC'}
     LIMIT $6::int`;
}

function counterparty(ownerRef: string | null): { type: string; id: string | null } {
  if (!ownerRef || ownerRef === 'platform') return { type: 'bank', id: null };
  const [type, id] = ownerRef.split(':');
  return { type, id: id ?? null };
}

function statementLine(row: StatementRow, currency: string) {
  return {
    id: row.id,
    object: 'wallet.transaction' as const,
    created: unixSeconds(row.created_at),
    type: row.type,
    /** Signed: negative when money leaves the wallet or is held. */
    amount: toWireAmount(row.amount),
    currency,
    /** The transfer, payment, refund, top-up or withdrawal it belongs to. */
    source: row.reference,
    counterparty: counterparty(row.owner_ref),
    /** The wallet's posted balance right after this line. */
    balance_after: toWireAmount(row.balance_after),
    /** The posted balance less holds, right after this line. */
    available_after: toWireAmount(row.available_after),
  };
}
