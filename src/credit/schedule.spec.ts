import { describe, expect, it } from '@jest/globals';
import { buildSchedule, dailyRateProblem, type ScheduleInput } from './schedule';

/** [due_date, days, principal, interest, total, balance_after] of each instalment. */
type Row = [string, number, bigint, bigint, bigint, bigint];

function rows(input: ScheduleInput): Row[] {
  return buildSchedule(input).instalments.map((i) => [
    i.due_date,
    i.days,
    i.principal,
    i.interest,
    i.total,
    i.balance_after,
  ]);
}

// 12,000.00 CNY (1,200,000 minor units) over 12 months at 0.0005 a day
// (18.25 % a year), drawn on 2026-01-31. Due dates from the anchor, clamped
// to shorter months: Feb 28 (clamped, 28 days after Jan 31), Mar 31 (31 days:
// counted from the anchor, not Feb 28 + 1 month), Apr 30 (clamped, 30), May 31
// (31), Jun 30 (clamped, 30), Jul 31 (31), Aug 31 (31), Sep 30 (clamped, 30),
// Oct 31 (31), Nov 30 (clamped, 30), Dec 31 (31), 2027-01-31 (31): 365 days.
// A period of d days costs r x d of the balance: 1.4 % for 28 days, 1.5 % for
// 30, 1.55 % for 31.
const example = { principal: 1_200_000n, dailyRate: '0.0005', termMonths: 12, drawdownDate: '2026-01-31' } as const;

describe('worked example: 12,000.00 over 12 months at 0.0005 a day from 2026-01-31', () => {
  it('equal_principal: 1,000.00 of principal a month, interest on the falling balance', () => {
    // principal_k = round(1,200,000 / 12) = 100,000 (exact); the interests are
    // exact too: 1,200,000 x 0.014 = 16,800; 1,100,000 x 0.0155 = 17,050;
    // 1,000,000 x 0.015 = 15,000; 900,000 x 0.0155 = 13,950; and so on down to
    // 100,000 x 0.0155 = 1,550. Interest in all: 117,800 (1,178.00).
    expect(rows({ ...example, method: 'equal_principal' })).toEqual([
      ['2026-02-28', 28, 100_000n, 16_800n, 116_800n, 1_100_000n],
      ['2026-03-31', 31, 100_000n, 17_050n, 117_050n, 1_000_000n],
      ['2026-04-30', 30, 100_000n, 15_000n, 115_000n, 900_000n],
      ['2026-05-31', 31, 100_000n, 13_950n, 113_950n, 800_000n],
      ['2026-06-30', 30, 100_000n, 12_000n, 112_000n, 700_000n],
      ['2026-07-31', 31, 100_000n, 10_850n, 110_850n, 600_000n],
      ['2026-08-31', 31, 100_000n, 9_300n, 109_300n, 500_000n],
      ['2026-09-30', 30, 100_000n, 7_500n, 107_500n, 400_000n],
      ['2026-10-31', 31, 100_000n, 6_200n, 106_200n, 300_000n],
      ['2026-11-30', 30, 100_000n, 4_500n, 104_500n, 200_000n],
      ['2026-12-31', 31, 100_000n, 3_100n, 103_100n, 100_000n],
      ['2027-01-31', 31, 100_000n, 1_550n, 101_550n, 0n],
    ]);
    const schedule = buildSchedule({ ...example, method: 'equal_principal' });
    expect(schedule.level_payment).toBeNull();
    expect(schedule.totals).toEqual({ principal: 1_200_000n, interest: 117_800n, total: 1_317_800n });
    expect(schedule.instalments[1]).toMatchObject({ number: 2, period_start: '2026-02-28', period_end: '2026-03-31' });
  });

  it('equal_installment: a level 1,100.82 a month, the last 1,100.86', () => {
    // Growth factors 1 + r d_k: 1.014 (28 days), 1.015 (30), 1.0155 (31).
    // prod_k (1 + r d_k) = 1.014 x 1.015^4 x 1.0155^7 = 1.19856507...
    // S = sum_k prod_{j>k} (1 + r d_j) = 13.06547503...
    // A = 1,200,000 x 1.19856507 / 13.06547503 = 110,082.3418... -> 110,082.
    // Each row: interest = round(balance x r x d), principal = A - interest:
    //   1: 1,200,000 x 0.014  = 16,800         principal 93,282, balance 1,106,718
    //   2: 1,106,718 x 0.0155 = 17,154.129     -> 17,154, principal 92,928, balance 1,013,790
    //   3: 1,013,790 x 0.015  = 15,206.85      -> 15,207, principal 94,875, balance 918,915
    //   ...
    //  11:   215,153 x 0.0155 = 3,334.8715     -> 3,335, principal 106,747, balance 108,406
    //  12:   108,406 x 0.0155 = 1,680.293      -> 1,680; the last repays 108,406: 110,086.
    // The last is 4 above A, within the bound S = 13.07 (rounding A down by
    // 0.34 eleven times, compounded, leaves about that much more to repay).
    expect(rows({ ...example, method: 'equal_installment' })).toEqual([
      ['2026-02-28', 28, 93_282n, 16_800n, 110_082n, 1_106_718n],
      ['2026-03-31', 31, 92_928n, 17_154n, 110_082n, 1_013_790n],
      ['2026-04-30', 30, 94_875n, 15_207n, 110_082n, 918_915n],
      ['2026-05-31', 31, 95_839n, 14_243n, 110_082n, 823_076n],
      ['2026-06-30', 30, 97_736n, 12_346n, 110_082n, 725_340n],
      ['2026-07-31', 31, 98_839n, 11_243n, 110_082n, 626_501n],
      ['2026-08-31', 31, 100_371n, 9_711n, 110_082n, 526_130n],
      ['2026-09-30', 30, 102_190n, 7_892n, 110_082n, 423_940n],
      ['2026-10-31', 31, 103_511n, 6_571n, 110_082n, 320_429n],
      ['2026-11-30', 30, 105_276n, 4_806n, 110_082n, 215_153n],
      ['2026-12-31', 31, 106_747n, 3_335n, 110_082n, 108_406n],
      ['2027-01-31', 31, 108_406n, 1_680n, 110_086n, 0n],
    ]);
    const schedule = buildSchedule({ ...example, method: 'equal_installment' });
    expect(schedule.level_payment).toBe(110_082n);
    expect(schedule.totals).toEqual({ principal: 1_200_000n, interest: 120_988n, total: 1_320_988n });
  });

  it('interest-free: no interest, 1,000.00 a month either way', () => {
    for (const method of ['equal_principal', 'equal_installment'] as const) {
      const schedule = buildSchedule({ ...example, method, interestFree: true });
      expect(schedule.instalments.map((i) => [i.principal, i.interest])).toEqual(
        Array.from({ length: 12 }, () => [100_000n, 0n]),
      );
      expect(schedule.totals).toEqual({ principal: 1_200_000n, interest: 0n, total: 1_200_000n });
      expect(schedule.level_payment).toBe(method === 'equal_installment' ? 100_000n : null);
    }
  });
});

