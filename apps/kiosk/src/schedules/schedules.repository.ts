import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';

interface WindowRow {
  day_of_week: number;
  start_minute: number;
  end_minute: number;
}

/** One weekly window: a day, and a start and end minute of the site's local day (end exclusive). */
export interface ScheduleWindow {
  dayOfWeek: number;
  startMinute: number;
  endMinute: number;
}

export interface NewSchedule {
  id: string;
  name: string;
  windows: readonly ScheduleWindow[];
  at: Date;
}

/** The schedules and schedule_windows tables: named weekly windows (holders point at one). */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly sql: SqliteConnection) {}

  /** The windows of a schedule, by day and start. */
  windowsOf(scheduleId: string): ScheduleWindow[] {
    const rows = this.sql
      .statement(
        `SELECT day_of_week, start_minute, end_minute FROM schedule_windows
          WHERE schedule_id = ? ORDER BY day_of_week, start_minute`,
      )
      .all(scheduleId) as WindowRow[];
    return rows.map((r) => ({
      dayOfWeek: r.day_of_week,
      startMinute: r.start_minute,
      endMinute: r.end_minute,
    }));
  }

  insertIn(tx: WriteTransaction, schedule: NewSchedule): void {
    tx.statement(
      'INSERT INTO schedules (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)',
    ).run(schedule.id, schedule.name, schedule.at.toISOString(), schedule.at.toISOString());
    const insert = tx.statement(
      'INSERT INTO schedule_windows (schedule_id, day_of_week, start_minute, end_minute) VALUES (?, ?, ?, ?)',
    );
    for (const w of schedule.windows)
      insert.run(schedule.id, w.dayOfWeek, w.startMinute, w.endMinute);
  }
}
