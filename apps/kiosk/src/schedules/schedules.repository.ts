import { Injectable } from '@nestjs/common';
import type { HolidayWindow, WeeklyWindow } from '../access/schedule-rule';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { ScheduleRecord } from './schedule';

interface ScheduleRow {
  id: string;
  name: string;
  holiday_calendar_id: string | null;
}

interface WindowRow {
  schedule_id: string;
  on_holiday: 0 | 1;
  day_of_week: number | null;
  start_minute: number;
  end_minute: number;
}

const WINDOWS = `SELECT schedule_id, on_holiday, day_of_week, start_minute, end_minute
                   FROM schedule_windows`;
const WINDOW_ORDER = 'ORDER BY schedule_id, on_holiday, day_of_week, start_minute, id';

/** The schedules and schedule_windows tables: named weekly windows and holiday windows. */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly sql: SqliteConnection) {}

  /** Every schedule with its windows, by name: the access policy holds them all in memory. */
  all(): ScheduleRecord[] {
    const rows = this.sql
      .statement('SELECT id, name, holiday_calendar_id FROM schedules ORDER BY name, id')
      .all() as ScheduleRow[];
    const bySchedule = new Map<string, WindowRow[]>();
    for (const w of this.sql.statement(`${WINDOWS} ${WINDOW_ORDER}`).all() as WindowRow[])
      bySchedule.set(w.schedule_id, [...(bySchedule.get(w.schedule_id) ?? []), w]);
    return rows.map((row) => withWindows(row, bySchedule.get(row.id) ?? []));
  }

  findById(id: string): ScheduleRecord | null {
    return this.findWith(this.sql, id);
  }

  findByIdIn(tx: WriteTransaction, id: string): ScheduleRecord | null {
    return this.findWith(tx, id);
  }

  /** The id of the schedule of that name, other than `exceptId`, if any. */
  idOfNameIn(tx: WriteTransaction, name: string, exceptId: string | null): string | null {
    const row = tx
      .statement('SELECT id FROM schedules WHERE name = ? AND id IS NOT ?')
      .get(name, exceptId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Inserts or replaces the schedule and all its windows, in the caller's transaction. */
  saveIn(tx: WriteTransaction, s: ScheduleRecord, at: Date, isNew: boolean): void {
    if (isNew)
      tx.statement(
        `INSERT INTO schedules (id, name, holiday_calendar_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(s.id, s.name, s.holidayCalendarId, at.toISOString(), at.toISOString());
    else
      tx.statement(
        'UPDATE schedules SET name = ?, holiday_calendar_id = ?, updated_at = ? WHERE id = ?',
      ).run(s.name, s.holidayCalendarId, at.toISOString(), s.id);
    tx.statement('DELETE FROM schedule_windows WHERE schedule_id = ?').run(s.id);
    const insert = tx.statement(
      `INSERT INTO schedule_windows (schedule_id, on_holiday, day_of_week, start_minute, end_minute)
       VALUES (?, ?, ?, ?, ?)`,
    );
    for (const w of s.weekly) insert.run(s.id, 0, w.dayOfWeek, w.startMinute, w.endMinute);
    for (const w of s.holidayWindows) insert.run(s.id, 1, null, w.startMinute, w.endMinute);
  }

  /** The names of the access groups whose doors follow this schedule. */
  groupsUsingIn(tx: WriteTransaction, id: string): string[] {
    const rows = tx
      .statement(
        `SELECT DISTINCT g.name FROM access_group_doors d JOIN access_groups g ON g.id = d.group_id
          WHERE d.schedule_id = ? ORDER BY g.name`,
      )
      .all(id) as { name: string }[];
    return rows.map((r) => r.name);
  }

  deleteIn(tx: WriteTransaction, id: string): void {
    tx.statement('DELETE FROM schedules WHERE id = ?').run(id);
  }

  private findWith(sql: Pick<SqliteConnection, 'statement'>, id: string) {
    const row = sql
      .statement('SELECT id, name, holiday_calendar_id FROM schedules WHERE id = ?')
      .get(id) as ScheduleRow | undefined;
    if (!row) return null;
    const windows = sql
      .statement(`${WINDOWS} WHERE schedule_id = ? ${WINDOW_ORDER}`)
      .all(id) as WindowRow[];
    return withWindows(row, windows);
  }
}

/** The schedule of `row` with its own windows (`own`: its rows of schedule_windows). */
function withWindows(row: ScheduleRow, own: readonly WindowRow[]): ScheduleRecord {
  return {
    id: row.id,
    name: row.name,
    holidayCalendarId: row.holiday_calendar_id,
    weekly: own
      .filter((w) => w.on_holiday === 0)
      .map((w): WeeklyWindow => ({
        dayOfWeek: w.day_of_week ?? 0,
        startMinute: w.start_minute,
        endMinute: w.end_minute,
      })),
    holidayWindows: own
      .filter((w) => w.on_holiday === 1)
      .map((w): HolidayWindow => ({ startMinute: w.start_minute, endMinute: w.end_minute })),
  };
}
