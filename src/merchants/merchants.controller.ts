import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ListQueryDto } from '../common/pagination';
import { CreateMerchantDto, RollMerchantKeyDto, UpdateMerchantDto } from './merchants.dto';
import { MerchantsService } from './merchants.service';
import { SecretResponse } from '../idempotency/idempotency.interceptor';
import { MerchantKeyView, MerchantListView, MerchantView, MerchantWithSecretKeyView } from './merchants.view';

@ApiTags('merchants')
@Controller('v1/merchants')
export class MerchantsController {
  constructor(private readonly merchants: MerchantsService) {}

  /** Onboard a merchant. The response carries its secret key, shown this once. */
  @SecretResponse()
  @Post()
  @HttpCode(200)
  @Auth('operator')
  @ApiOkResponse({ type: MerchantWithSecretKeyView })
  create(@Body() body: CreateMerchantDto) {
    return this.merchants.createMerchant(body);
  }

  /** List merchants, newest first. */
  @Get()
  @Auth('operator')
  @ApiOkResponse({ type: MerchantListView })
  list(@Query() query: ListQueryDto) {
    return this.merchants.listMerchants(query);
  }

  /** Retrieve a merchant (the operator, or the merchant itself). */
  @Get(':id')
  @Auth('operator', 'merchant')
  @ApiOkResponse({ type: MerchantView })
  retrieve(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.merchants.getMerchant(principal, id);
  }

  /** Update a merchant's profile, pricing, settlement delay, payout schedule or bank account. */
  @Patch(':id')
  @Auth('operator')
  @ApiBody({ type: UpdateMerchantDto, required: false })
  @ApiOkResponse({ type: MerchantView })
  update(@Param('id') id: string, @Body() body: UpdateMerchantDto) {
    return this.merchants.updateMerchant(id, body);
  }

  /** Roll the merchant's secret key: a new key, the old ones expiring now or after an overlap. */
  @SecretResponse()
  @Post(':id/keys')
  @HttpCode(200)
  @Auth('operator')
  @ApiBody({ type: RollMerchantKeyDto, required: false })
  @ApiOkResponse({ type: MerchantKeyView })
  rollKey(@Param('id') id: string, @Body() body: RollMerchantKeyDto) {
    return this.merchants.rollMerchantKey(id, body);
  }
}
