// The check every money suite ends with: the ledger's reconciliation finds no
// stored balance that differs from its entries and no hold out of step.
import { expect } from '@jest/globals';
import type { LedgerService } from '../../src/ledger/ledger.service';

/** Reconciles and asserts a clean report; returns it for further checks (the trial balance). */
export async function expectReconciled(
  ledger: LedgerService,
): Promise<Awaited<ReturnType<LedgerService['reconcile']>>> {
  const report = await ledger.reconcile();
  expect({ ok: report.ok, differences: report.differences, holds: report.holdMismatches }).toEqual({
    ok: true,
    differences: [],
    holds: [],
  });
  return report;
}
