import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';

/** A named set of dates on which schedules that follow it keep holiday hours. */
export interface HolidayCalendarRecord {
  id: string;
  name: string;
  /** By date: YYYY-MM-DD in the site's time zone, and what the day is (may be empty). */
  dates: { date: string; name: string }[];
}

interface CalendarRow {
  id: string;
  name: string;
}
interface DateRow {
  calendar_id: string;
  date: string;
  name: string;
}

/** The holiday_calendars and holiday_dates tables. */
@Injectable()
export class HolidayCalendarsRepository {
  constructor(private readonly sql: SqliteConnection) {}

  all(): HolidayCalendarRecord[] {
    const rows = this.sql
      .statement('SELECT id, name FROM holiday_calendars ORDER BY name, id')
      .all() as CalendarRow[];
    const byCalendar = new Map<string, DateRow[]>();
    for (const d of this.sql
      .statement('SELECT calendar_id, date, name FROM holiday_dates ORDER BY calendar_id, date')
      .all() as DateRow[])
      byCalendar.set(d.calendar_id, [...(byCalendar.get(d.calendar_id) ?? []), d]);
    return rows.map((row) => withDates(row, byCalendar.get(row.id) ?? []));
  }

  findById(id: string): HolidayCalendarRecord | null {
    return this.findWith(this.sql, id);
  }

  findByIdIn(tx: WriteTransaction, id: string): HolidayCalendarRecord | null {
    return this.findWith(tx, id);
  }

  idOfNameIn(tx: WriteTransaction, name: string, exceptId: string | null): string | null {
    const row = tx
      .statement('SELECT id FROM holiday_calendars WHERE name = ? AND id IS NOT ?')
      .get(name, exceptId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Inserts or replaces the calendar and all its dates, in the caller's transaction. */
  saveIn(tx: WriteTransaction, c: HolidayCalendarRecord, at: Date, isNew: boolean): void {
    if (isNew)
      tx.statement(
        'INSERT INTO holiday_calendars (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)',
      ).run(c.id, c.name, at.toISOString(), at.toISOString());
    else
      tx.statement('UPDATE holiday_calendars SET name = ?, updated_at = ? WHERE id = ?').run(
        c.name,
        at.toISOString(),
        c.id,
      );
    tx.statement('DELETE FROM holiday_dates WHERE calendar_id = ?').run(c.id);
    const insert = tx.statement(
      'INSERT INTO holiday_dates (calendar_id, date, name) VALUES (?, ?, ?)',
    );
    for (const d of c.dates) insert.run(c.id, d.date, d.name);
  }

  /** The names of the schedules that follow this calendar. */
  schedulesUsingIn(tx: WriteTransaction, id: string): string[] {
    const rows = tx
      .statement('SELECT name FROM schedules WHERE holiday_calendar_id = ? ORDER BY name')
      .all(id) as { name: string }[];
    return rows.map((r) => r.name);
  }

  deleteIn(tx: WriteTransaction, id: string): void {
    tx.statement('DELETE FROM holiday_calendars WHERE id = ?').run(id);
  }

  private findWith(sql: Pick<SqliteConnection, 'statement'>, id: string) {
    const row = sql.statement('SELECT id, name FROM holiday_calendars WHERE id = ?').get(id) as
      CalendarRow | undefined;
    if (!row) return null;
    const dates = sql
      .statement(
        'SELECT calendar_id, date, name FROM holiday_dates WHERE calendar_id = ? ORDER BY date',
      )
      .all(id) as DateRow[];
    return withDates(row, dates);
  }
}

function withDates(row: CalendarRow, dates: readonly DateRow[]): HolidayCalendarRecord {
  return { id: row.id, name: row.name, dates: dates.map((d) => ({ date: d.date, name: d.name })) };
}
