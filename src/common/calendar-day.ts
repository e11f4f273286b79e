// Which calendar day a moment belongs to, in a time zone: the day wallet
// limits count and loans are drawn and accrue on.

/** A function from a moment to its calendar date 'YYYY-MM-DD' in `timeZone` (an IANA name). */
export function calendarDayIn(timeZone: string): (at: Date) => string {
  // en-CA formats dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (at) => format.format(at);
}
