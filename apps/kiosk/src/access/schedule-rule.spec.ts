import fc from 'fast-check';
import { localTimeIn } from './local-time';
import {
  isScheduleOpen,
  previousDate,
  type HolidayWindow,
  type LocalMoment,
  type Schedule,
  type WeeklyWindow,
} from './schedule-rule';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 1440;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayNumberOf(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return Date.UTC(year!, month! - 1, day) / DAY_MS;
}
const isoOf = (dayNumber: number): string =>
  new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (dayNumber: number): number => new Date(dayNumber * DAY_MS).getUTCDay();

/** 'HH:MM' as minutes after midnight; '24:00' is 1440, the end of a window that runs to midnight. */
function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}
const moment = (date: string, time: string): LocalMoment => ({
  date,
  dayOfWeek: weekdayOf(dayNumberOf(date)),
  minuteOfDay: minutesOf(time),
});
const hours = (start: string, end: string): HolidayWindow => ({
  startMinute: minutesOf(start),
  endMinute: minutesOf(end),
});
const weekly = (dayOfWeek: number, start: string, end: string): WeeklyWindow => ({
  dayOfWeek,
  ...hours(start, end),
});
function schedule(parts: Partial<Omit<Schedule, 'holidays'>> & { holidays?: string[] }): Schedule {
  return {
    weekly: parts.weekly ?? [],
    holidayWindows: parts.holidayWindows ?? [],
    holidays: new Set(parts.holidays ?? []),
  };
}

const [SUN, MON, TUE, WED, THU, FRI, SAT] = [0, 1, 2, 3, 4, 5, 6];
// One week of May 2026; the first case checks that the calendar says what the names say.
const THU_14 = '2026-05-14';
const FRI_15 = '2026-05-15';
const SAT_16 = '2026-05-16';
const SUN_17 = '2026-05-17';
const MON_18 = '2026-05-18';
const TUE_19 = '2026-05-19';
const MON_11 = '2026-05-11';

