import type Database from 'better-sqlite3';
import { KIOSK_MIGRATIONS } from './index';
import { MigrationFile } from './testing/migration-file';

const T = '2026-11-01T08:00:00.000Z';
const NINTH = KIOSK_MIGRATIONS.findIndex((m) => m.name.startsWith('HoldersWithoutRowid'));
const UP_TO_NINTH = KIOSK_MIGRATIONS.slice(0, NINTH + 1);

/**
 * Migration 9 remakes holders as a WITHOUT ROWID table (and its children credentials and
 * holder_groups as they were, to point at it). Up and down, every row must come through
 * unchanged, every constraint must still hold, and no holder may lose their groups: undoing a
 * migration runs with foreign keys on, where dropping holders would cascade to holder_groups.
 */
describe('migration 9: holders stored by id', () => {
  let file: MigrationFile;
  beforeEach(() => (file = MigrationFile.create('holders-by-id')));
  afterEach(() => file.remove());
  const migrate = (migrations: typeof KIOSK_MIGRATIONS) => file.migrate(migrations);
  // As monitor-role-upgrade.spec undoes.
  const undoLast = () => file.undoLast(KIOSK_MIGRATIONS);
  const withFile = <R>(work: (db: Database.Database) => R) => file.withFile(work);

  /** Two holders (one with every optional field), three cards, three group memberships. */
  function enrol(db: Database.Database): void {
    db.prepare(
      `INSERT INTO access_groups (id, name, created_at, updated_at) VALUES ('g2', 'Night', ?, ?)`,
    ).run(T, T);
    const everyone = (
      db.prepare(`SELECT id FROM access_groups WHERE name = 'Everyone'`).get() as { id: string }
    ).id;
    db.prepare(
      `INSERT INTO holders (id, display_name, status, valid_from, valid_until, created_at, updated_at, lcd_name, notes, visitor)
       VALUES ('h-b', 'Bea', 'suspended', ?, ?, ?, ?, 'B.', 'night shift', 1)`,
    ).run('2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', T, T);
    db.prepare(
      `INSERT INTO holders (id, display_name, status, created_at, updated_at) VALUES ('h-a', 'Ada', 'active', ?, ?)`,
    ).run(T, T);
    const card = db.prepare(
      `INSERT INTO credentials (id, holder_id, kind, lookup_key, display, status, valid_until, created_at, updated_at, uses_left)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    card.run('c-3', 'h-a', 'uid', '04A224E2C35E80', '04A224E2C35E80', 'active', null, T, T, null);
    card.run('c-1', 'h-b', 'pan', 'hmac-of-a-pan', '**** 1234', 'revoked', null, T, T, null);
    card.run('c-2', 'h-b', 'uid', '0102030405', '0102030405', 'active', T, T, T, 3);
    const member = db.prepare('INSERT INTO holder_groups (holder_id, group_id) VALUES (?, ?)');
    member.run('h-a', everyone);
    member.run('h-b', everyone);
    member.run('h-b', 'g2');
  }

  const rows = (db: Database.Database) => ({
    holders: db.prepare('SELECT * FROM holders ORDER BY id').all(),
    credentials: db.prepare('SELECT * FROM credentials ORDER BY id').all(),
    holderGroups: db.prepare('SELECT * FROM holder_groups ORDER BY holder_id, group_id').all(),
  });

  const schema = (db: Database.Database) =>
    Object.fromEntries(
      (
        db
          .prepare(
            `SELECT name, sql FROM sqlite_schema WHERE tbl_name IN ('holders', 'credentials', 'holder_groups') AND sql IS NOT NULL`,
          )
          .all() as { name: string; sql: string }[]
      )
        // A renamed table's text names it in quotes ("credentials"): the same table.
        .map((r) => [r.name, r.sql.replaceAll('"', '').replace(/\s+/g, ' ')]),
    );

  // The same definitions whatever the spacing (migrations 2, 4 and 5 added columns on one line).
  const unspaced = (tables: Record<string, string>) =>
    Object.keys(tables)
      .sort()
      .map((name) => [name, tables[name]!.replace(/\s+/g, '')]);

  it('keeps every row, key, check and foreign key, up and down, with the groups of every holder', async () => {
    await migrate(KIOSK_MIGRATIONS.slice(0, NINTH));
    const before = withFile((db) => {
      enrol(db);
      return { rows: rows(db), schema: schema(db) };
    });
    expect(before.rows.holderGroups).toHaveLength(3);

    await migrate(UP_TO_NINTH);
    withFile((db) => {
      expect(rows(db)).toEqual(before.rows);
      const up = schema(db);
      expect(up.holders).toMatch(/STRICT, WITHOUT ROWID$/);
      expect(unspaced({ c: up.credentials! })).toEqual(unspaced({ c: before.schema.credentials! }));
      expect(Object.keys(up).sort()).toEqual([
        'credentials',
        'credentials_holder_id',
        'holder_groups',
        'holder_groups_group_id',
        'holders',
        'holders_by_name',
      ]);
      // Nothing still names the table the migration renamed on the way.
      expect(JSON.stringify(up)).not.toContain('holders_before');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      // The card by its index and row, as before; the holder by one search of its primary key.
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT holders.display_name FROM credentials
           JOIN holders ON holders.id = credentials.holder_id
           WHERE credentials.kind = 'uid' AND credentials.lookup_key = '0102030405'`,
        )
        .all()
        .map((r) => (r as { detail: string }).detail);
      expect(plan).toEqual([
        'SEARCH credentials USING INDEX sqlite_autoindex_credentials_2 (kind=? AND lookup_key=?)',
        'SEARCH holders USING PRIMARY KEY (id=?)',
      ]);
    });
    expectConstraintsHold();

    await undoLast();
    withFile((db) => {
      expect(rows(db)).toEqual(before.rows);
      expect(unspaced(schema(db))).toEqual(unspaced(before.schema));
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
    expectConstraintsHold();

    // And up again, from the schema the undo left.
    await migrate(UP_TO_NINTH);
    withFile((db) => expect(rows(db)).toEqual(before.rows));
  });

  /** What the tables refused and did before, on the rows enrol() made (each in a rollback). */
  function expectConstraintsHold(): void {
    withFile((db) => {
      const tryIn = (sql: string) => () =>
        db.transaction(() => {
          db.prepare(sql).run();
          throw new Error('rolled back');
        })();
      const card = (id: string, holder: string, key: string) =>
        `INSERT INTO credentials (id, holder_id, kind, lookup_key, display, created_at, updated_at)
         VALUES ('${id}', '${holder}', 'uid', '${key}', '${key}', '${T}', '${T}')`;
      expect(tryIn(card('c-9', 'h-a', '04A224E2C35E80'))).toThrow(/UNIQUE constraint failed/);
      expect(tryIn(card('c-1', 'h-a', 'AABBCCDD'))).toThrow(/UNIQUE constraint failed/);
      expect(tryIn(card('c-9', 'h-nobody', 'AABBCCDD'))).toThrow(/FOREIGN KEY constraint failed/);
      expect(tryIn(`UPDATE credentials SET kind = 'x' WHERE id = 'c-3'`)).toThrow(/CHECK/);
      expect(tryIn(`UPDATE holders SET visitor = 2 WHERE id = 'h-a'`)).toThrow(/CHECK/);
      // A holder with cards cannot go (RESTRICT); once the cards are gone, their groups go too.
      expect(tryIn(`DELETE FROM holders WHERE id = 'h-a'`)).toThrow(/FOREIGN KEY/);
      expect(() =>
        db.transaction(() => {
          db.prepare(`DELETE FROM credentials WHERE holder_id = 'h-a'`).run();
          db.prepare(`DELETE FROM holders WHERE id = 'h-a'`).run();
          const left = db.prepare(`SELECT holder_id FROM holder_groups ORDER BY holder_id`).all();
          expect(left).toEqual([{ holder_id: 'h-b' }, { holder_id: 'h-b' }]);
          throw new Error('rolled back');
        })(),
      ).toThrow('rolled back');
      expect(db.prepare('SELECT count(*) AS n FROM holder_groups').get()).toEqual({ n: 3 });
    });
  }
});