describe('small examples', () => {
  it('a leap-year February, and one instalment', () => {
    // 1,000.00 drawn 2028-01-31, 1 month at 0.0005: due 2028-02-29, 29 days,
    // interest 100,000 x 0.0145 = 1,450.
    expect(
      rows({
        principal: 100_000n,
        dailyRate: '0.0005',
        termMonths: 1,
        method: 'equal_installment',
        drawdownDate: '2028-01-31',
      }),
    ).toEqual([['2028-02-29', 29, 100_000n, 1_450n, 101_450n, 0n]]);
  });

  it('rounds half up: the last principal takes the remainder', () => {
    // 100.00 over 3 months interest-free: round(10,000 / 3) = 3,333, the last 3,334.
    // 0.05 over 2 months: round(5 / 2) = round(2.5) = 3, the last 2.
    const free = { dailyRate: '0', drawdownDate: '2026-05-10', method: 'equal_principal' } as const;
    expect(rows({ ...free, principal: 10_000n, termMonths: 3 }).map((r) => r[2])).toEqual([3_333n, 3_333n, 3_334n]);
    expect(rows({ ...free, principal: 5n, termMonths: 2 }).map((r) => r[2])).toEqual([3n, 2n]);
    // Interest: 3,333 x 0.00015 x 30 = 14.9985 -> 15; 100 x 0.00015 x 30 = 0.45 -> 0; 1.5 -> 2.
    expect(
      rows({
        principal: 3_333n,
        dailyRate: '0.00015',
        termMonths: 1,
        method: 'equal_principal',
        drawdownDate: '2026-04-01',
      })[0][3],
    ).toBe(15n);
    expect(
      rows({
        principal: 100n,
        dailyRate: '0.00015',
        termMonths: 1,
        method: 'equal_principal',
        drawdownDate: '2026-04-01',
      })[0][3],
    ).toBe(0n);
    expect(
      rows({
        principal: 1_000n,
        dailyRate: '0.0000166667',
        termMonths: 1,
        method: 'equal_principal',
        drawdownDate: '2026-04-01',
      })[0][3],
    ).toBe(1n); // 0.500001
    expect(
      rows({
        principal: 1_000n,
        dailyRate: '0.00005',
        termMonths: 1,
        method: 'equal_principal',
        drawdownDate: '2026-04-10',
      })[0][3],
    ).toBe(2n); // 1.5
  });

  it('a principal part never exceeds the balance: a tiny loan is repaid early and then owes 0', () => {
    // 0.03 over 5 months, interest-free: round(3 / 5) = round(0.6) = 1 a month
    // would repay 4; the fourth instalment finds the balance at 0.
    for (const method of ['equal_principal', 'equal_installment'] as const) {
      const schedule = buildSchedule({
        principal: 3n,
        dailyRate: '0',
        termMonths: 5,
        method,
        drawdownDate: '2026-01-15',
      });
      expect(schedule.instalments.map((i) => [i.principal, i.total, i.balance_after])).toEqual([
        [1n, 1n, 2n],
        [1n, 1n, 1n],
        [1n, 1n, 0n],
        [0n, 0n, 0n],
        [0n, 0n, 0n],
      ]);
      expect(schedule.instalments).toHaveLength(5);
    }
  });

  it('at the largest rate, 60 months from a December 31 stay a plain annuity', () => {
    // The worst case of the rate bound: the first period (31 days, then a
    // February) costs 6.2 % of the balance, about 99.1 % of A.
    const schedule = buildSchedule({
      principal: 10_000_000n,
      dailyRate: '0.002',
      termMonths: 60,
      method: 'equal_installment',
      drawdownDate: '2024-12-31',
    });
    const level = schedule.level_payment!;
    expect(schedule.instalments[0].interest).toBe(620_000n);
    expect(level).toBeGreaterThan(620_000n);
    expect(Number((schedule.instalments[0].interest * 1000n) / level)).toBe(991);
    for (const i of schedule.instalments.slice(0, -1)) expect(i.total).toBe(level);
  });
});

