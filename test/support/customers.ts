// A customer with a wallet app token and money in their CNY wallet, for the
// payments suites. Top-ups belong to the wallets capability; here the wallet
// is funded by a ledger transfer from the platform's bank clearing account.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LedgerService } from '../../src/ledger/ledger.service';
import { AccountsService } from '../../src/accounts/accounts.service';
import { operatorAuth } from './test-env';

export interface FundedCustomer {
  id: string;
  token: string;
  walletId: string;
}

export async function fundedCustomer(app: INestApplication, phone: string, balance: bigint): Promise<FundedCustomer> {
  const api = () => request(app.getHttpServer());
  const customer = await api().post('/v1/customers').set(operatorAuth).send({ phone, kyc_tier: 3 }).expect(200);
  const token = await api().post(`/v1/customers/${customer.body.id}/tokens`).set(operatorAuth).send({}).expect(200);
  const wallet = await app.get(AccountsService).walletAccount(customer.body.id, 'cny');
  if (balance > 0n) {
    const bank = await app.get(AccountsService).bankClearing('cny');
    await app.get(LedgerService).postTransfer({
      id: `fund-${customer.body.id}`,
      debitAccountId: bank,
      creditAccountId: wallet,
      amount: balance,
      currency: 'cny',
    });
  }
  return { id: customer.body.id as string, token: token.body.token as string, walletId: wallet };
}
