import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ListQueryDto } from '../common/pagination';
import { CreateCustomerDto, IssueCustomerTokenDto, UpdateCustomerDto } from './customers.dto';
import { CustomersService } from './customers.service';
import { SecretResponse } from '../idempotency/idempotency.interceptor';
import { CustomerListView, CustomerTokenView, CustomerView, RevokedCustomerTokenView } from './customers.view';

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** Onboard a customer (the operator, for the wallet app). */
  @Post()
  @HttpCode(200)
  @Auth('operator')
  @ApiOkResponse({ type: CustomerView })
  create(@Body() body: CreateCustomerDto) {
    return this.customers.createCustomer(body);
  }

  /** List customers, newest first. */
  @Get()
  @Auth('operator')
  @ApiOkResponse({ type: CustomerListView })
  list(@Query() query: ListQueryDto) {
    return this.customers.listCustomers(query);
  }

  /** Retrieve a customer (the operator, or the customer itself with its token). */
  @Get(':id')
  @Auth('operator', 'customer')
  @ApiOkResponse({ type: CustomerView })
  retrieve(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.customers.getCustomer(principal, id);
  }

  /** Change the name, the KYC tier (and so the wallet's limits) or the metadata. */
  @Patch(':id')
  @Auth('operator')
  @ApiBody({ type: UpdateCustomerDto, required: false })
  @ApiOkResponse({ type: CustomerView })
  update(@Param('id') id: string, @Body() body: UpdateCustomerDto) {
    return this.customers.updateCustomer(id, body);
  }

  /** Freeze the customer's wallet: it can neither send nor receive money until unfrozen. */
  @Post(':id/freeze')
  @HttpCode(200)
  @Auth('operator')
  @ApiOkResponse({ type: CustomerView })
  @ApiErrors(409)
  freeze(@Param('id') id: string) {
    return this.customers.setFrozen(id, true);
  }

  /** Unfreeze a customer's wallet. */
  @Post(':id/unfreeze')
  @HttpCode(200)
  @Auth('operator')
  @ApiOkResponse({ type: CustomerView })
  @ApiErrors(409)
  unfreeze(@Param('id') id: string) {
    return this.customers.setFrozen(id, false);
  }

  /** Issue an access token for the wallet app acting for this customer. Shown once. */
  @SecretResponse()
  @Post(':id/tokens')
  @HttpCode(200)
  @Auth('operator')
  @ApiBody({ type: IssueCustomerTokenDto, required: false })
  @ApiOkResponse({ type: CustomerTokenView })
  @ApiErrors(409)
  issueToken(@Param('id') id: string, @Body() body: IssueCustomerTokenDto) {
    return this.customers.issueToken(id, body);
  }

  /** Revoke one of the customer's access tokens. */
  @Post(':id/tokens/:tokenId/revoke')
  @HttpCode(200)
  @Auth('operator')
  @ApiOkResponse({ type: RevokedCustomerTokenView })
  revokeToken(@Param('id') id: string, @Param('tokenId') tokenId: string) {
    return this.customers.revokeToken(id, tokenId);
  }
}
