import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly time windows: named schedules, each a set of windows (a day of the week, a start and an
 * end minute of the site's local day; end exclusive, so a window never crosses midnight: a night
 * shift is two windows). A holder may be bound to one schedule: outside its windows no card of
 * theirs opens a door; a holder with none has no time restriction. (The access-group issue binds
 * schedules to groups of doors instead.) Existing rows are kept as they are.
 */
export class AddSchedules1796256000000 implements MigrationInterface {
  name = 'AddSchedules1796256000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE schedules (
        id          TEXT PRIMARY KEY NOT NULL,
        name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT`);
    await db.query(`
      CREATE TABLE schedule_windows (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        schedule_id   TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        day_of_week   INTEGER NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
        start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
        end_minute    INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
        CHECK (end_minute > start_minute)
      ) STRICT`);
    await db.query(`CREATE INDEX schedule_windows_schedule_id ON schedule_windows (schedule_id)`);
    await db.query(
      `ALTER TABLE holders ADD COLUMN schedule_id TEXT NULL REFERENCES schedules(id) ON DELETE RESTRICT`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE holders DROP COLUMN schedule_id`);
    await db.query(`DROP TABLE schedule_windows`);
    await db.query(`DROP TABLE schedules`);
  }
}
