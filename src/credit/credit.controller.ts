import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors } from '../common/api-errors';
import { ListQueryDto } from '../common/pagination';
import { CreateCreditProductDto, CreateCreditQuoteDto, UpdateCreditProductDto } from './credit-products.dto';
import { CreditProductsService } from './credit-products.service';
import { CreditProductListView, CreditProductView } from './credit-products.view';
import { CreditQuoteView } from './credit-quotes.view';

@ApiTags('credit')
@Controller('v1/credit')
export class CreditController {
  constructor(private readonly products: CreditProductsService) {}

  /** Create a credit product: its currency, rates, terms, loan sizes and line per KYC tier. */
  @Post('products')
  @HttpCode(200)
  @Auth('operator')
  @ApiOkResponse({ type: CreditProductView })
  createProduct(@Body() body: CreateCreditProductDto) {
    return this.products.create(body);
  }

  /** List credit products, newest first: every one for the operator, those offered for a customer. */
  @Get('products')
  @Auth('operator', 'customer')
  @ApiOkResponse({ type: CreditProductListView })
  listProducts(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    return this.products.list(principal, query);
  }

  /** Retrieve a credit product (a customer sees only those offered). */
  @Get('products/:id')
  @Auth('operator', 'customer')
  @ApiOkResponse({ type: CreditProductView })
  retrieveProduct(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.products.retrieve(principal, id);
  }

  /** Rename a product, retire it, or change its line per KYC tier (its price and terms never change). */
  @Patch('products/:id')
  @Auth('operator')
  @ApiBody({ type: UpdateCreditProductDto, required: false })
  @ApiOkResponse({ type: CreditProductView })
  updateProduct(@Param('id') id: string, @Body() body: UpdateCreditProductDto) {
    return this.products.update(id, body);
  }

  /** What a loan would cost if drawn today: the schedule, total interest and APR. Commits nothing. */
  @Post('quotes')
  @HttpCode(200)
  @Auth('operator', 'customer')
  @ApiErrors(404)
  @ApiOkResponse({ type: CreditQuoteView })
  quote(@CurrentPrincipal() principal: Principal, @Body() body: CreateCreditQuoteDto) {
    return this.products.quote(principal, body);
  }
}
