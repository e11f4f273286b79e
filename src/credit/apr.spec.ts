import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { annualPercentageRate, type AprInput, type Payment } from './apr';
import { buildSchedule, type RepaymentMethod, type Schedule } from './schedule';

function payments(schedule: Schedule): Payment[] {
  return schedule.instalments.map((i) => ({ date: i.due_date, amount: i.total }));
}

function rateText(q: number): string {
  const digits = String(q).padStart(11, '0');
  return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

const example = { principal: 1_200_000n, dailyRate: '0.0005', termMonths: 12, drawdownDate: '2026-01-31' } as const;

describe('annualPercentageRate: examples', () => {
  it('is 18.25 for 12,000.00 over 12 months at 0.0005 a day, either method', () => {
    // 365 x 0.0005 = 0.1825. Rounding moves it a little: the equal_installment
    // schedule (110,082 x 11, then 110,086) solves to 18.24994 %.
    for (const method of ['equal_installment', 'equal_principal'] as const) {
      const schedule = buildSchedule({ ...example, method });
      expect(
        annualPercentageRate({ amountReceived: 1_200_000n, drawdownDate: '2026-01-31', payments: payments(schedule) }),
      ).toBe('18.25');
    }
  });

  it('counts a fee: deducted at drawdown it lowers the amount received', () => {
    // The same equal_installment schedule, with a 1 % fee (120.00) deducted
    // from the money paid out: 11,880.00 received against the same payments.
    const schedule = buildSchedule({ ...example, method: 'equal_installment' });
    expect(
      annualPercentageRate({ amountReceived: 1_188_000n, drawdownDate: '2026-01-31', payments: payments(schedule) }),
    ).toBe('20.21');
    // The same fee paid with the first instalment instead costs a little less.
    const withFee = payments(schedule).map((p, k) => (k === 0 ? { ...p, amount: p.amount + 12_000n } : p));
    const later = annualPercentageRate({ amountReceived: 1_200_000n, drawdownDate: '2026-01-31', payments: withFee });
    expect(Number(later)).toBeGreaterThan(18.25);
    expect(Number(later)).toBeLessThan(20.21);
  });

  it('is exactly 365 x the daily rate without rounding', () => {
    // 10,000.00 at 0.0005 a day, interest only, then the principal: every
    // interest (5 a day) is exact, so the rate is 0.1825 exactly.
    const dates = ['2026-02-28', '2026-03-31', '2026-04-30'];
    const days = [28, 31, 30];
    const flows = dates.map((date, k) => ({ date, amount: 500n * BigInt(days[k]) + (k === 2 ? 1_000_000n : 0n) }));
    expect(annualPercentageRate({ amountReceived: 1_000_000n, drawdownDate: '2026-01-31', payments: flows })).toBe(
      '18.25',
    );
  });

  it('rounds half up, deciding a rate on the boundary exactly', () => {
    const oneDay = (amount: bigint): AprInput => ({
      amountReceived: 1_000_000n,
      drawdownDate: '2026-01-01',
      payments: [{ date: '2026-01-02', amount }],
    });
    // 10 on 1,000,000 for a day: a = 365 x 0.00001 = 0.00365, 0.365 %: on the boundary, up.
    expect(annualPercentageRate(oneDay(1_000_010n))).toBe('0.37');
    // 9: 0.3285 % -> 0.33; 11: 0.4015 % -> 0.40; 100,000: 3,650 %.
    expect(annualPercentageRate(oneDay(1_000_009n))).toBe('0.33');
    expect(annualPercentageRate(oneDay(1_000_011n))).toBe('0.40');
    expect(annualPercentageRate(oneDay(1_100_000n))).toBe('3650.00');
    // Either side of the same boundary: 999 on 100,000,000 is 0.364635 %, 1,001 is 0.365365 %.
    const hundredMillion = (amount: bigint): AprInput => ({ ...oneDay(amount), amountReceived: 100_000_000n });
    expect(annualPercentageRate(hundredMillion(100_000_999n))).toBe('0.36');
    expect(annualPercentageRate(hundredMillion(100_001_001n))).toBe('0.37');
  });

  it('is 0.00 for an interest-free loan', () => {
    const schedule = buildSchedule({ ...example, method: 'equal_installment', interestFree: true });
    expect(
      annualPercentageRate({ amountReceived: 1_200_000n, drawdownDate: '2026-01-31', payments: payments(schedule) }),
    ).toBe('0.00');
  });

  it('accepts zero payments and payments on dates without an instalment', () => {
    const flows: Payment[] = [
      { date: '2026-02-28', amount: 0n },
      { date: '2026-03-15', amount: 5_000n }, // a fee on a date of its own
      { date: '2026-03-31', amount: 1_000_000n },
    ];
    const apr = annualPercentageRate({ amountReceived: 1_000_000n, drawdownDate: '2026-01-31', payments: flows });
    // 5,000 after 43 days (28 + 15), then the principal 16 days later: 3.0925 % a year.
    expect(apr).toBe('3.09');
  });
});

describe('annualPercentageRate: validation', () => {
  const valid: AprInput = {
    amountReceived: 1_000_000n,
    drawdownDate: '2026-01-31',
    payments: [
      { date: '2026-02-28', amount: 500_000n },
      { date: '2026-03-31', amount: 510_000n },
    ],
  };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a zero amount received', { amountReceived: 0n }, /^amountReceived must be a positive bigint/],
    ['a number instead of a bigint', { amountReceived: 1_000_000 }, /^amountReceived must be a positive bigint/],
    ['a bad drawdown date', { drawdownDate: '2026-31-01' }, /^drawdownDate must be a calendar date/],
    ['no payments', { payments: [] }, /^payments must be a non-empty array$/],
    [
      'a bad payment date',
      { payments: [{ date: '2026-02-30', amount: 1_100_000n }] },
      /^payments\[0\]\.date must be a calendar date/,
    ],
    [
      'a negative payment',
      { payments: [{ date: '2026-02-28', amount: -1n }] },
      /^payments\[0\]\.amount must be a non-negative bigint/,
    ],
    [
      'a payment on the drawdown date',
      { payments: [{ date: '2026-01-31', amount: 1_100_000n }] },
      /^payments\[0\]\.date must be later than the drawdown/,
    ],
    [
      'two payments on one date',
      {
        payments: [
          { date: '2026-02-28', amount: 1n },
          { date: '2026-02-28', amount: 1_100_000n },
        ],
      },
      /^payments\[1\]\.date must be later than the one before$/,
    ],
    [
      'payments below the amount received (a negative rate)',
      { payments: [{ date: '2026-02-28', amount: 999_999n }] },
      /^payments must add up to at least amountReceived/,
    ],
    [
      'a rate above 10 000 000 %',
      { amountReceived: 1n, payments: [{ date: '2026-02-01', amount: 10n ** 15n }] },
      /rate would exceed 10 000 000 %$/,
    ],
  ];
  it.each(cases)('refuses %s', (_label, change, message) => {
    expect(() => annualPercentageRate({ ...valid, ...change } as AprInput)).toThrow(RangeError);
    expect(() => annualPercentageRate({ ...valid, ...change } as AprInput)).toThrow(message);
  });
});