describe('validation', () => {
  const valid: ScheduleInput = { ...example, method: 'equal_installment' };
  const cases: [Partial<Record<keyof ScheduleInput, unknown>>, RegExp][] = [
    [{ principal: 0n }, /^principal must be a positive bigint/],
    [{ principal: -5n }, /^principal must be a positive bigint/],
    [{ principal: 100 }, /^principal must be a positive bigint/],
    [{ principal: 9_007_199_254_740_992n }, /^principal must be at most 9007199254740991$/],
    [{ dailyRate: '-0.0005' }, /^dailyRate must be a plain non-negative decimal/],
    [{ dailyRate: '.0005' }, /^dailyRate must be a plain non-negative decimal/],
    [{ dailyRate: '5e-4' }, /^dailyRate must be a plain non-negative decimal/],
    [{ dailyRate: '0.00000000001' }, /^dailyRate must be a plain non-negative decimal with at most 10 decimals/],
    [{ dailyRate: '00.1' }, /^dailyRate must be a plain/],
    [{ dailyRate: '0.0021' }, /^dailyRate must be at most 0.002$/],
    [{ dailyRate: '18.25' }, /^dailyRate must be at most 0.002$/],
    [{ dailyRate: 0.0005 }, /^dailyRate must be a decimal string$/],
    [{ termMonths: 0 }, /^termMonths must be an integer from 1 to 60$/],
    [{ termMonths: 61 }, /^termMonths must be an integer from 1 to 60$/],
    [{ termMonths: 1.5 }, /^termMonths must be an integer from 1 to 60$/],
    [{ method: 'balloon' }, /^method must be one of equal_installment, equal_principal$/],
    [{ drawdownDate: '2026-02-29' }, /^drawdownDate must be a calendar date/],
    [{ drawdownDate: '9999-06-01' }, /^drawdownDate is too late/],
    [{ interestFree: 'yes' }, /^interestFree must be a boolean$/],
  ];
  it.each(cases)('refuses %p', (change, message) => {
    expect(() => buildSchedule({ ...valid, ...change } as ScheduleInput)).toThrow(RangeError);
    expect(() => buildSchedule({ ...valid, ...change } as ScheduleInput)).toThrow(message);
  });

  it('accepts rates up to the bound, with up to 10 decimals', () => {
    for (const rate of ['0', '0.0', '0.002', '0.0020000000', '0.0000000001', '0.00049315']) {
      expect(dailyRateProblem(rate)).toBeNull();
      expect(() => buildSchedule({ ...valid, dailyRate: rate })).not.toThrow();
    }
  });
});
