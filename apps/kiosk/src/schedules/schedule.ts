import type { HolidayWindow, WeeklyWindow } from '../access/schedule-rule';

/** A named weekly schedule as stored: minutes of the site's local day (see access/schedule-rule). */
export interface ScheduleRecord {
  id: string;
  name: string;
  /** The holiday calendar whose dates replace the weekly windows by the holiday windows. */
  holidayCalendarId: string | null;
  weekly: WeeklyWindow[];
  holidayWindows: HolidayWindow[];
}

export const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayName = (typeof DAY_NAMES)[number];

/** A window as people write it: days, and `HH:MM` local times (end `24:00`: until midnight). */
export interface WindowText {
  days: DayName[];
  start: string;
  end: string;
}
export type HolidayWindowText = Omit<WindowText, 'days'>;

/** A schedule as the API shows it: windows with the same hours on several days are one line. */
export interface ScheduleView {
  id: string;
  name: string;
  holidayCalendarId: string | null;
  windows: WindowText[];
  holidayWindows: HolidayWindowText[];
}

export const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An end: 00:01 to 24:00 (midnight is 24:00; 00:00 would be a window ending before it began). */
export const END_TIME = /^((?!00:00)([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const minuteOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const timeOf = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The stored windows of what a person wrote; the caller has checked the times' form. */
export function weeklyWindowsOf(windows: readonly WindowText[]): WeeklyWindow[] {
  // A day given twice with the same hours (on one line or two) is one window.
  const rows = new Map<string, WeeklyWindow>();
  for (const w of windows)
    for (const day of w.days) {
      const row = {
        dayOfWeek: DAY_NAMES.indexOf(day),
        startMinute: minuteOf(w.start),
        endMinute: minuteOf(w.end),
      };
      rows.set(`${row.dayOfWeek}/${row.startMinute}/${row.endMinute}`, row);
    }
  return [...rows.values()].sort(
    (a, b) =>
      a.dayOfWeek - b.dayOfWeek || a.startMinute - b.startMinute || a.endMinute - b.endMinute,
  );
}

export const holidayWindowsOf = (windows: readonly HolidayWindowText[]): HolidayWindow[] =>
  windows.map((w) => ({ startMinute: minuteOf(w.start), endMinute: minuteOf(w.end) }));

export function toScheduleView(s: ScheduleRecord): ScheduleView {
  const lines = new Map<string, WindowText>();
  for (const w of s.weekly) {
    const key = `${w.startMinute}-${w.endMinute}`;
    const line = lines.get(key) ?? {
      days: [],
      start: timeOf(w.startMinute),
      end: timeOf(w.endMinute),
    };
    line.days.push(DAY_NAMES[w.dayOfWeek]!);
    lines.set(key, line);
  }
  return {
    id: s.id,
    name: s.name,
    holidayCalendarId: s.holidayCalendarId,
    windows: [...lines.values()],
    holidayWindows: s.holidayWindows.map((w) => ({
      start: timeOf(w.startMinute),
      end: timeOf(w.endMinute),
    })),
  };
}
