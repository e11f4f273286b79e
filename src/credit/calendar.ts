// Calendar dates for credit: 'YYYY-MM-DD' strings, the day as the bank's
// books see it. Which day a moment falls on (the bank's configured time zone)
// is the caller's decision; here there is only calendar arithmetic, done with
// UTC Date math on the strings, where every day has 24 hours and no clock
// change can shift a date.
//
// Years 1900 to 9999 only: four digits, and clear of Date.UTC's reading of
// the years 0 to 99 as 1900 to 1999.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const MS_PER_DAY = 86_400_000;

interface CivilDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

/** Days in a month (1..12) of a year, leap years included. */
function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parse(value: string): CivilDate | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function format({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseOrThrow(value: unknown, field: string): CivilDate {
  const parsed = typeof value === 'string' ? parse(value) : null;
  if (!parsed) {
    throw new RangeError(`${field} must be a calendar date 'YYYY-MM-DD' between ${MIN_YEAR} and ${MAX_YEAR}`);
  }
  return parsed;
}

/** Whether the value is a real calendar date written 'YYYY-MM-DD' (2026-02-29 is not), year 1900 to 9999. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && parse(value) !== null;
}

/** Throws a RangeError naming `field` unless the value is a calendar date (see isCalendarDate). */
export function assertCalendarDate(value: unknown, field: string): asserts value is string {
  parseOrThrow(value, field);
}

/**
 * The date `months` calendar months after (or, if negative, before) the
 * anchor, on the anchor's day of the month, or on the month's last day when
 * the month is shorter: 2026-01-31 + 1 = 2026-02-28, + 2 = 2026-03-31,
 * 2028-01-31 + 1 = 2028-02-29. Always counted from the anchor, so a clamp
 * never carries over: monthly due dates are addMonthsClamped(drawdown, k),
 * never "the previous due date plus one month".
 */
export function addMonthsClamped(anchor: string, months: number): string {
  const { year, month, day } = parseOrThrow(anchor, 'anchor');
  if (!Number.isSafeInteger(months)) throw new RangeError('months must be an integer');
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  if (targetYear < MIN_YEAR || targetYear > MAX_YEAR) {
    throw new RangeError(`months: the date would fall outside the years ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  return format({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/**
 * Calendar days from `from` to `to`: 2026-01-31 to 2026-02-28 is 28. Negative
 * when `to` is earlier, 0 on the same day.
 */
export function daysBetween(from: string, to: string): number {
  const start = parseOrThrow(from, 'from');
  const end = parseOrThrow(to, 'to');
  const startMs = Date.UTC(start.year, start.month - 1, start.day);
  const endMs = Date.UTC(end.year, end.month - 1, end.day);
  return (endMs - startMs) / MS_PER_DAY;
}
