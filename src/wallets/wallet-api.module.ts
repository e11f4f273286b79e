import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RecipientLookups } from './recipient-lookups';
import { WalletBankService } from './wallet-bank.service';
import { WalletTransfersService } from './wallet-transfers.service';
import { WalletsController } from './wallets.controller';
import { WalletsModule } from './wallets.module';
import { WalletsService } from './wallets.service';

/** The wallet app's endpoints and the worker's wallet jobs (payments pay from wallets through WalletsModule). */
@Module({
  imports: [LedgerModule, AccountsModule, WalletsModule],
  controllers: [WalletsController],
  providers: [WalletsService, WalletBankService, WalletTransfersService, RecipientLookups],
  exports: [WalletsService, WalletBankService, WalletTransfersService, RecipientLookups],
})
export class WalletApiModule {}
