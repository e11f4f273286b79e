import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addMonthsClamped, assertCalendarDate, daysBetween, isCalendarDate } from './calendar';

/** A calendar date from 1990 to 2090 (fast-check draws the instant, the test keeps its UTC day). */
const calendarDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function lastDayOfMonth(date: string): number {
  const [year, month] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

describe('calendar dates', () => {
  it('accepts real dates written YYYY-MM-DD only', () => {
    for (const ok of ['2026-01-31', '2028-02-29', '2000-02-29', '1900-01-01', '9999-12-31']) {
      expect(isCalendarDate(ok)).toBe(true);
    }
    for (const bad of [
      '2026-02-29', // 2026 is not a leap year
      '1900-02-29', // nor is 1900 (divisible by 100, not by 400)
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-31',
      '26-01-31',
      '2026-01-31T00:00:00Z',
      ' 2026-01-31',
      '1899-12-31',
      '0099-01-01',
      '',
      20260131,
      null,
      undefined,
    ]) {
      expect(isCalendarDate(bad)).toBe(false);
    }
  });

  it('names the field of a bad date', () => {
    expect(() => assertCalendarDate('2026-02-30', 'drawdownDate')).toThrow(
      new RangeError("drawdownDate must be a calendar date 'YYYY-MM-DD' between 1900 and 9999"),
    );
    expect(() => addMonthsClamped('2026/01/31', 1)).toThrow(/^anchor must be a calendar date/);
    expect(() => daysBetween('2026-01-31', 'tomorrow')).toThrow(/^to must be a calendar date/);
  });
});

describe('addMonthsClamped', () => {
  it('keeps the anchor day, or the last day of a shorter month, counting from the anchor', () => {
    // Drawn on January 31, 2026 (not a leap year): 31 is kept wherever the
    // month has 31 days and clamped to 28 or 30 elsewhere, never carried over.
    const dueDates = Array.from({ length: 13 }, (_, k) => addMonthsClamped('2026-01-31', k));
    expect(dueDates).toEqual([
      '2026-01-31',
      '2026-02-28', // clamped (28 days)
      '2026-03-31', // back to 31: from the anchor, not Feb 28 + 1 month = Mar 28
      '2026-04-30', // clamped
      '2026-05-31',
      '2026-06-30', // clamped
      '2026-07-31',
      '2026-08-31',
      '2026-09-30', // clamped
      '2026-10-31',
      '2026-11-30', // clamped
      '2026-12-31',
      '2027-01-31',
    ]);
  });

  it('clamps to February 29 in a leap year, and to 28 otherwise', () => {
    expect(addMonthsClamped('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2028-01-29', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2027-01-29', 1)).toBe('2027-02-28');
    expect(addMonthsClamped('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonthsClamped('2028-02-29', 48)).toBe('2032-02-29');
    expect(addMonthsClamped('2026-03-30', 11)).toBe('2027-02-28');
  });

  it('crosses years both ways and refuses non-integer months', () => {
    expect(addMonthsClamped('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonthsClamped('2026-11-15', 0)).toBe('2026-11-15');
    expect(addMonthsClamped('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-01-15', -13)).toBe('2024-12-15');
    expect(() => addMonthsClamped('2026-01-15', 1.5)).toThrow(new RangeError('months must be an integer'));
    expect(() => addMonthsClamped('9999-12-31', 1)).toThrow(/^months: the date would fall outside/);
  });

  it('gives strictly increasing dates, each on the anchor day or the last day of its month', () => {
    const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 1, max: 60 }), (anchor, n) => {
        const anchorDay = Number(anchor.slice(8));
        let previous = anchor;
        for (let k = 1; k <= n; k++) {
          const due = addMonthsClamped(anchor, k);
          const day = Number(due.slice(8));
          const last = lastDayOfMonth(due);
          const gap = daysBetween(previous, due);
          const ok =
            isCalendarDate(due) &&
            due > previous &&
            (day === anchorDay || (day === last && last < anchorDay)) &&
            monthIndex(due) - monthIndex(anchor) === k && // k months on, exactly
            gap >= 28 &&
            gap <= 31;
          if (!ok) return false;
          previous = due;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});

describe('daysBetween', () => {
  it('counts actual days, negative backwards', () => {
    expect(daysBetween('2026-01-31', '2026-02-28')).toBe(28);
    expect(daysBetween('2026-02-28', '2026-03-31')).toBe(31);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2); // 2028-02-29 between
    expect(daysBetween('2026-01-31', '2027-01-31')).toBe(365);
    expect(daysBetween('2028-01-31', '2029-01-31')).toBe(366);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1); // clocks change in Europe that night: no effect
    expect(daysBetween('2026-03-31', '2026-03-31')).toBe(0);
    expect(daysBetween('2026-03-31', '2026-02-28')).toBe(-31);
  });

  it('adds up along any chain of dates', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, calendarDate, (a, b, c) => {
        expect(daysBetween(a, b) + daysBetween(b, c)).toBe(daysBetween(a, c));
        expect(daysBetween(b, a) + daysBetween(a, b)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
