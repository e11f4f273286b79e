// The customer's wallet: balances and limits, the transfers it sent or
// received, and the statement. Transfers themselves are made by
// WalletTransfersService (group-committed).
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { InvalidRequestError, ResourceMissingError } from '../common/errors';
import type { ListResponse } from '../common/pagination';
import { DatabaseService } from '../database/database.service';
import type { CustomerStatus } from '../generated/prisma/client';
import type { TransferKind } from '../ledger/ledger.model';
import { LedgerService, type StatementFilter, type StatementLine } from '../ledger/ledger.service';
import { WalletLimitsService } from './wallet-limits.service';
import type { ListWalletTransactionsQueryDto, StatementLineType } from './wallets.dto';
import {
  walletTransactionView,
  walletTransferView,
  walletView,
  type WalletTransactionView,
  type WalletTransferRow,
  type WalletTransferView,
  type WalletView,
} from './wallets.view';

/** The currency a wallet shows even before it holds any. */
export const HOME_CURRENCY = 'cny';

/** What a statement line's reference says it belongs to: the id prefix of each kind of object. */
const REFERENCE_TYPES = [
  { prefix: 'wt_', type: 'transfer' },
  { prefix: 'tu_', type: 'top_up' },
  { prefix: 'wd_', type: 'withdrawal' },
  { prefix: 're_', type: 'refund' },
  { prefix: 'pi_', type: 'payment' },
] as const;
const MOVES: readonly TransferKind[] = ['posted', 'post_pending'];

/** The ledger lines of one statement type (the wallet's words for the ledger's kinds and references). */
function lineFilter(type: StatementLineType): StatementFilter {
  switch (type) {
    case 'hold':
      return { kinds: ['pending'] };
    case 'release':
      return { kinds: ['void_pending', 'expire_pending'] };
    case 'transfer_in':
    case 'transfer_out':
      return { kinds: MOVES, referencePrefix: 'wt_', direction: type === 'transfer_in' ? 'in' : 'out' };
    case 'adjustment':
      return { kinds: MOVES, referencePrefixesNot: REFERENCE_TYPES.map((r) => r.prefix) };
    default:
      return { kinds: MOVES, referencePrefix: REFERENCE_TYPES.find((r) => r.type === type)!.prefix };
  }
}

/** A ledger line's statement type. */
function lineType(line: StatementLine): StatementLineType {
  if (line.kind === 'pending') return 'hold';
  if (line.kind === 'void_pending' || line.kind === 'expire_pending') return 'release';
  const type = REFERENCE_TYPES.find((r) => line.reference?.startsWith(r.prefix))?.type ?? 'adjustment';
  if (type === 'transfer') return line.incoming ? 'transfer_in' : 'transfer_out';
  return type;
}

@Injectable()
export class WalletsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly limits: WalletLimitsService,
  ) {}

  /** GET /v1/wallet: status, tier, limits and what is left of today's, balances per currency. */
  async wallet(customerId: string): Promise<WalletView> {
    const sql = this.db.sql;
    const [customer] = await sql.query<{ status: CustomerStatus; tier: number }>(
      'SELECT status::text AS status, kyc_tier AS tier FROM customers WHERE id = $1::text',
      [customerId],
    );
    if (!customer) throw new ResourceMissingError('customer', customerId);
    const accounts = await this.accounts.walletBalances(customerId);
    const topUps = await sql.query<{ currency: string; pending: bigint }>(
      `SELECT currency, sum(amount)::bigint AS pending FROM wallet_top_ups
        WHERE customer_id = $1::text AND status = 'pending' GROUP BY currency`,
      [customerId],
    );
    const used = await this.limits.usedToday(sql, customerId);
    const currencies = [...new Set([HOME_CURRENCY, ...accounts.map((a) => a.currency)])].sort();
    return walletView({
      customerId,
      status: customer.status,
      tier: customer.tier,
      limits: this.limits.limitsOf(customer.tier),
      day: this.limits.today(),
      currencies: currencies.map((currency) => ({
        currency,
        account: accounts.find((a) => a.currency === currency),
        pendingTopUps: topUps.find((t) => t.currency === currency)?.pending ?? 0n,
        sentToday: used.get(currency) ?? 0n,
      })),
    });
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
   * running balances right after it and its change to each (from the
   * balances the ledger records on every transfer, so no line is computed
   * from another, and pages and filters show the same figures).
   */
  async statement(
    customerId: string,
    query: ListWalletTransactionsQueryDto,
  ): Promise<ListResponse<WalletTransactionView>> {
    if (query.starting_after && query.ending_before) {
      throw new InvalidRequestError(
        'parameter_invalid',
        'Pass either starting_after or ending_before, not both.',
        'ending_before',
      );
    }
    const currency = query.currency ?? HOME_CURRENCY;
    const url = '/v1/wallet/transactions';
    const account = await this.accounts.existingWalletAccount(customerId, currency);
    if (!account) return { object: 'list', url, data: [], has_more: false };
    const page = await this.ledger.accountStatement(
      account,
      {
        ...(query.type ? lineFilter(query.type) : {}),
        ...(query.created_gte ? { createdGte: new Date(query.created_gte) } : {}),
        ...(query.created_lt ? { createdLt: new Date(query.created_lt) } : {}),
      },
      { limit: query.limit ?? 10, startingAfter: query.starting_after, endingBefore: query.ending_before },
    );
    if (!page) {
      throw new InvalidRequestError(
        'parameter_invalid',
        'The cursor is not a line of this statement.',
        query.starting_after ? 'starting_after' : 'ending_before',
      );
    }
    return {
      object: 'list',
      url,
      data: page.lines.map((line) => walletTransactionView(line, lineType(line), currency)),
      has_more: page.hasMore,
    };
  }
}
