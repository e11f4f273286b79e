// What settlement needs of payments, through payments' own code: the
// captured payments past their merchant's settlement delay, locked, and
// marking them settled. Settlement depends on payments, never the reverse.
import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import type { PaymentIntent } from '../generated/prisma/client';

/** What a payment still has in the merchant's pending balance (received, less its fee, less refunds net of fees). */
export function unsettledNet(
  p: Pick<PaymentIntent, 'amountReceived' | 'fee' | 'amountRefunded' | 'feeRefunded'>,
): bigint {
  return p.amountReceived - p.fee - (p.amountRefunded - p.feeRefunded);
}

@Injectable()
export class SettleablePayments {
  constructor(private readonly db: DatabaseService) {}

  /**
   * The merchant's succeeded, unsettled payments in `currency` past its
   * settlement delay, locked FOR UPDATE (in id order) in the open transaction.
   */
  async lockDue(merchantId: string, currency: string, limit = 500): Promise<PaymentIntent[]> {
    const tx = this.db.client;
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT pi.id FROM payment_intents pi JOIN merchants m ON m.id = pi.merchant_id
       WHERE pi.merchant_id = ${merchantId} AND pi.currency = ${currency} AND pi.status = 'succeeded'
         AND pi.settlement_id IS NULL
         AND pi.succeeded_at <= now() - make_interval(secs => m.settlement_delay_seconds)
       ORDER BY pi.id
       LIMIT ${limit}
         FOR UPDATE OF pi`;
    if (due.length === 0) return [];
    return tx.paymentIntent.findMany({ where: { id: { in: due.map((d) => d.id) } }, orderBy: { id: 'asc' } });
  }

  /** Marks the payments settled by `settlementId`, each with what it made available (one statement). */
  async markSettled(settlementId: string, payments: readonly PaymentIntent[]): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE payment_intents pi
         SET settlement_id = ${settlementId}, settled_at = now(), settled_amount = u.net,
             version = pi.version + 1, updated_at = now()
        FROM unnest(${payments.map((p) => p.id)}::text[], ${payments.map((p) => unsettledNet(p).toString())}::bigint[])
             AS u(id, net)
       WHERE pi.id = u.id`;
  }

  /** Every merchant and currency with a payment past its delay (for the sweeper). */
  merchantsWithDue(limit = 1000): Promise<{ merchant_id: string; currency: string }[]> {
    return this.db.prisma.$queryRaw<{ merchant_id: string; currency: string }[]>`
      SELECT DISTINCT pi.merchant_id, pi.currency FROM payment_intents pi JOIN merchants m ON m.id = pi.merchant_id
       WHERE pi.status = 'succeeded' AND pi.settlement_id IS NULL
         AND pi.succeeded_at <= now() - make_interval(secs => m.settlement_delay_seconds)
       LIMIT ${limit}`;
  }

  /** The payments a settlement settled, in id order. */
  settledBy(settlementId: string): Promise<PaymentIntent[]> {
    return this.db.client.paymentIntent.findMany({ where: { settlementId }, orderBy: { id: 'asc' } });
  }
}