describe('isScheduleOpen', () => {
  it('uses a calendar whose dates fall on the days their names say', () => {
    expect(
      [THU_14, FRI_15, SAT_16, SUN_17, MON_18, TUE_19, MON_11].map(
        (d) => moment(d, '00:00').dayOfWeek,
      ),
    ).toEqual([THU, FRI, SAT, SUN, MON, TUE, MON]);
  });

  describe('a same-day window, Monday 09:00-17:00', () => {
    const office = schedule({ weekly: [weekly(MON, '09:00', '17:00')] });
    it.each([
      ['08:59', false],
      ['09:00', true],
      ['09:01', true],
      ['16:59', true],
      ['17:00', false], // the end is exclusive
      ['17:01', false],
    ])('at %s is open: %s', (time, open) => {
      expect(isScheduleOpen(office, moment(MON_18, time))).toBe(open);
    });

    it('is closed at the same times on another day', () => {
      expect(isScheduleOpen(office, moment(TUE_19, '09:00'))).toBe(false);
      expect(isScheduleOpen(office, moment(SUN_17, '16:59'))).toBe(false);
    });
  });

  describe('a window crossing midnight, Friday 22:00-06:00', () => {
    const night = schedule({ weekly: [weekly(FRI, '22:00', '06:00')] });
    it.each([
      [FRI_15, '21:59', false],
      [FRI_15, '22:00', true],
      [FRI_15, '23:59', true],
      [SAT_16, '00:00', true],
      [SAT_16, '05:59', true],
      [SAT_16, '06:00', false],
      // The window belongs to Friday evening: Friday's own early morning is not in it, nor is the
      // Saturday evening after.
      [FRI_15, '00:00', false],
      [FRI_15, '05:59', false],
      [SAT_16, '22:00', false],
      [SUN_17, '00:00', false],
    ])('on %s at %s is open: %s', (date, time, open) => {
      expect(isScheduleOpen(night, moment(date, time))).toBe(open);
    });
  });

  describe('a window whose end equals its start', () => {
    // Not empty: it runs a whole 24 hours, across midnight.
    const allDayFromEight = schedule({ weekly: [weekly(FRI, '08:00', '08:00')] });
    it.each([
      [FRI_15, '07:59', false],
      [FRI_15, '08:00', true],
      [FRI_15, '23:59', true],
      [SAT_16, '00:00', true],
      [SAT_16, '07:59', true],
      [SAT_16, '08:00', false],
    ])('Friday 08:00-08:00 on %s at %s is open: %s', (date, time, open) => {
      expect(isScheduleOpen(allDayFromEight, moment(date, time))).toBe(open);
    });
  });

  describe('a full-day window, Wednesday 00:00-24:00', () => {
    const wednesday = schedule({ weekly: [weekly(WED, '00:00', '24:00')] });
    it.each([
      ['2026-05-12', '23:59', false],
      ['2026-05-13', '00:00', true],
      ['2026-05-13', '12:00', true],
      ['2026-05-13', '23:59', true],
      [THU_14, '00:00', false],
    ])('on %s at %s is open: %s', (date, time, open) => {
      expect(isScheduleOpen(wednesday, moment(date, time))).toBe(open);
    });
  });

  describe('a window to midnight, Friday 22:00-24:00', () => {
    // End 1440 is after every start: the window ends at midnight and does not cross it.
    const lateFriday = schedule({ weekly: [weekly(FRI, '22:00', '24:00')] });
    it.each([
      [FRI_15, '21:59', false],
      [FRI_15, '22:00', true],
      [FRI_15, '23:59', true],
      [SAT_16, '00:00', false],
      [SAT_16, '21:59', false],
      [SAT_16, '22:00', false],
    ])('on %s at %s is open: %s', (date, time, open) => {
      expect(isScheduleOpen(lateFriday, moment(date, time))).toBe(open);
    });
  });

  describe('holidays', () => {
    const office = [
      weekly(MON, '09:00', '17:00'),
      weekly(TUE, '09:00', '17:00'),
      weekly(FRI, '22:00', '06:00'),
    ];

    it('replaces the weekly windows of a holiday by the holiday windows', () => {
      const s = schedule({
        weekly: office,
        holidayWindows: [hours('10:00', '12:00')],
        holidays: [MON_18],
      });
      expect(isScheduleOpen(s, moment(MON_18, '09:00'))).toBe(false);
      expect(isScheduleOpen(s, moment(MON_18, '09:59'))).toBe(false);
      expect(isScheduleOpen(s, moment(MON_18, '10:00'))).toBe(true);
      expect(isScheduleOpen(s, moment(MON_18, '11:59'))).toBe(true);
      expect(isScheduleOpen(s, moment(MON_18, '12:00'))).toBe(false);
      expect(isScheduleOpen(s, moment(MON_18, '16:59'))).toBe(false);
      // The Monday before, no holiday: the weekly window as usual.
      expect(isScheduleOpen(s, moment(MON_11, '09:00'))).toBe(true);
      expect(isScheduleOpen(s, moment(MON_11, '16:59'))).toBe(true);
      // Holiday windows are for holidays only.
      expect(isScheduleOpen(s, moment(SUN_17, '10:00'))).toBe(false);
      expect(isScheduleOpen(s, moment(TUE_19, '09:00'))).toBe(true);
    });

    it('keeps a holiday without holiday windows closed all day', () => {
      const everyDay = [SUN, MON, TUE, WED, THU, FRI, SAT].map((d) => weekly(d, '00:00', '24:00'));
      const s = schedule({ weekly: everyDay, holidays: [MON_18] });
      const openMinutes = Array.from({ length: MINUTES_PER_DAY }, (_, minuteOfDay) =>
        isScheduleOpen(s, { date: MON_18, dayOfWeek: MON, minuteOfDay }),
      ).filter(Boolean);
      expect(openMinutes).toHaveLength(0);
      expect(isScheduleOpen(s, moment(SUN_17, '23:59'))).toBe(true);
      expect(isScheduleOpen(s, moment(TUE_19, '00:00'))).toBe(true);
    });

    it('runs a window that started the evening before a holiday to its end', () => {
      const s = schedule({ weekly: office, holidays: [SAT_16] });
      expect(isScheduleOpen(s, moment(SAT_16, '00:00'))).toBe(true);
      expect(isScheduleOpen(s, moment(SAT_16, '05:59'))).toBe(true);
      expect(isScheduleOpen(s, moment(SAT_16, '06:00'))).toBe(false);
    });

    it('does not apply a weekly window that would start on a holiday, even its next morning', () => {
      const s = schedule({
        weekly: office,
        holidayWindows: [hours('10:00', '12:00')],
        holidays: [FRI_15],
      });
      expect(isScheduleOpen(s, moment(FRI_15, '22:00'))).toBe(false);
      expect(isScheduleOpen(s, moment(FRI_15, '23:59'))).toBe(false);
      expect(isScheduleOpen(s, moment(SAT_16, '00:00'))).toBe(false);
      expect(isScheduleOpen(s, moment(SAT_16, '05:59'))).toBe(false);
      expect(isScheduleOpen(s, moment(FRI_15, '10:00'))).toBe(true);
    });

    it('runs a holiday window that crosses midnight into the next, ordinary morning', () => {
      const s = schedule({
        weekly: office,
        holidayWindows: [hours('20:00', '02:00')],
        holidays: [MON_18],
      });
      expect(isScheduleOpen(s, moment(MON_18, '19:59'))).toBe(false);
      expect(isScheduleOpen(s, moment(MON_18, '20:00'))).toBe(true);
      expect(isScheduleOpen(s, moment(TUE_19, '00:00'))).toBe(true);
      expect(isScheduleOpen(s, moment(TUE_19, '01:59'))).toBe(true);
      expect(isScheduleOpen(s, moment(TUE_19, '02:00'))).toBe(false);
      // Tuesday's own window is untouched by the holiday before it.
      expect(isScheduleOpen(s, moment(TUE_19, '09:00'))).toBe(true);
      // And Monday morning gets nothing from the Sunday before, which was not a holiday.
      expect(isScheduleOpen(s, moment(MON_18, '01:00'))).toBe(false);
    });
  });
});

