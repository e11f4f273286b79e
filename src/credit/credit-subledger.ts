// Credit's records against the ledger, in every reconciliation
// (POST /v1/ledger/reconciliations, `subledgers`):
// - per customer and currency, the loans' principal_outstanding adds up to
//   the balance of the customer's loans-receivable account;
// - per line, its principal_outstanding is the sum of its loans'.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CHART_OF_ACCOUNTS } from '../accounts/chart-of-accounts';
import { DatabaseService } from '../database/database.service';
import { deriveBalances } from '../ledger/ledger.model';
import { LedgerService, type SubledgerDifference } from '../ledger/ledger.service';

@Injectable()
export class CreditSubledger implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
  ) {}

  onModuleInit(): void {
    this.ledger.registerSubledgerCheck({ name: 'credit', differences: () => this.differences() });
  }

  async differences(): Promise<SubledgerDifference[]> {
    const found: SubledgerDifference[] = [];
    const owed = await this.db.sql.query<{ customer_id: string; currency: string; outstanding: bigint }>(
      `SELECT customer_id, currency, sum(principal_outstanding)::bigint AS outstanding
         FROM loans GROUP BY customer_id, currency`,
    );
    const expected = new Map(owed.map((r) => [`customer:${r.customer_id} ${r.currency}`, r.outstanding]));
    const accounts = await this.ledger.balancesByCode(CHART_OF_ACCOUNTS.customerLoansReceivable.code);
    const booked = new Map(
      accounts.map((a) => [`${a.ownerRef} ${a.currency}`, deriveBalances('asset', a.balances).posted]),
    );
    for (const subject of new Set([...expected.keys(), ...booked.keys()])) {
      const loans = expected.get(subject) ?? 0n;
      const ledger = booked.get(subject) ?? 0n;
      if (loans !== ledger) {
        found.push({
          subject,
          expected: loans,
          found: ledger,
          description: "The loans' outstanding principal differs from the loans-receivable account's posted balance.",
        });
      }
    }
    const lines = await this.db.sql.query<{ id: string; line: bigint; loans: bigint }>(
      `SELECT l.id, l.principal_outstanding AS line, coalesce(sum(n.principal_outstanding), 0)::bigint AS loans
         FROM credit_lines l LEFT JOIN loans n ON n.line_id = l.id
        GROUP BY l.id HAVING l.principal_outstanding <> coalesce(sum(n.principal_outstanding), 0)
        ORDER BY l.id LIMIT 100`,
    );
    for (const line of lines) {
      found.push({
        subject: line.id,
        expected: line.loans,
        found: line.line,
        description: "The line's principal_outstanding differs from the sum of its loans'.",
      });
    }
    return found.slice(0, 100);
  }
}
