import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `holders` becomes a WITHOUT ROWID table, stored in the order of its id: a rowid table with a
 * TEXT key keeps that key in an index of its own, so finding a holder by id searched two B-trees
 * (the id's index, then the row by rowid); now one. A tap searched five (the card's key and row,
 * the holder's key and row, their groups), now four; with random cards over 100k holders or more,
 * most of those pages are not in SQLite's page cache (issue 19, bench/README.md, decision).
 * Nothing else changes: the same columns in the same order, the same checks, foreign keys and
 * secondary indexes. (`credentials` keyed by (kind, lookup_key) the same way was measured and left
 * a rowid table: a WITHOUT ROWID table is an index B-tree, whose interior pages hold whole rows,
 * and at 1M cards those pages no longer stay in the cache: the tap came out slower than with
 * holders alone.)
 */
export class HoldersWithoutRowid1796860800000 implements MigrationInterface {
  name = 'HoldersWithoutRowid1796860800000';

  async up(db: QueryRunner): Promise<void> {
    await remakeHolders(db, { withoutRowid: true });
  }

  async down(db: QueryRunner): Promise<void> {
    await remakeHolders(db, { withoutRowid: false });
  }
}

interface Storage {
  withoutRowid: boolean;
}

/**
 * SQLite cannot change how a table is stored in place: `holders` is made anew and its rows copied
 * (in the order of its id: appended in order, the pages come out full). It is a parent table, and
 * dropping it with foreign keys on (TypeORM turns them off to run a migration, but not to undo
 * one, and the pragma cannot change inside a transaction) would delete every holder's groups (ON
 * DELETE CASCADE) or fail on their cards (RESTRICT). So the old table is renamed first (SQLite
 * then points its children at the new name), its children `credentials` and `holder_groups` are
 * remade as they were, pointing at the new `holders`, and only then is the old one, now without
 * children, dropped. The same steps run either way round, with foreign keys on or off.
 */
async function remakeHolders(db: QueryRunner, storage: Storage): Promise<void> {
  await db.query(`ALTER TABLE holders RENAME TO holders_before`);
  await createHolders(db, storage);
  await db.query(
    `INSERT INTO holders (${HOLDER_COLUMNS}) SELECT ${HOLDER_COLUMNS} FROM holders_before ORDER BY id`,
  );

  await createCredentialsNext(db);
  await db.query(
    `INSERT INTO credentials_next (${CREDENTIAL_COLUMNS}) SELECT ${CREDENTIAL_COLUMNS} FROM credentials`,
  );
  await db.query(`DROP TABLE credentials`);
  await db.query(`ALTER TABLE credentials_next RENAME TO credentials`);

  // As migration 5 made it.
  await db.query(`
    CREATE TABLE holder_groups_next (
      holder_id  TEXT NOT NULL REFERENCES holders(id) ON DELETE CASCADE,
      group_id   TEXT NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
      PRIMARY KEY (holder_id, group_id)
    ) STRICT, WITHOUT ROWID`);
  await db.query(
    `INSERT INTO holder_groups_next (holder_id, group_id)
     SELECT holder_id, group_id FROM holder_groups ORDER BY holder_id, group_id`,
  );
  await db.query(`DROP TABLE holder_groups`);
  await db.query(`ALTER TABLE holder_groups_next RENAME TO holder_groups`);

  // Nothing refers to it any more: dropping it deletes nothing else. Its indexes go with it.
  await db.query(`DROP TABLE holders_before`);
  await db.query(`CREATE INDEX holders_by_name ON holders (display_name, id)`);
  await db.query(`CREATE INDEX credentials_holder_id ON credentials (holder_id)`);
  await db.query(`CREATE INDEX holder_groups_group_id ON holder_groups (group_id)`);

  const problems = (await db.query('PRAGMA foreign_key_check')) as unknown[];
  if (problems.length > 0)
    throw new Error(`the remade tables break ${problems.length} foreign key(s)`);
}

const HOLDER_COLUMNS =
  'id, display_name, status, valid_from, valid_until, created_at, updated_at, schedule_id, lcd_name, notes, visitor';

/** `holders` as migrations 1, 2 and 5 left it; without rowid, stored in the order of its id. */
async function createHolders(db: QueryRunner, { withoutRowid }: Storage): Promise<void> {
  await db.query(`
    CREATE TABLE holders (
      id            TEXT PRIMARY KEY NOT NULL,
      display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
      status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
      valid_from    TEXT NULL,
      valid_until   TEXT NULL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL,
      schedule_id   TEXT NULL REFERENCES schedules(id) ON DELETE RESTRICT,
      lcd_name      TEXT NULL CHECK (length(lcd_name) BETWEEN 1 AND 32),
      notes         TEXT NULL CHECK (length(notes) <= 1000),
      visitor       INTEGER NOT NULL DEFAULT 0 CHECK (visitor IN (0, 1))
    ) STRICT${withoutRowid ? ', WITHOUT ROWID' : ''}`);
}

const CREDENTIAL_COLUMNS =
  'id, holder_id, kind, lookup_key, display, status, valid_from, valid_until, created_at, updated_at, uses_left';

/** `credentials` as migrations 1 and 4 left it, as `credentials_next`. */
async function createCredentialsNext(db: QueryRunner): Promise<void> {
  await db.query(`
    CREATE TABLE credentials_next (
      id           TEXT PRIMARY KEY NOT NULL,
      holder_id    TEXT NOT NULL REFERENCES holders(id) ON DELETE RESTRICT,
      kind         TEXT NOT NULL CHECK (kind IN ('uid', 'pan')),
      lookup_key   TEXT NOT NULL,
      display      TEXT NOT NULL,
      status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
      valid_from   TEXT NULL,
      valid_until  TEXT NULL,
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL,
      uses_left    INTEGER NULL CHECK (uses_left >= 0),
      UNIQUE (kind, lookup_key)
    ) STRICT`);
}
