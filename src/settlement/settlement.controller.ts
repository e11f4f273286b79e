import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ListQueryDto } from '../common/pagination';
import { PayoutsService } from './payouts.service';
import { BalanceView, PayoutListView, PayoutView } from './payouts.view';
import { CreatePayoutDto } from './settlement.dto';
import { SettlementService } from './settlement.service';
import { SettlementListView, SettlementWithPaymentsView } from './settlement.view';

@ApiTags('balance and payouts')
@Auth('merchant')
@Controller('v1')
export class SettlementController {
  constructor(
    private readonly settlement: SettlementService,
    private readonly payouts: PayoutsService,
  ) {}

  /** The merchant's balance per currency: `available` (settled, can be paid out) and `pending`. */
  @Get('balance')
  @ApiOkResponse({ type: BalanceView })
  balance(@CurrentPrincipal() principal: Principal) {
    return this.payouts.balance(principal.id);
  }

  /** Settlement batches, newest first. */
  @Get('settlements')
  @ApiOkResponse({ type: SettlementListView })
  listSettlements(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    return this.settlement.list(principal.id, query);
  }

  /** A settlement batch with the payments it settled. */
  @Get('settlements/:id')
  @ApiOkResponse({ type: SettlementWithPaymentsView })
  retrieveSettlement(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.settlement.retrieve(principal.id, id);
  }

  /** Pay out available money to the merchant's bank account. */
  @Post('payouts')
  @HttpCode(200)
  @ApiOkResponse({ type: PayoutView })
  @ApiErrors(402)
  createPayout(@CurrentPrincipal() principal: Principal, @Body() body: CreatePayoutDto) {
    return this.payouts.create(principal.id, body);
  }

  /** List the merchant's payouts, newest first. */
  @Get('payouts')
  @ApiOkResponse({ type: PayoutListView })
  listPayouts(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    return this.payouts.list(principal.id, query);
  }

  /** Retrieve a payout. */
  @Get('payouts/:id')
  @ApiOkResponse({ type: PayoutView })
  retrievePayout(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.payouts.retrieve(principal.id, id);
  }
}