describe('previousDate', () => {
  it.each([
    ['2026-05-16', '2026-05-15'],
    ['2026-05-01', '2026-04-30'],
    ['2028-03-01', '2028-02-29'], // leap year
    ['2027-03-01', '2027-02-28'],
    ['2100-03-01', '2100-02-28'], // a century is not a leap year...
    ['2000-03-01', '2000-02-29'], // ...unless it is a fourth one
    ['2027-01-01', '2026-12-31'],
  ])('of %s is %s', (date, before) => {
    expect(previousDate(date)).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Against a brute-force reference: the schedule spelled out as the set of open local minutes.

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe', // its clocks move by 30 minutes
  'Asia/Kolkata',
  'UTC',
  'America/Santiago',
] as const;
const YEARS = [2026, 2027] as const;

/** A local minute as one number, for sets: day number * 1440 + minute of the day. */
const keyOf = (dayNumber: number, minuteOfDay: number): number =>
  dayNumber * MINUTES_PER_DAY + minuteOfDay;

/**
 * Every local minute on which the schedule is open, from windows that start on the days
 * firstDay..lastDay. Walks the clock of each window from its start until it shows the end:
 * nothing decides "crossing", a window whose end is not after its start just passes midnight on
 * the way.
 */
function referenceOpenMinutes(s: Schedule, firstDay: number, lastDay: number): Set<number> {
  const holidayDays = new Set([...s.holidays].map(dayNumberOf));
  const open = new Set<number>();
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = weekdayOf(day);
    const windows = holidayDays.has(day)
      ? s.holidayWindows
      : s.weekly.filter((w) => w.dayOfWeek === weekday);
    for (const w of windows) {
      let onDay = day;
      let minute = w.startMinute;
      do {
        open.add(keyOf(onDay, minute));
        minute += 1;
        if (minute === MINUTES_PER_DAY && w.endMinute !== MINUTES_PER_DAY) {
          onDay += 1;
          minute = 0;
        }
      } while (minute !== w.endMinute);
    }
  }
  return open;
}

// Our own reading of the zone's clock, by other means than localTimeIn (format() parsed, no
// weekday part, no cache), so that the two can check each other.
const referenceFormats = new Map<string, Intl.DateTimeFormat>();
function referenceLocal(zone: string, utcMs: number): { day: number; minute: number } {
  let format = referenceFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    referenceFormats.set(zone, format);
  }
  // 'MM/DD/YYYY, HH:MM'
  const text = format.format(utcMs);
  if (text.length !== 17 || text.slice(10, 12) !== ', ')
    throw new Error(`unexpected format in ${zone}: ${text}`);
  const date = text.slice(0, 10);
  // A year has 525,600 minutes and a few hundred dates: parse each date once.
  if (date !== lastReference.date) {
    const [month, day, year] = date.split('/').map(Number);
    lastReference.date = date;
    lastReference.day = Date.UTC(year!, month! - 1, day) / DAY_MS;
  }
  return {
    day: lastReference.day,
    minute: Number(text.slice(12, 14)) * 60 + Number(text.slice(15, 17)),
  };
}
const lastReference = { date: '', day: NaN };

/** What localTimeIn says where it differs from the reference clock, else undefined. */
function disagreement(zone: string, utcMs: number, ref: { day: number; minute: number }) {
  const got = localTimeIn(zone, new Date(utcMs));
  const want = { date: isoOf(ref.day), dayOfWeek: weekdayOf(ref.day), minuteOfDay: ref.minute };
  return got.date === want.date &&
    got.dayOfWeek === want.dayOfWeek &&
    got.minuteOfDay === want.minuteOfDay
    ? undefined
    : { zone, at: new Date(utcMs).toISOString(), got, want };
}

/** The local clock at each UTC minute of a stretch of time in one zone. */
interface Clock {
  firstUtcMs: number;
  day: Int32Array;
  minute: Int16Array;
  firstDay: number;
  lastDay: number;
}

/** Reads the clock by the reference, and fails at the first minute localTimeIn reads otherwise. */
function readClock(zone: string, firstUtcMs: number, endUtcMs: number): Clock {
  const minutes = (endUtcMs - firstUtcMs) / MINUTE_MS;
  const clock: Clock = {
    firstUtcMs,
    day: new Int32Array(minutes),
    minute: new Int16Array(minutes),
    firstDay: Infinity,
    lastDay: -Infinity,
  };
  let lastDay = NaN;
  let lastDate = '';
  let lastWeekday = -1;
  for (let i = 0; i < minutes; i++) {
    const utcMs = firstUtcMs + i * MINUTE_MS;
    const ref = referenceLocal(zone, utcMs);
    clock.day[i] = ref.day;
    clock.minute[i] = ref.minute;
    if (ref.day !== lastDay) {
      lastDay = ref.day;
      lastDate = isoOf(ref.day);
      lastWeekday = weekdayOf(ref.day);
      clock.firstDay = Math.min(clock.firstDay, ref.day);
      clock.lastDay = Math.max(clock.lastDay, ref.day);
    }
    // disagreement() inline, so that the minutes that agree build no objects.
    const got = localTimeIn(zone, new Date(utcMs));
    if (got.date !== lastDate || got.dayOfWeek !== lastWeekday || got.minuteOfDay !== ref.minute)
      expect(disagreement(zone, utcMs, ref)).toBeUndefined();
  }
  return clock;
}

// A year of localTimeIn costs two to three seconds here and is the same for every schedule: each
// zone and year is read once.
const yearClocks = new Map<string, Clock>();
function yearClock(zone: string, year: number): Clock {
  const cacheKey = `${zone} ${year}`;
  let clock = yearClocks.get(cacheKey);
  if (!clock) {
    clock = readClock(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
    yearClocks.set(cacheKey, clock);
  }
  return clock;
}

/**
 * isScheduleOpen at every UTC minute of the clock, given the moment localTimeIn gave for it
 * (readClock made sure its answers are these).
 */
function sweep(
  s: Schedule,
  clock: Clock,
  visit: (utcMs: number, day: number, local: LocalMoment, open: boolean) => void,
): void {
  const dates = new Map<number, { date: string; dayOfWeek: number }>();
  for (let day = clock.firstDay; day <= clock.lastDay; day++)
    dates.set(day, { date: isoOf(day), dayOfWeek: weekdayOf(day) });
  for (let i = 0; i < clock.day.length; i++) {
    const day = clock.day[i]!;
    const { date, dayOfWeek } = dates.get(day)!;
    const local = { date, dayOfWeek, minuteOfDay: clock.minute[i]! };
    visit(clock.firstUtcMs + i * MINUTE_MS, day, local, isScheduleOpen(s, local));
  }
}

const windowTimes: fc.Arbitrary<HolidayWindow> = fc.oneof(
  fc.record({
    startMinute: fc.integer({ min: 0, max: 1439 }),
    endMinute: fc.integer({ min: 1, max: 1440 }),
  }),
  // The edges the uniform draw above would seldom hit: 24 hours across midnight, and to midnight.
  fc.integer({ min: 1, max: 1439 }).map((m) => ({ startMinute: m, endMinute: m })),
  fc.integer({ min: 0, max: 1439 }).map((m) => ({ startMinute: m, endMinute: 1440 })),
);
const weeklyWindow: fc.Arbitrary<WeeklyWindow> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), windowTimes)
  .map(([dayOfWeek, w]) => ({ dayOfWeek, ...w }));
