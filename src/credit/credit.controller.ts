import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors } from '../common/api-errors';
import { PlainSqlTransaction } from '../idempotency/idempotency.interceptor';
import { ListQueryDto } from '../common/pagination';
import { CreateCreditProductDto, CreateCreditQuoteDto, UpdateCreditProductDto } from './credit-products.dto';
import { CreditProductsService } from './credit-products.service';
import { CreditProductListView, CreditProductView } from './credit-products.view';
import { CreditQuoteView } from './credit-quotes.view';
import { CreateCreditApplicationDto, UpdateCreditLineDto } from './credit-lines.dto';
import { CreditLinesService } from './credit-lines.service';
import { CreditApplicationView, CreditLineListView, CreditLineView } from './credit-lines.view';
import { CreateLoanDto } from './loans.dto';
import { LoansService } from './loans.service';
import { LoanListView, LoanView } from './loans.view';

@ApiTags('credit')
@Controller('v1/credit')
export class CreditController {
  constructor(
    private readonly products: CreditProductsService,
    private readonly lines: CreditLinesService,
    private readonly loans: LoansService,
  ) {}

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

  /** Apply for a line on a product: decided at once, approved with a limit or declined with every reason. */
  @Post('applications')
  @HttpCode(200)
  @Auth('customer')
  @ApiErrors(404)
  @ApiOkResponse({ type: CreditApplicationView })
  apply(@CurrentPrincipal() principal: Principal, @Body() body: CreateCreditApplicationDto) {
    return this.lines.apply(principal.id, body);
  }

  /** List credit lines, newest first: a customer's own, or every one for the operator. */
  @Get('lines')
  @Auth('operator', 'customer')
  @ApiOkResponse({ type: CreditLineListView })
  listLines(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    return this.lines.list(principal, query);
  }

  /** Retrieve a credit line: its limit, what is available and what its loans owe. */
  @Get('lines/:id')
  @Auth('operator', 'customer')
  @ApiOkResponse({ type: CreditLineView })
  retrieveLine(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.lines.retrieve(principal, id);
  }

  /** Raise or lower a line's limit, suspend or reopen it, or close it for good. */
  @Patch('lines/:id')
  @Auth('operator')
  @ApiErrors(409)
  @ApiBody({ type: UpdateCreditLineDto, required: false })
  @ApiOkResponse({ type: CreditLineView })
  updateLine(@Param('id') id: string, @Body() body: UpdateCreditLineDto) {
    return this.lines.update(id, body);
  }

  /** Draw a loan on a line: its schedule, and the money paid into the wallet at once. */
  @PlainSqlTransaction()
  @Post('loans')
  @HttpCode(200)
  @Auth('customer')
  @ApiErrors(402, 404)
  @ApiOkResponse({ type: LoanView })
  drawdown(@CurrentPrincipal() principal: Principal, @Body() body: CreateLoanDto) {
    return this.loans.drawdown(principal.id, body);
  }

  /** List loans, newest first: a customer's own, or every one for the operator. */
  @Get('loans')
  @Auth('operator', 'customer')
  @ApiOkResponse({ type: LoanListView })
  listLoans(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    return this.loans.list(principal, query);
  }

  /** Retrieve a loan with its schedule and what has been paid of it. */
  @Get('loans/:id')
  @Auth('operator', 'customer')
  @ApiOkResponse({ type: LoanView })
  retrieveLoan(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.loans.retrieve(principal, id);
  }
}
