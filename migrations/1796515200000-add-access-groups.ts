import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access groups: who may open which door, and when.
 *
 * - access_groups, each a set of doors (access_group_doors: a door id, or `*` for every door of
 *   the terminal), each door with a schedule (null: at any time); holder_groups binds holders to
 *   groups. A holder in no group opens nothing.
 * - Holiday calendars (holiday_calendars, holiday_dates); a schedule may follow one: on its dates,
 *   the schedule's weekly windows are replaced by its holiday windows.
 * - schedule_windows is rebuilt: a window may now cross midnight (end not after start), and a
 *   holiday window has no day of the week. Rows are kept.
 * - Holders gain a name for the LCD, notes and a visitor flag; door_settings keeps what an
 *   administrator sets on a door (name, pulse, held-open limit, lockdown) over the configuration.
 * - allowlist_revisions is rebuilt to number changes of every entity of the model; its numbers
 *   and its sequence are kept.
 *
 * Behaviour is kept: before this, a holder with no schedule opened every door at any time, and a
 * holder with a schedule every door within it. Each holder is put in a group that says exactly
 * that: "Everyone" (every door, any time; also made on a new database, as the group a first
 * holder joins) or "Everyone (<schedule>)". holders.schedule_id is then cleared and no longer
 * read (SQLite cannot drop a column that is a foreign key).
 */
export class AddAccessGroups1796515200000 implements MigrationInterface {
  name = 'AddAccessGroups1796515200000';

  async up(db: QueryRunner): Promise<void> {
    const now = new Date().toISOString();
    await db.query(
      `ALTER TABLE holders ADD COLUMN lcd_name TEXT NULL CHECK (length(lcd_name) BETWEEN 1 AND 32)`,
    );
    await db.query(`ALTER TABLE holders ADD COLUMN notes TEXT NULL CHECK (length(notes) <= 1000)`);
    await db.query(
      `ALTER TABLE holders ADD COLUMN visitor INTEGER NOT NULL DEFAULT 0 CHECK (visitor IN (0, 1))`,
    );

    await db.query(`
      CREATE TABLE holiday_calendars (
        id          TEXT PRIMARY KEY NOT NULL,
        name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT`);
    await db.query(`
      CREATE TABLE holiday_dates (
        calendar_id  TEXT NOT NULL REFERENCES holiday_calendars(id) ON DELETE CASCADE,
        date         TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        name         TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 64),
        PRIMARY KEY (calendar_id, date)
      ) STRICT, WITHOUT ROWID`);
    await db.query(
      `ALTER TABLE schedules ADD COLUMN holiday_calendar_id TEXT NULL REFERENCES holiday_calendars(id) ON DELETE RESTRICT`,
    );

    // Rebuilt rather than altered: SQLite cannot change a CHECK constraint in place.
    await db.query(`
      CREATE TABLE schedule_windows_v5 (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        schedule_id   TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        on_holiday    INTEGER NOT NULL DEFAULT 0 CHECK (on_holiday IN (0, 1)),
        day_of_week   INTEGER NULL CHECK (day_of_week BETWEEN 0 AND 6),
        start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
        end_minute    INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
        CHECK ((on_holiday = 1) = (day_of_week IS NULL)),
        CHECK (end_minute <> start_minute)
      ) STRICT`);
    await db.query(`
      INSERT INTO schedule_windows_v5 (id, schedule_id, on_holiday, day_of_week, start_minute, end_minute)
      SELECT id, schedule_id, 0, day_of_week, start_minute, end_minute FROM schedule_windows`);
    await db.query(`DROP TABLE schedule_windows`);
    await db.query(`ALTER TABLE schedule_windows_v5 RENAME TO schedule_windows`);
    await db.query(`CREATE INDEX schedule_windows_schedule_id ON schedule_windows (schedule_id)`);

    await db.query(`
      CREATE TABLE access_groups (
        id          TEXT PRIMARY KEY NOT NULL,
        name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT`);
    await db.query(`
      CREATE TABLE access_group_doors (
        group_id     TEXT NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
        door_id      TEXT NOT NULL CHECK (length(door_id) BETWEEN 1 AND 32),
        schedule_id  TEXT NULL REFERENCES schedules(id) ON DELETE RESTRICT,
        PRIMARY KEY (group_id, door_id)
      ) STRICT, WITHOUT ROWID`);
    await db.query(
      `CREATE INDEX access_group_doors_schedule_id ON access_group_doors (schedule_id)`,
    );
    await db.query(`
      CREATE TABLE holder_groups (
        holder_id  TEXT NOT NULL REFERENCES holders(id) ON DELETE CASCADE,
        group_id   TEXT NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
        PRIMARY KEY (holder_id, group_id)
      ) STRICT, WITHOUT ROWID`);
    await db.query(`CREATE INDEX holder_groups_group_id ON holder_groups (group_id)`);

    await db.query(`
      CREATE TABLE door_settings (
        door_id          TEXT PRIMARY KEY NOT NULL,
        name             TEXT NULL CHECK (length(name) BETWEEN 1 AND 64),
        pulse_ms         INTEGER NULL CHECK (pulse_ms BETWEEN 100 AND 6553500),
        held_open_ms     INTEGER NULL CHECK (held_open_ms BETWEEN 1000 AND 3600000),
        lockdown         INTEGER NOT NULL DEFAULT 0 CHECK (lockdown IN (0, 1)),
        updated_at       TEXT NOT NULL
      ) STRICT`);

    await this.widenAllowlistRevisions(db);
    await this.keepWhatHoldersCouldOpen(db, now);
  }

