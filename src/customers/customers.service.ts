import { HttpStatus, Injectable } from '@nestjs/common';
import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { ApiError, InvalidRequestError, ResourceMissingError, StateError } from '../common/errors';
import { newId } from '../common/ids';
import { ListQueryDto, type ListResponse, paginate } from '../common/pagination';
import { DatabaseService } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';
import { CreateCustomerDto, IssueCustomerTokenDto, UpdateCustomerDto } from './customers.dto';
import { EventsService } from '../events/events.service';
import {
  customerTokenView,
  type CustomerTokenView,
  customerView,
  type CustomerView,
  revokedCustomerTokenView,
  type RevokedCustomerTokenView,
} from './customers.view';

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
    private readonly events: EventsService,
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

  async listCustomers(query: ListQueryDto): Promise<ListResponse<CustomerView>> {
    return paginate(
      query,
      '/v1/customers',
      (w) => this.db.client.customer.findMany({ where: { id: w.idFilter }, orderBy: { id: w.orderBy }, take: w.take }),
      customerView,
    );
  }

  async updateCustomer(id: string, input: UpdateCustomerDto): Promise<CustomerView> {
    return this.db.transaction(async (tx) => {
      const existing = await tx.customer.findUnique({ where: { id }, select: { id: true } });
      if (!existing) throw new ResourceMissingError('customer', id);
      const customer = await tx.customer.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.kyc_tier !== undefined ? { kycTier: input.kyc_tier } : {}),
          ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
        },
      });
      const view = customerView(customer);
      this.events.record(this.db.sql, { type: 'customer.updated', owner: 'platform', object: view });
      return view;
    });
  }

  /**
   * Freezes (`frozen`) or unfreezes (`active`) the customer's wallet. The row
   * update waits for money movements in flight (they hold it FOR SHARE), and
   * every later one sees the new status. Closed customers stay closed.
   */
  async setFrozen(id: string, frozen: boolean): Promise<CustomerView> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text AS status FROM customers WHERE id = ${id} FOR UPDATE`;
      if (!row) throw new ResourceMissingError('customer', id);
      if (row.status === 'closed') {
        throw new StateError('customer_closed', 'This customer is closed.');
      }
      const target = frozen ? 'frozen' : 'active';
      if (row.status === target) return customerView(await tx.customer.findUniqueOrThrow({ where: { id } }));
      const customer = await tx.customer.update({ where: { id }, data: { status: target } });
      const view = customerView(customer);
      this.events.record(this.db.sql, {
        type: frozen ? 'customer.frozen' : 'customer.unfrozen',
        owner: 'platform',
        object: view,
      });
      return view;
    });
  }

  async issueToken(customerId: string, input: IssueCustomerTokenDto): Promise<CustomerTokenView> {
    return this.db.transaction(async (tx) => {
      const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { status: true } });
      if (!customer) throw new ResourceMissingError('customer', customerId);
      if (customer.status === 'closed') {
        throw new StateError('customer_closed', 'This customer is closed.');
      }
      return customerTokenView(await this.auth.issueCustomerToken(tx, customerId, input.expires_in));
    });
  }

  async revokeToken(customerId: string, tokenId: string): Promise<RevokedCustomerTokenView> {
    return this.db.transaction(async (tx) => {
      const revoked = await this.auth.revokeCustomerToken(tx, customerId, tokenId);
      if (!revoked) throw new ResourceMissingError('customer_token', tokenId);
      return revokedCustomerTokenView({ id: tokenId, customerId, revokedAt: revoked.revokedAt });
    });
  }
}
