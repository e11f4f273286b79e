import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CreateRefundDto, ListRefundsQueryDto } from './refunds.dto';
import { RefundsService } from './refunds.service';
import { RefundListView, RefundView } from './refunds.view';

@ApiTags('refunds')
@Auth('merchant')
@Controller('v1/refunds')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  /** Refund all or part of a succeeded payment to the customer's wallet. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: RefundView })
  @ApiErrors(404, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateRefundDto) {
    return this.refunds.create(principal.id, body);
  }

  /** List refunds, newest first (optionally of one payment intent). */
  @Get()
  @ApiOkResponse({ type: RefundListView })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListRefundsQueryDto) {
    return this.refunds.list(principal.id, query);
  }

  /** Retrieve a refund of one of the merchant's payments. */
  @Get(':id')
  @ApiOkResponse({ type: RefundView })
  retrieve(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.refunds.retrieve(principal.id, id);
  }
}
