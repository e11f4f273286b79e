import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AccountsService } from './accounts.service';

/** The chart of accounts, below every business capability that moves money. */
@Module({ imports: [LedgerModule], providers: [AccountsService], exports: [AccountsService] })
export class AccountsModule {}
