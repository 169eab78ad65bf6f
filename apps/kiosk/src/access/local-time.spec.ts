import fc from 'fast-check';
import { localTimeIn } from './local-time';

describe('localTimeIn', () => {
  it.each([
    // Berlin: CET (UTC+1) in winter, CEST (UTC+2) in summer.
    ['Europe/Berlin', '2026-01-15T07:30:00Z', '2026-01-15', 4, 8 * 60 + 30],
    ['Europe/Berlin', '2026-07-15T07:30:00Z', '2026-07-15', 3, 9 * 60 + 30],
    // The night of the spring change (2026-03-29 02:00 CET -> 03:00 CEST): 01:59 then 03:00.
    ['Europe/Berlin', '2026-03-29T00:59:00Z', '2026-03-29', 0, 1 * 60 + 59],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', '2026-03-29', 0, 3 * 60],
    // The autumn change (2026-10-25 03:00 CEST -> 02:00 CET): 02:30 happens twice.
    ['Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25', 0, 2 * 60 + 30],
    ['Europe/Berlin', '2026-10-25T01:30:00Z', '2026-10-25', 0, 2 * 60 + 30],
    // A day boundary: New York is still on the day before.
    ['America/New_York', '2026-12-02T03:00:00Z', '2026-12-01', 2, 22 * 60],
    ['UTC', '2026-12-02T00:00:00Z', '2026-12-02', 3, 0],
    ['Asia/Kolkata', '2026-12-02T18:45:00Z', '2026-12-03', 4, 15], // UTC+5:30 crosses midnight
  ])('%s at %s is %s, day %i, minute %i', (zone, at, date, day, minute) => {
    expect(localTimeIn(zone, new Date(at))).toEqual({ date, dayOfWeek: day, minuteOfDay: minute });
  });

  it('gives every moment of a minute the same answer, and the next minute its own', () => {
    const at = (iso: string) => localTimeIn('Europe/Berlin', new Date(iso));
    const sunday = (minuteOfDay: number) => ({ date: '2026-03-29', dayOfWeek: 0, minuteOfDay });
    expect(at('2026-03-29T00:59:00.000Z')).toEqual(sunday(119));
    expect(at('2026-03-29T00:59:59.999Z')).toEqual(sunday(119));
    expect(at('2026-03-29T01:00:00.000Z')).toEqual(sunday(180));
    expect(at('2026-03-29T00:59:30.000Z')).toEqual(sunday(119)); // back again
  });

  it('formats once per zone and UTC minute, with one formatter per zone (found by mutation testing)', () => {
    const format = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const construct = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      const zone = 'Pacific/Chatham'; // used by no other case, so nothing of it is cached yet
      localTimeIn(zone, new Date('2026-05-05T10:00:05Z'));
      localTimeIn(zone, new Date('2026-05-05T10:00:55Z'));
      expect(format).toHaveBeenCalledTimes(1);
      expect(localTimeIn(zone, new Date('2026-05-05T10:01:00Z')).minuteOfDay).toBe(
        localTimeIn(zone, new Date('2026-05-05T10:00:00Z')).minuteOfDay + 1,
      );
      expect(format).toHaveBeenCalledTimes(3);
      expect(construct).toHaveBeenCalledTimes(1);
    } finally {
      format.mockRestore();
      construct.mockRestore();
    }
  });

  it('agrees with UTC arithmetic in UTC, for any moment', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          expect(localTimeIn('UTC', d)).toEqual({
            date: d.toISOString().slice(0, 10),
            dayOfWeek: d.getUTCDay(),
            minuteOfDay: d.getUTCHours() * 60 + d.getUTCMinutes(),
          });
        },
      ),
    );
  });
});
