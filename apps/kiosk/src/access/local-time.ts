import type { LocalMoment } from './schedule-rule';

/** A moment as the site's clock shows it: the date, the day of the week and the minute of that day. */
export type LocalTime = LocalMoment;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formats = new Map<string, Intl.DateTimeFormat>();
// The last answer per zone, by UTC minute: zone offsets change on whole minutes (tzdata since
// 1972), so every moment of one UTC minute has the same local day and minute. Formatting costs
// about as much as the credential lookup; taps in the same minute share one.
const lastByZone = new Map<string, { utcMinute: number; local: LocalTime }>();

/**
 * `now` on the wall clock of `timeZone` (IANA), by the platform's own zone data (Intl, kept
 * current with Node's ICU): correct across daylight-saving changes, whatever zone the process
 * itself runs in. No hand-written zone rules.
 */
export function localTimeIn(timeZone: string, now: Date): LocalTime {
  const utcMinute = Math.floor(now.getTime() / 60_000);
  const last = lastByZone.get(timeZone);
  if (last?.utcMinute === utcMinute) return last.local;
  const local = formatLocalTime(timeZone, now);
  lastByZone.set(timeZone, { utcMinute, local });
  return local;
}

function formatLocalTime(timeZone: string, now: Date): LocalTime {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    dayOfWeek: WEEKDAYS.indexOf(parts.weekday ?? ''),
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}
