/**
 * When a schedule is open, as pure functions of the site's wall clock: no database, no clock, no
 * zone rules (the caller turns a moment into local time with the platform's zone data).
 *
 * A window opens at `startMinute` of its day and closes before `endMinute` (minutes after local
 * midnight, end exclusive). A window whose end is not after its start crosses midnight: Friday
 * 22:00-06:00 is open from Friday 22:00 until Saturday 05:59. A window belongs to the day it
 * starts on: on a holiday, that day's weekly windows are replaced by the holiday windows (none:
 * closed all day), and a window that started the evening before runs on to its end whatever the
 * new day is. Wall-clock rules on the days the clocks change: a window is open during the local
 * minutes it covers, so an hour skipped in spring is never open and an hour repeated in autumn
 * is open both times.
 */
export interface WeeklyWindow {
  dayOfWeek: number; // 0 = Sunday ... 6 = Saturday
  startMinute: number; // 0-1439
  endMinute: number; // 1-1440; not after startMinute: crosses midnight
}

/** A window of a holiday: the same shape with no day (it applies on every holiday). */
export type HolidayWindow = Omit<WeeklyWindow, 'dayOfWeek'>;

export interface Schedule {
  weekly: readonly WeeklyWindow[];
  holidayWindows: readonly HolidayWindow[];
  /** Local dates (YYYY-MM-DD) of the schedule's holiday calendar. */
  holidays: ReadonlySet<string>;
}

/** A moment as the site's clock shows it. */
export interface LocalMoment {
  /** YYYY-MM-DD, the local calendar date. */
  date: string;
  dayOfWeek: number;
  minuteOfDay: number;
}

export const MINUTES_PER_DAY = 1440;

export const crossesMidnight = (w: HolidayWindow): boolean => w.endMinute <= w.startMinute;

/** Whether the schedule lets someone through at this local moment. */
export function isScheduleOpen(schedule: Schedule, at: LocalMoment): boolean {
  const today = windowsOfDay(schedule, at.date, at.dayOfWeek);
  if (
    today.some(
      (w) =>
        at.minuteOfDay >= w.startMinute && (crossesMidnight(w) || at.minuteOfDay < w.endMinute),
    )
  )
    return true;
  const yesterday = windowsOfDay(schedule, previousDate(at.date), (at.dayOfWeek + 6) % 7);
  return yesterday.some((w) => crossesMidnight(w) && at.minuteOfDay < w.endMinute);
}

function windowsOfDay(
  schedule: Schedule,
  date: string,
  dayOfWeek: number,
): readonly HolidayWindow[] {
  if (schedule.holidays.has(date)) return schedule.holidayWindows;
  return schedule.weekly.filter((w) => w.dayOfWeek === dayOfWeek);
}

/** The calendar date before `date` (YYYY-MM-DD), by proleptic Gregorian arithmetic. */
export function previousDate(date: string): string {
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}
