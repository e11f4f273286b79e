import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { WalletAccountsService } from './wallet-accounts.service';
import { WalletLimitsService } from './wallet-limits.service';

/** Wallet accounts and limits: what payments need of wallets. The wallet app's API is WalletApiModule. */
@Module({
  imports: [LedgerModule],
  providers: [WalletAccountsService, WalletLimitsService],
  exports: [WalletAccountsService, WalletLimitsService],
})
export class WalletsModule {}
