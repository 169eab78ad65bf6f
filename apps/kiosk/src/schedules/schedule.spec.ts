import fc from 'fast-check';
import {
  DAY_NAMES,
  END_TIME,
  START_TIME,
  toScheduleView,
  weeklyWindowsOf,
  type WindowText,
} from './schedule';

describe('schedule windows as people write them', () => {
  it('stores a line per day and shows days with the same hours as one line', () => {
    const weekly = weeklyWindowsOf([
      { days: ['fri', 'mon'], start: '08:00', end: '18:00' },
      { days: ['sat'], start: '22:00', end: '06:00' },
    ]);
    expect(weekly).toEqual([
      { dayOfWeek: 1, startMinute: 480, endMinute: 1080 },
      { dayOfWeek: 5, startMinute: 480, endMinute: 1080 },
      { dayOfWeek: 6, startMinute: 1320, endMinute: 360 },
    ]);
    expect(
      toScheduleView({ id: 's', name: 'S', holidayCalendarId: null, weekly, holidayWindows: [] })
        .windows,
    ).toEqual([
      { days: ['mon', 'fri'], start: '08:00', end: '18:00' },
      { days: ['sat'], start: '22:00', end: '06:00' },
    ]);
  });

  it('keeps one window of a day given twice with the same hours, on one line or two', () => {
    expect(
      weeklyWindowsOf([
        { days: ['mon', 'tue', 'tue'], start: '07:00', end: '15:00' },
        { days: ['tue', 'wed'], start: '07:00', end: '15:00' },
      ]).map((w) => w.dayOfWeek),
    ).toEqual([1, 2, 3]);
  });

  it('takes 24:00 as an end and refuses 00:00 there (and 24:00 as a start)', () => {
    expect(['00:01', '12:30', '23:59', '24:00'].every((t) => END_TIME.test(t))).toBe(true);
    expect(['00:00', '24:01', '7:00', '12:60'].some((t) => END_TIME.test(t))).toBe(false);
    expect(START_TIME.test('00:00')).toBe(true);
    expect(START_TIME.test('24:00')).toBe(false);
  });

  it('shows again exactly the windows it stored', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const line = fc.record({
      days: fc.uniqueArray(fc.constantFrom(...DAY_NAMES), { minLength: 1, maxLength: 7 }),
      start: time,
      end: time.map((t) => (t === '00:00' ? '24:00' : t)),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines: WindowText[]) => {
        const weekly = weeklyWindowsOf(lines);
        const view = toScheduleView({
          id: 's',
          name: 'S',
          holidayCalendarId: null,
          weekly,
          holidayWindows: [],
        });
        expect(weeklyWindowsOf(view.windows)).toEqual(weekly);
      }),
    );
  });
});
