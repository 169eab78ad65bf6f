import type Database from 'better-sqlite3';
import { KIOSK_MIGRATIONS } from './index';
import { MigrationFile } from './testing/migration-file';

const T = '2026-11-01T08:00:00.000Z';
const ELEVENTH = KIOSK_MIGRATIONS.findIndex((m) => m.name.startsWith('CoverHolderList'));
const THROUGH_ELEVENTH = KIOSK_MIGRATIONS.slice(0, ELEVENTH + 1);

/**
 * Migration 11 gives the holder list an index holding every field of a page, in place of the one
 * holding its order alone. A page must be read from that index alone, and undoing the migration
 * must leave the tables as they were.
 */
describe('migration 11: the holder list read from one index', () => {
  let file: MigrationFile;
  beforeEach(() => (file = MigrationFile.create('holder-list')));
  afterEach(() => file.remove());
  const migrate = () => file.migrate(THROUGH_ELEVENTH);
  const undoLast = () => file.undoLast(THROUGH_ELEVENTH);
  const withFile = <R>(work: (db: Database.Database) => R) => file.withFile(work);

  /** Three holders: one in Everyone, one in Everyone and Night, one in none. */
  function enrol(db: Database.Database): void {
    db.prepare(
      `INSERT INTO access_groups (id, name, created_at, updated_at) VALUES ('g2', 'Night', ?, ?)`,
    ).run(T, T);
    const holder = db.prepare(
      `INSERT INTO holders (id, display_name, status, created_at, updated_at) VALUES (?, ?, 'active', ?, ?)`,
    );
    for (const [id, name] of [
      ['h-a', 'Ada'],
      ['h-b', 'Bea'],
      ['h-c', 'Cy'],
    ])
      holder.run(id, name, T, T);
    const everyone = (
      db.prepare(`SELECT id FROM access_groups WHERE name = 'Everyone'`).get() as { id: string }
    ).id;
    const member = db.prepare('INSERT INTO holder_groups (holder_id, group_id) VALUES (?, ?)');
    member.run('h-a', everyone);
    member.run('h-b', 'g2');
    member.run('h-b', everyone);
  }

  it("reads a page, after a keyset or not, from the list's index alone", async () => {
    await migrate();
    withFile((db) => {
      const fields = `id, display_name, status, valid_from, valid_until, lcd_name, notes, visitor, group_ids`;
      const plan = (where: string, ...keys: string[]) =>
        db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT ${fields} FROM holders ${where} ORDER BY display_name, id LIMIT 50`,
          )
          .all(...keys)
          .map((r) => (r as { detail: string }).detail);
      expect(plan('')).toEqual(['SCAN holders USING COVERING INDEX holders_list']);
      expect(
        plan('WHERE (display_name, id) > (CAST(? AS TEXT), CAST(? AS TEXT))', 'Ada', 'h-a'),
      ).toEqual(['SEARCH holders USING COVERING INDEX holders_list (display_name>?)']);
    });
  });

  it('undoes to the tables as they were, and migrates again', async () => {
    await migrate();
    await undoLast();
    const before = withFile((db) => {
      enrol(db);
      return { rows: rowsOf(db), schema: schemaOf(db) };
    });
    await migrate();
    withFile((db) => {
      expect(rowsOf(db)).toEqual(before.rows);
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    });
    await undoLast();
    withFile((db) => {
      expect(rowsOf(db)).toEqual(before.rows);
      expect(schemaOf(db)).toEqual(before.schema);
    });
    await migrate();
    withFile((db) => expect(rowsOf(db)).toEqual(before.rows));
  });

  const rowsOf = (db: Database.Database) => ({
    holders: db.prepare('SELECT * FROM holders ORDER BY id').all(),
    holderGroups: db.prepare('SELECT * FROM holder_groups ORDER BY holder_id, group_id').all(),
  });

  const schemaOf = (db: Database.Database) =>
    db
      .prepare(
        `SELECT type, name, sql FROM sqlite_schema WHERE tbl_name IN ('holders', 'holder_groups') ORDER BY name`,
      )
      .all();
});
