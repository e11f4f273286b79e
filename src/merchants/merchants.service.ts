import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { ResourceMissingError } from '../common/errors';
import { newId } from '../common/ids';
import { ListQueryDto, paginate } from '../common/pagination';
import { DatabaseService } from '../database/database.service';
import { CreateMerchantDto, MerchantSettingsDto, RollMerchantKeyDto, UpdateMerchantDto } from './merchants.dto';
import {
  merchantKeyView,
  MerchantKeyView,
  merchantView,
  MerchantView,
  merchantWithSecretKeyView,
  MerchantWithSecretKeyView,
} from './merchants.view';

@Injectable()
export class MerchantsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly auth: AuthService,
  ) {}

  /** Onboards a merchant and issues its first secret key (returned once). */
  async createMerchant(input: CreateMerchantDto): Promise<MerchantWithSecretKeyView> {
    return this.db.transaction(async (tx) => {
      const merchant = await tx.merchant.create({
        data: {
          id: newId('merchant'),
          name: input.name,
          email: input.email ?? null,
          metadata: input.metadata ?? {},
          ...settingsData(input),
        },
      });
      const key = await this.auth.issueMerchantKey(tx, merchant.id);
      return merchantWithSecretKeyView(merchant, key.secret);
    });
  }

  /** The operator sees every merchant; a merchant sees only itself (else 404). */
  async getMerchant(principal: Principal, id: string): Promise<MerchantView> {
    if (principal.type === 'merchant' && principal.id !== id) throw new ResourceMissingError('merchant', id);
    const merchant = await this.db.client.merchant.findUnique({ where: { id } });
    if (!merchant) throw new ResourceMissingError('merchant', id);
    return merchantView(merchant);
  }

  async listMerchants(query: ListQueryDto) {
    return paginate(
      query,
      '/v1/merchants',
      (w) => this.db.client.merchant.findMany({ where: { id: w.idFilter }, orderBy: { id: w.orderBy }, take: w.take }),
      merchantView,
    );
  }

  /** Changes a merchant's profile or settings; fields left out keep their value. */
  async updateMerchant(id: string, input: UpdateMerchantDto): Promise<MerchantView> {
    return this.db.transaction(async (tx) => {
      const found = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM merchants WHERE id = ${id} FOR UPDATE`;
      if (found.length === 0) throw new ResourceMissingError('merchant', id);
      const merchant = await tx.merchant.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.email !== undefined ? { email: input.email } : {}),
          ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
          ...settingsData(input),
        },
      });
      return merchantView(merchant);
    });
  }

  async rollMerchantKey(merchantId: string, input: RollMerchantKeyDto): Promise<MerchantKeyView> {
    return this.db.transaction(async (tx) => {
      // Lock the merchant so concurrent rolls apply one after the other.
      const found = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM merchants WHERE id = ${merchantId} FOR UPDATE`;
      if (found.length === 0) throw new ResourceMissingError('merchant', merchantId);
      const key = await this.auth.issueMerchantKey(tx, merchantId, input.expire_current_in ?? 0);
      return merchantKeyView(merchantId, key);
    });
  }
}

function settingsData(input: MerchantSettingsDto) {
  return {
    ...(input.pricing !== undefined
      ? { feeBps: input.pricing.fee_bps, fixedFees: input.pricing.fixed_fees ?? {} }
      : {}),
    ...(input.settlement_delay_seconds !== undefined ? { settlementDelaySeconds: input.settlement_delay_seconds } : {}),
    ...(input.payout_schedule !== undefined ? { payoutSchedule: input.payout_schedule } : {}),
    ...(input.bank_account !== undefined
      ? {
          bankAccount: {
            account_holder_name: input.bank_account.account_holder_name,
            bank_code: input.bank_account.bank_code,
            account_number: input.bank_account.account_number,
          },
        }
      : {}),
  };
}
