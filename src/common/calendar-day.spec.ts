import { describe, expect, it } from '@jest/globals';
import { calendarDayIn } from './calendar-day';

describe('calendarDayIn', () => {
  it("gives the zone's calendar day, not UTC's", () => {
    const lateEvening = new Date('2026-12-02T17:30:00Z');
    expect(calendarDayIn('Asia/Shanghai')(lateEvening)).toBe('2026-12-03');
    expect(calendarDayIn('UTC')(lateEvening)).toBe('2026-12-02');
    expect(calendarDayIn('America/Los_Angeles')(new Date('2026-03-01T05:00:00Z'))).toBe('2026-02-28');
  });
});
