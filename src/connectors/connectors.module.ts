import { Global, Module } from '@nestjs/common';
import { BankConnector } from './bank-connector';
import { SandboxBankConnector } from './sandbox-bank.connector';

/** The bank connector in use (BANK_CONNECTOR; `sandbox` is the one built in). */
@Global()
@Module({
  providers: [SandboxBankConnector, { provide: BankConnector, useExisting: SandboxBankConnector }],
  exports: [BankConnector],
})
export class ConnectorsModule {}