  private async widenAllowlistRevisions(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE allowlist_revisions_v5 (
        revision   INTEGER PRIMARY KEY AUTOINCREMENT,
        at         TEXT NOT NULL,
        entity     TEXT NOT NULL CHECK (entity IN
                     ('holder', 'credential', 'schedule', 'holiday-calendar', 'access-group', 'door')),
        entity_id  TEXT NOT NULL,
        action     TEXT NOT NULL
      ) STRICT`);
    await db.query(
      `INSERT INTO allowlist_revisions_v5 SELECT revision, at, entity, entity_id, action FROM allowlist_revisions`,
    );
    // A revision number is never reused: carry the sequence over, even past deleted rows.
    const [sequence] = (await db.query(
      `SELECT seq FROM sqlite_sequence WHERE name = 'allowlist_revisions'`,
    )) as { seq: number }[];
    await db.query(`DROP TABLE allowlist_revisions`);
    await db.query(`ALTER TABLE allowlist_revisions_v5 RENAME TO allowlist_revisions`);
    if (sequence)
      await db.query(
        `UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'allowlist_revisions'`,
        [sequence.seq],
      );
  }

  private async keepWhatHoldersCouldOpen(db: QueryRunner, now: string): Promise<void> {
    const everyone = randomUUID();
    await this.insertGroup(db, everyone, 'Everyone', null, now);
    await db.query(
      `INSERT INTO holder_groups (holder_id, group_id) SELECT id, ? FROM holders WHERE schedule_id IS NULL`,
      [everyone],
    );
    const scheduled = (await db.query(
      `SELECT DISTINCT s.id, s.name FROM schedules s JOIN holders h ON h.schedule_id = s.id ORDER BY s.name`,
    )) as { id: string; name: string }[];
    for (const schedule of scheduled) {
      const group = randomUUID();
      await this.insertGroup(
        db,
        group,
        `Everyone (${schedule.name})`.slice(0, 64),
        schedule.id,
        now,
      );
      await db.query(
        `INSERT INTO holder_groups (holder_id, group_id) SELECT id, ? FROM holders WHERE schedule_id = ?`,
        [group, schedule.id],
      );
    }
    await db.query(`UPDATE holders SET schedule_id = NULL WHERE schedule_id IS NOT NULL`);
  }

  private async insertGroup(
    db: QueryRunner,
    id: string,
    name: string,
    scheduleId: string | null,
    now: string,
  ): Promise<void> {
    await db.query(
      `INSERT INTO access_groups (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`,
      [id, name, now, now],
    );
    await db.query(
      `INSERT INTO access_group_doors (group_id, door_id, schedule_id) VALUES (?, '*', ?)`,
      [id, scheduleId],
    );
  }

  /** Not undone in place: windows across midnight and groups have no form in the older schema. */
  down(_db: QueryRunner): Promise<void> {
    return Promise.reject(
      new Error(
        `${this.name} cannot be undone in place: restore the backup taken before the upgrade`,
      ),
    );
  }
}