describe('annualPercentageRate: properties', () => {
  const loan = fc.record({
    // 10,000.00 and more: the schedule's rounding then moves the rate by far less than 0.005 %.
    principal: fc.bigInt({ min: 1_000_000n, max: 10_000_000_000n }),
    q: fc.integer({ min: 0, max: 20_000_000 }), // daily rate in 1e-10 units, up to 0.002
    termMonths: fc.integer({ min: 1, max: 36 }),
    method: fc.constantFrom<RepaymentMethod>('equal_installment', 'equal_principal'),
    drawdownDate: fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  });
  // Each solve takes a few milliseconds: few runs keep the file fast.
  const RUNS = { numRuns: 50 };

  it('is within 0.01 of 365 x the daily rate x 100 for a fee-free loan', () => {
    fc.assert(
      fc.property(loan, ({ q, ...rest }) => {
        const schedule = buildSchedule({ ...rest, dailyRate: rateText(q) });
        const apr = annualPercentageRate({
          amountReceived: rest.principal,
          drawdownDate: rest.drawdownDate,
          payments: payments(schedule),
        });
        expect(apr).toMatch(/^\d+\.\d\d$/);
        // 365 x q x 1e-10 x 100 = 365 q / 10^8 percent; compare in units of 1e-8 %.
        const [whole, cents] = apr.split('.');
        const aprUnits = BigInt(whole) * 100_000_000n + BigInt(cents) * 1_000_000n;
        const gap = aprUnits - 365n * BigInt(q);
        expect(gap <= 1_000_000n && gap >= -1_000_000n).toBe(true);
      }),
      RUNS,
    );
  });

  it('is 0.00 for an interest-free loan', () => {
    fc.assert(
      fc.property(loan, ({ q, ...rest }) => {
        const schedule = buildSchedule({ ...rest, dailyRate: rateText(q), interestFree: true });
        const apr = annualPercentageRate({
          amountReceived: rest.principal,
          drawdownDate: rest.drawdownDate,
          payments: payments(schedule),
        });
        expect(apr).toBe('0.00');
      }),
      RUNS,
    );
  });

  it('rises when the amount received falls (a fee deducted at drawdown)', () => {
    fc.assert(
      fc.property(loan, fc.integer({ min: 1, max: 500 }), ({ q, ...rest }, feeBasisPoints) => {
        const schedule = buildSchedule({ ...rest, dailyRate: rateText(q) });
        const apr = (amountReceived: bigint) =>
          Number(
            annualPercentageRate({ amountReceived, drawdownDate: rest.drawdownDate, payments: payments(schedule) }),
          );
        const fee = (rest.principal * BigInt(feeBasisPoints)) / 10_000n;
        const without = apr(rest.principal);
        const withFee = apr(rest.principal - fee);
        // Any fee: never lower. A fee of at least 1 % of the principal, repaid
        // within 3 years: at least 0.3 points a year higher, so visibly higher.
        expect(withFee).toBeGreaterThanOrEqual(without);
        if (feeBasisPoints >= 100) expect(withFee).toBeGreaterThan(without);
      }),
      RUNS,
    );
  });
});
