import { Module } from '@nestjs/common';
import { WalletLimitsService } from './wallet-limits.service';

/**
 * The wallet rules other capabilities pay by: limits (and, as functions,
 * wallet-customers.ts: the customer lock and the frozen rule). The wallet
 * app's API is WalletApiModule.
 */
@Module({ providers: [WalletLimitsService], exports: [WalletLimitsService] })
export class WalletsModule {}
