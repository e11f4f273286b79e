// Property tests of buildSchedule (fast-check). The expectations are computed
// here independently, in exact bigint arithmetic: a daily rate is drawn as an
// integer q of 1e-10 units (q / 10^10, at most 0.002), so round_half_up(x) of
// a non-negative fraction num / den is (2 num + den) / (2 den) in integer
// division, and the annuity's products are ratios of bigints.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addMonthsClamped, daysBetween } from './calendar';
import { buildSchedule, type RepaymentMethod, type Schedule, type ScheduleInput } from './schedule';

const RATE_UNIT = 10n ** 10n; // 1e-10: the finest rate step (10 decimals)

interface Case {
  input: ScheduleInput;
  /** The daily rate in 1e-10 units, 0 for an interest-free loan. */
  q: bigint;
}

function rateText(q: number): string {
  const digits = String(q).padStart(11, '0');
  return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

const drawdownDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
// Anchors on days 28 to 31 (or the month's last day) as often, where the clamps are.
const lateAnchor = fc
  .tuple(fc.integer({ min: 2000, max: 2090 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 28, max: 31 }))
  .map(([year, month, day]) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${Math.min(day, last)}`;
  });

function cases(
  principal: fc.Arbitrary<bigint>,
  methods: fc.Arbitrary<RepaymentMethod> = fc.constantFrom('equal_installment', 'equal_principal'),
): fc.Arbitrary<Case> {
  return fc
    .record({
      principal,
      q: fc.oneof(fc.integer({ min: 0, max: 20_000_000 }), fc.constantFrom(0, 5_000_000, 20_000_000)),
      termMonths: fc.integer({ min: 1, max: 60 }),
      method: methods,
      drawdownDate: fc.oneof(drawdownDate, lateAnchor),
      interestFree: fc.boolean(),
    })
    .map(({ q, ...rest }): Case => ({
      input: { ...rest, dailyRate: rateText(q) },
      q: rest.interestFree ? 0n : BigInt(q),
    }));
}

/** Any principal: tiny ones (where rounding bites) as often as large ones. */
const anyCase = cases(
  fc.oneof(fc.bigInt({ min: 1n, max: 2_000n }), fc.bigInt({ min: 1n, max: BigInt(Number.MAX_SAFE_INTEGER) })),
);
/** Loans of 10,000.00 and more (in a 2-decimal currency): no clamp applies. */
const ordinaryPrincipal = fc.bigInt({ min: 1_000_000n, max: 1_000_000_000_000n });

/** The balance before each instalment. */
function balancesBefore(input: ScheduleInput, schedule: Schedule): bigint[] {
  return schedule.instalments.map((i, k) => (k === 0 ? input.principal : schedule.instalments[k - 1].balance_after));
}

/**
 * The exact annuity: A = P x prod / S with prod = prod_k (1 + r d_k) and
 * S = sum_k prod_{j>k} (1 + r d_j). With F_j = 10^10 + q d_j and D = 10^10,
 * prod = prodF / D^n and S = sNum / D^n.
 */
function annuity(q: bigint, days: readonly number[]) {
  const n = days.length;
  let tail = 1n; // prod_{j>k} F_j
  let sNum = 0n;
  for (let k = n - 1; k >= 0; k--) {
    sNum += RATE_UNIT ** BigInt(k + 1) * tail;
    tail *= RATE_UNIT + q * BigInt(days[k]);
  }
  return { prodF: tail, sNum, denominator: RATE_UNIT ** BigInt(n) };
}

const RUNS = { numRuns: 150 };

/** A failed check inside a property (cheaper than expect() in a loop). */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

describe('buildSchedule properties', () => {
  it('has termMonths instalments on the anchored due dates, each period the actual days since the one before', () => {
    fc.assert(
      fc.property(anyCase, ({ input }) => {
        const schedule = buildSchedule(input);
        expect(schedule.instalments).toHaveLength(input.termMonths);
        let start = input.drawdownDate;
        schedule.instalments.forEach((i, k) => {
          const due = addMonthsClamped(input.drawdownDate, k + 1);
          const ok =
            i.number === k + 1 &&
            i.due_date === due &&
            i.period_end === due &&
            i.period_start === start &&
            i.days === daysBetween(start, due) &&
            i.due_date > start;
          check(ok, `instalment ${k + 1}: due date, period or days`);
          start = due;
        });
      }),
      RUNS,
    );
  });

  it('repays exactly the principal: parts >= 0 summing to it, balances never negative, ending at 0', () => {
    fc.assert(
      fc.property(anyCase, ({ input }) => {
        const schedule = buildSchedule(input);
        const before = balancesBefore(input, schedule);
        let sum = 0n;
        schedule.instalments.forEach((i, k) => {
          check(i.principal >= 0n && i.balance_after >= 0n, `instalment ${k + 1}: negative`);
          check(i.balance_after === before[k] - i.principal, `instalment ${k + 1}: balance_after`);
          check(i.total === i.principal + i.interest, `instalment ${k + 1}: total`);
          sum += i.principal;
        });
        expect(sum).toBe(input.principal);
        expect(schedule.instalments.at(-1)!.balance_after).toBe(0n);
        const interest = schedule.instalments.reduce((s, i) => s + i.interest, 0n);
        expect(schedule.totals).toEqual({
          principal: input.principal,
          interest,
          total: input.principal + interest,
        });
      }),
      RUNS,
    );
  });

  it('charges round_half_up(balance before x daily rate x days) on every instalment, 0 when interest-free', () => {
    fc.assert(
      fc.property(anyCase, ({ input, q }) => {
        const schedule = buildSchedule(input);
        const before = balancesBefore(input, schedule);
        schedule.instalments.forEach((i, k) => {
          const wanted = roundHalfUp(before[k] * q * BigInt(i.days), RATE_UNIT);
          check(i.interest === wanted, `instalment ${k + 1}: interest ${i.interest}, not ${wanted}`);
        });
        if (input.interestFree) expect(schedule.totals.interest).toBe(0n);
      }),
      RUNS,
    );
  });

  it('follows the method: A (or round(P / n)) on every instalment but the last, clamped to [0, balance]', () => {
    fc.assert(
      fc.property(anyCase, ({ input, q }) => {
        const schedule = buildSchedule(input);
        const before = balancesBefore(input, schedule);
        const days = schedule.instalments.map((i) => i.days);
        const n = BigInt(input.termMonths);
        let level: bigint | null = null;
        if (input.method === 'equal_installment') {
          const { prodF, sNum } = annuity(q, days);
          level = roundHalfUp(input.principal * prodF, sNum);
        }
        expect(schedule.level_payment).toBe(level);
        schedule.instalments.slice(0, -1).forEach((i, k) => {
          const wanted = level === null ? roundHalfUp(input.principal, n) : level - i.interest;
          const clamped = wanted < 0n ? 0n : wanted > before[k] ? before[k] : wanted;
          check(i.principal === clamped, `instalment ${k + 1}: principal ${i.principal}, not ${clamped}`);
        });
        expect(schedule.instalments.at(-1)!.principal).toBe(before.at(-1));
      }),
      RUNS,
    );
  });

  it('on loans of 10,000.00 and more: level instalments of exactly A, the last within S of A', () => {
    fc.assert(
      fc.property(cases(ordinaryPrincipal, fc.constant('equal_installment')), ({ input, q }) => {
        const schedule = buildSchedule(input);
        const level = schedule.level_payment!;
        const { sNum, denominator } = annuity(
          q,
          schedule.instalments.map((i) => i.days),
        );
        for (const i of schedule.instalments.slice(0, -1)) {
          check(i.total === level && i.principal > 0n, `instalment ${i.number}: not A = ${level}`);
        }
        // |last - A| <= S = sNum / D^n (the header's bound); for a zero rate S = n.
        const last = schedule.instalments.at(-1)!.total;
        const gap = last > level ? last - level : level - last;
        expect(gap * denominator <= sNum).toBe(true);
        if (q === 0n) expect(2n * gap <= BigInt(input.termMonths)).toBe(true);
      }),
      RUNS,
    );
  });

  it('on loans of 10,000.00 and more: equal_principal repays round(P / n) a month, the last the rest', () => {
    fc.assert(
      fc.property(cases(ordinaryPrincipal, fc.constant('equal_principal')), ({ input }) => {
        const schedule = buildSchedule(input);
        const n = BigInt(input.termMonths);
        const part = roundHalfUp(input.principal, n);
        for (const i of schedule.instalments.slice(0, -1)) check(i.principal === part, `instalment ${i.number}`);
        expect(schedule.instalments.at(-1)!.principal).toBe(input.principal - (n - 1n) * part);
      }),
      RUNS,
    );
  });
});
