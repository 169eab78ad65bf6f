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

/**
 * Whether the schedule lets someone through at this local moment. Plain loops, no arrays made:
 * this runs on every tap, and after an idle spell the tap's code is cold (bench/README.md,
 * decision after idle).
 */
export function isScheduleOpen(schedule: Schedule, at: LocalMoment): boolean {
  const minute = at.minuteOfDay;
  if (
    anyWindowOfDay(
      schedule,
      at.date,
      at.dayOfWeek,
      (w) => minute >= w.startMinute && (crossesMidnight(w) || minute < w.endMinute),
    )
  )
    return true;
  // Yesterday's windows matter only if one crosses midnight; most schedules have none.
  if (!schedule.weekly.some(crossesMidnight) && !schedule.holidayWindows.some(crossesMidnight))
    return false;
  return anyWindowOfDay(
    schedule,
    previousDate(at.date),
    (at.dayOfWeek + 6) % 7,
    (w) => crossesMidnight(w) && minute < w.endMinute,
  );
}

/** Whether a window of that day (its holiday windows on a holiday, else its weekly ones) passes. */
function anyWindowOfDay(
  schedule: Schedule,
  date: string,
  dayOfWeek: number,
  passes: (w: HolidayWindow) => boolean,
): boolean {
  if (schedule.holidays.has(date)) {
    for (const w of schedule.holidayWindows) if (passes(w)) return true;
    return false;
  }
  for (const w of schedule.weekly) if (w.dayOfWeek === dayOfWeek && passes(w)) return true;
  return false;
}

// previousDate's last answer: every tap of a day asks for the same one (a Date made and formatted
// is most of the rule's time when its code is cold).
let lastDate = '';
let lastPrevious = '';

/** The calendar date before `date` (YYYY-MM-DD), by proleptic Gregorian arithmetic. */
export function previousDate(date: string): string {
  if (date === lastDate) return lastPrevious;
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  const previous = new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
  lastDate = date;
  lastPrevious = previous;
  return previous;
}