const scheduleShape = fc.record({
  weekly: fc.array(weeklyWindow, { maxLength: 6 }),
  holidayWindows: fc.array(windowTimes, { maxLength: 3 }),
  /** Days of the year (0 = 1 January) that are holidays. */
  holidayDays: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 8 }),
  zone: fc.constantFrom(...ZONES),
  year: fc.constantFrom(...YEARS),
});
const holidayDates = (year: number, daysOfYear: readonly number[]): string[] =>
  daysOfYear.map((d) => isoOf(Date.UTC(year, 0, 1) / DAY_MS + d));

describe('isScheduleOpen against the schedule spelled out minute by minute', () => {
  it('agrees at every UTC minute of a year, in zones with and without clock changes', () => {
    fc.assert(
      fc.property(scheduleShape, ({ weekly, holidayWindows, holidayDays, zone, year }) => {
        const s: Schedule = {
          weekly,
          holidayWindows,
          holidays: new Set(holidayDates(year, holidayDays)),
        };
        const clock = yearClock(zone, year);
        // Windows of the day before the first local date can still be running on it.
        const open = referenceOpenMinutes(s, clock.firstDay - 1, clock.lastDay);
        sweep(s, clock, (utcMs, day, local, isOpen) => {
          const expected = open.has(keyOf(day, local.minuteOfDay));
          if (isOpen !== expected)
            expect({ at: new Date(utcMs).toISOString(), local, isOpen }).toEqual({
              at: new Date(utcMs).toISOString(),
              local,
              isOpen: expected,
            });
        });
      }),
      // Each run checks 525,600 moments, and a zone and year not read yet costs seconds (yearClock).
      { numRuns: 2 },
    );
    // About 10 s when it passes; a failure shrinks at up to a second a step, and a Jest timeout
    // would hide the counterexample.
  }, 120_000);

  it('agrees at any single moment, with holidays around it', () => {
    fc.assert(
      fc.property(
        scheduleShape,
        fc.integer({ min: 0, max: 365 * DAY_MS - 1 }),
        // Holidays on the days around the moment, where the rules for the day before matter.
        fc.uniqueArray(fc.integer({ min: -2, max: 1 }), { maxLength: 4 }),
        ({ weekly, holidayWindows, holidayDays, zone, year }, msIntoYear, nearHolidays) => {
          const utcMs = Date.UTC(year, 0, 1) + msIntoYear;
          const ref = referenceLocal(zone, utcMs);
          expect(disagreement(zone, utcMs, ref)).toBeUndefined();
          const s: Schedule = {
            weekly,
            holidayWindows,
            holidays: new Set([
              ...holidayDates(year, holidayDays),
              ...nearHolidays.map((d) => isoOf(ref.day + d)),
            ]),
          };
          // A window lasts at most 24 hours: only one that started today or yesterday can be open.
          const open = referenceOpenMinutes(s, ref.day - 1, ref.day);
          expect(isScheduleOpen(s, localTimeIn(zone, new Date(utcMs)))).toBe(
            open.has(keyOf(ref.day, ref.minute)),
          );
        },
      ),
    );
  });

  /**
   * The UTC minutes the schedule is open, per local date, over the week before and the week after
   * a local date (a whole year of localTimeIn would cost seconds, and the other days have no
   * clock change).
   */
  function openAround(s: Schedule, zone: string, date: string): Map<string, string[]> {
    const middle = Date.parse(date);
    const perDate = new Map<string, string[]>();
    const clock = readClock(zone, middle - 8 * DAY_MS, middle + 9 * DAY_MS);
    sweep(s, clock, (utcMs, _day, local, isOpen) => {
      if (!isOpen) return;
      const list = perDate.get(local.date) ?? [];
      list.push(new Date(utcMs).toISOString().slice(0, 16));
      perDate.set(local.date, list);
    });
    return perDate;
  }
  const countsOf = (perDate: Map<string, string[]>) =>
    Object.fromEntries([...perDate].map(([date, list]) => [date, list.length]));
  /** `count` UTC minutes from `from` ('YYYY-MM-DDTHH:MM'), in the same form. */
  const utcMinutes = (from: string, count: number): string[] =>
    Array.from({ length: count }, (_, i) =>
      new Date(Date.parse(`${from}:00Z`) + i * MINUTE_MS).toISOString().slice(0, 16),
    );

  it('never opens a skipped hour and opens a repeated hour twice: Berlin, 2026', () => {
    const sundayNight = schedule({ weekly: [weekly(SUN, '02:00', '03:00')] });
    // 29 March: 02:00 CET -> 03:00 CEST. The Sundays around it open for their hour.
    const spring = openAround(sundayNight, 'Europe/Berlin', '2026-03-29');
    expect(countsOf(spring)).toEqual({ '2026-03-22': 60, '2026-04-05': 60 });
    // 25 October: 03:00 CEST -> 02:00 CET: 02:00-02:59 CEST, then 02:00-02:59 CET.
    const autumn = openAround(sundayNight, 'Europe/Berlin', '2026-10-25');
    expect(countsOf(autumn)).toEqual({ '2026-10-18': 60, '2026-10-25': 120, '2026-11-01': 60 });
    expect(autumn.get('2026-10-25')).toEqual(utcMinutes('2026-10-25T00:00', 120));
  });

  it('never opens a skipped hour and opens a repeated hour twice: New York, 2026', () => {
    // The spring Sunday is a holiday, so that its skipped hour (02:00-02:59) has a window of its
    // own; the repeated hour of autumn is 01:00-01:59.
    const s = schedule({
      weekly: [weekly(SUN, '01:00', '02:00')],
      holidayWindows: [hours('02:00', '03:00')],
      holidays: ['2026-03-08'],
    });
    // 8 March: 02:00 EST -> 03:00 EDT.
    const spring = openAround(s, 'America/New_York', '2026-03-08');
    expect(countsOf(spring)).toEqual({ '2026-03-01': 60, '2026-03-15': 60 });
    // 1 November: 02:00 EDT -> 01:00 EST: 01:00-01:59 EDT, then 01:00-01:59 EST.
    const autumn = openAround(s, 'America/New_York', '2026-11-01');
    expect(countsOf(autumn)).toEqual({ '2026-10-25': 60, '2026-11-01': 120, '2026-11-08': 60 });
    expect(autumn.get('2026-11-01')).toEqual(utcMinutes('2026-11-01T05:00', 120));
  });
});
