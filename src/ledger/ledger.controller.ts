import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import { InvalidRequestError, ResourceMissingError } from '../common/errors';
import { paginate, pageWindow } from '../common/pagination';
import {
  CreateReconciliationDto,
  ListLedgerAccountsQueryDto,
  ListLedgerEntriesQueryDto,
  RetrieveLedgerAccountQueryDto,
} from './ledger.dto';
import { LedgerService } from './ledger.service';
import {
  LedgerAccountEntryListView,
  ledgerAccountEntryView,
  LedgerAccountListView,
  LedgerAccountView,
  ledgerAccountView,
  LedgerTransferView,
  ledgerTransferView,
} from './ledger.view';
import { ReconciliationView, reconciliationView, TrialBalanceView, trialBalanceView } from './ledger-checks.view';

/** The operator's read access to the whole ledger. Money moves only through the capabilities above it. */
@ApiTags('ledger')
@Auth('operator')
@Controller('v1/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** List ledger accounts, newest first. */
  @Get('accounts')
  @ApiOkResponse({ type: LedgerAccountListView })
  listAccounts(@Query() query: ListLedgerAccountsQueryDto) {
    return paginate(
      query,
      '/v1/ledger/accounts',
      (window) =>
        this.ledger.listAccounts({
          currency: query.currency,
          ownerRef: query.owner,
          idFilter: window.idFilter,
          orderBy: window.orderBy,
          take: window.take,
        }),
      (account) => ledgerAccountView(account),
    );
  }

  /** Retrieve a ledger account with its balances, now or (with `at`) as of a past time. */
  @Get('accounts/:id')
  @ApiOkResponse({ type: LedgerAccountView })
  async retrieveAccount(@Param('id') id: string, @Query() query: RetrieveLedgerAccountQueryDto) {
    const account = await this.ledger.getAccount(id);
    if (!account) throw new ResourceMissingError('ledger account', id, 'id');
    if (query.at === undefined) return ledgerAccountView(account);
    const at = new Date(query.at * 1000);
    return ledgerAccountView(account, { at, balances: await this.ledger.balancesAt(id, at) });
  }

  /** The account's statement: its transfers newest first, each with the balances right after it. */
  @Get('accounts/:id/entries')
  @ApiOkResponse({ type: LedgerAccountEntryListView })
  async listEntries(@Param('id') id: string, @Query() query: ListLedgerEntriesQueryDto) {
    const account = await this.ledger.getAccount(id);
    if (!account) throw new ResourceMissingError('ledger account', id, 'id');
    const window = pageWindow({
      limit: query.limit,
      starting_after: query.starting_after,
      ending_before: query.ending_before,
    });
    const cursorId = query.starting_after ?? query.ending_before;
    const cursor = cursorId ? await this.ledger.getTransfer(cursorId) : undefined;
    if (cursorId && (!cursor || (cursor.debitAccountId !== id && cursor.creditAccountId !== id))) {
      throw new InvalidRequestError(
        'parameter_invalid',
        `No transfer ${cursorId} on ledger account ${id}.`,
        query.starting_after ? 'starting_after' : 'ending_before',
      );
    }
    const page = await this.ledger.accountTransfers(id, {
      limit: window.limit,
      ...(cursor && query.starting_after ? { startingAfter: cursor } : {}),
      ...(cursor && query.ending_before ? { endingBefore: cursor } : {}),
    });
    return {
      object: 'list' as const,
      url: `/v1/ledger/accounts/${id}/entries`,
      data: page.transfers.map((t) => ledgerAccountEntryView(account, t)),
      has_more: page.hasMore,
    };
  }

  /** Retrieve a transfer; for a pending one, how it was resolved. */
  @Get('transfers/:id')
  @ApiOkResponse({ type: LedgerTransferView })
  async retrieveTransfer(@Param('id') id: string) {
    const transfer = await this.ledger.getTransfer(id);
    if (!transfer) throw new ResourceMissingError('ledger transfer', id, 'id');
    const resolution = transfer.kind === 'pending' ? await this.ledger.pendingStatus(id) : undefined;
    return ledgerTransferView(transfer, {
      pendingStatus: resolution?.status,
      resolvedBy: resolution?.resolvedBy,
      reversedBy: await this.ledger.reversedBy(id),
    });
  }

  /** Totals per currency; debits equal credits in a sound ledger. */
  @Get('trial_balance')
  @ApiOkResponse({ type: TrialBalanceView })
  async trialBalance() {
    return trialBalanceView(await this.ledger.trialBalance(), new Date());
  }

  /** Recompute every balance from the transfers and report any difference. */
  @Post('reconciliations')
  @HttpCode(200)
  @ApiOkResponse({ type: ReconciliationView })
  @ApiBody({ type: CreateReconciliationDto, required: false })
  async reconcile(@Body() _body: CreateReconciliationDto) {
    return reconciliationView(await this.ledger.reconcile(), new Date());
  }
}
