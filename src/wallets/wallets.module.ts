import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { WalletAccountsService } from './wallet-accounts.service';

@Module({ imports: [LedgerModule], providers: [WalletAccountsService], exports: [WalletAccountsService] })
export class WalletsModule {}
