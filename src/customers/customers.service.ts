import { HttpStatus, Injectable } from '@nestjs/common';
import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { ApiError, InvalidRequestError, ResourceMissingError } from '../common/errors';
import { newId, unixSeconds } from '../common/ids';
import { ListQueryDto, paginate } from '../common/pagination';
import { DatabaseService } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';
import { CreateCustomerDto, IssueCustomerTokenDto } from './customers.dto';
import { customerTokenView, CustomerTokenView, customerView, CustomerView } from './customers.view';

export function toE164(phone: string): string {
  try {
    return parsePhoneNumberWithError(phone).format('E.164');
  } catch {
    throw new InvalidRequestError('parameter_invalid', 'Invalid phone: not a valid phone number.', 'phone');
  }
}

function phoneTaken(): ApiError {
  return new ApiError(
    HttpStatus.BAD_REQUEST,
    'invalid_request_error',
    'phone_already_registered',
    'A customer with this phone number already exists.',
    'phone',
  );
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly db: DatabaseService,
    private readonly auth: AuthService,
  ) {}

  async createCustomer(input: CreateCustomerDto): Promise<CustomerView> {
    const phone = toE164(input.phone);
    try {
      return await this.db.transaction(async (tx) => {
        const taken = await tx.customer.findUnique({ where: { phone }, select: { id: true } });
        if (taken) throw phoneTaken();
        const customer = await tx.customer.create({
          data: {
            id: newId('customer'),
            phone,
            name: input.name ?? null,
            kycTier: input.kyc_tier,
            metadata: input.metadata ?? {},
          },
        });
        return customerView(customer);
      });
    } catch (error) {
      // Two concurrent sign-ups with one number: the unique index decides.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw phoneTaken();
      throw error;
    }
  }

  /** The operator sees every customer; a customer sees only itself (else 404). */
  async getCustomer(principal: Principal, id: string): Promise<CustomerView> {
    if (principal.type === 'customer' && principal.id !== id) throw new ResourceMissingError('customer', id);
    const customer = await this.db.client.customer.findUnique({ where: { id } });
    if (!customer) throw new ResourceMissingError('customer', id);
    return customerView(customer);
  }

  async listCustomers(query: ListQueryDto) {
    return paginate(
      query,
      '/v1/customers',
      (w) => this.db.client.customer.findMany({ where: { id: w.idFilter }, orderBy: { id: w.orderBy }, take: w.take }),
      customerView,
    );
  }

  async issueToken(customerId: string, input: IssueCustomerTokenDto): Promise<CustomerTokenView> {
    return this.db.transaction(async (tx) => {
      const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { status: true } });
      if (!customer) throw new ResourceMissingError('customer', customerId);
      if (customer.status === 'closed') {
        throw new ApiError(HttpStatus.CONFLICT, 'state_error', 'customer_closed', 'This customer is closed.');
      }
      return customerTokenView(await this.auth.issueCustomerToken(tx, customerId, input.expires_in));
    });
  }

  async revokeToken(customerId: string, tokenId: string) {
    return this.db.transaction(async (tx) => {
      const revoked = await this.auth.revokeCustomerToken(tx, customerId, tokenId);
      if (!revoked) throw new ResourceMissingError('customer_token', tokenId);
      return {
        id: tokenId,
        object: 'customer_token' as const,
        customer: customerId,
        revoked: true,
        revoked_at: unixSeconds(revoked.revokedAt),
      };
    });
  }
}
