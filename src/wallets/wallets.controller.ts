import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { GroupCommitted, PlainSqlTransaction } from '../idempotency/idempotency.interceptor';
import { WalletBankService } from './wallet-bank.service';
import { WalletTransfersService } from './wallet-transfers.service';
import { CreateWalletTransferDto, ListWalletTransactionsQueryDto, WalletAmountDto } from './wallets.dto';
import { WalletsService } from './wallets.service';
import {
  WalletTopUpView,
  WalletTransactionListView,
  WalletTransferView,
  WalletView,
  WalletWithdrawalView,
} from './wallets.view';

/** The wallet app, acting for one customer with its customer token. */
@ApiTags('wallet')
@Auth('customer')
@Controller('v1/wallet')
export class WalletsController {
  constructor(
    private readonly wallets: WalletsService,
    private readonly bank: WalletBankService,
    private readonly transfers: WalletTransfersService,
  ) {}

  /** Status, KYC tier, limits with what is left of today's, and balances per currency. */
  @Get()
  @ApiOkResponse({ type: WalletView })
  wallet(@CurrentPrincipal() principal: Principal) {
    return this.wallets.wallet(principal.id);
  }

  /** Top up from the customer's bank card: `pending` until the bank confirms, then `succeeded` or `failed`. */
  @Post('top_ups')
  @HttpCode(200)
  @PlainSqlTransaction()
  @ApiOkResponse({ type: WalletTopUpView })
  @ApiErrors(402)
  topUp(@CurrentPrincipal() principal: Principal, @Body() body: WalletAmountDto) {
    return this.bank.createTopUp(principal.id, body);
  }

  /** Retrieve one of the customer's top-ups. */
  @Get('top_ups/:id')
  @ApiOkResponse({ type: WalletTopUpView })
  retrieveTopUp(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.bank.retrieve('top_up', principal.id, id);
  }

  /** Send money to another customer, by phone number or customer id: instant and atomic. */
  @Post('transfers')
  @GroupCommitted()
  @HttpCode(200) // as @GroupCommitted answers: the Swagger plugin reads only a literal @HttpCode
  @ApiOkResponse({ type: WalletTransferView })
  @ApiErrors(402, 404)
  transfer(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateWalletTransferDto,
    @Req() request: FastifyRequest,
  ) {
    return this.transfers.transfer({ senderId: principal.id, input: body, idempotency: request.idempotentRequest });
  }

  /** Retrieve a transfer the customer sent or received. */
  @Get('transfers/:id')
  @ApiOkResponse({ type: WalletTransferView })
  retrieveTransfer(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.wallets.retrieveTransfer(principal.id, id);
  }

  /** Withdraw to the customer's bank: the amount is held, then `paid` or `failed` (money back). */
  @Post('withdrawals')
  @HttpCode(200)
  @PlainSqlTransaction()
  @ApiOkResponse({ type: WalletWithdrawalView })
  @ApiErrors(402)
  withdraw(@CurrentPrincipal() principal: Principal, @Body() body: WalletAmountDto) {
    return this.bank.createWithdrawal(principal.id, body);
  }

  /** Retrieve one of the customer's withdrawals. */
  @Get('withdrawals/:id')
  @ApiOkResponse({ type: WalletWithdrawalView })
  retrieveWithdrawal(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.bank.retrieve('withdrawal', principal.id, id);
  }

  /**
   * The statement: every movement, newest first, with the running `balance`, `pending` and `available` after
   * each and its change to each; a hold is its own line, and the line that posts or releases it names it.
   */
  @Get('transactions')
  @ApiOkResponse({ type: WalletTransactionListView })
  transactions(@CurrentPrincipal() principal: Principal, @Query() query: ListWalletTransactionsQueryDto) {
    return this.wallets.statement(principal.id, query);
  }
}
