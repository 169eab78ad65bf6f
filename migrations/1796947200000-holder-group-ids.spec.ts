import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { KIOSK_MIGRATIONS } from './index';
import { MigrationFile } from './testing/migration-file';

const T = '2026-11-01T08:00:00.000Z';
const TENTH = KIOSK_MIGRATIONS.findIndex((m) => m.name.startsWith('HolderGroupIds'));
const HOLDERS = ['h-1', 'h-2', 'h-3'];
const GROUPS = ['g-1', 'g-2', 'g-3', 'g-4'];

/**
 * Migration 10 copies each holder's groups into their row (`holders.group_ids`), kept by triggers
 * on holder_groups. The copy must say what holder_groups says, after the migration and after any
 * change of memberships, by hand or by a foreign key's cascade; undone, nothing of it is left.
 */
describe('migration 10: a holder’s groups in their row', () => {
  let file: MigrationFile;
  beforeEach(() => (file = MigrationFile.create('holder-group-ids')));
  afterEach(() => file.remove());
  const migrate = () => file.migrate(KIOSK_MIGRATIONS.slice(0, TENTH + 1));
  const undoLast = () => file.undoLast(KIOSK_MIGRATIONS.slice(0, TENTH + 1));
  const withFile = <R>(work: (db: Database.Database) => R) => file.withFile(work);

  /** Three holders, four groups; h-1 in g-2 and g-1, h-2 in g-3, h-3 in none. */
  function enrol(db: Database.Database): void {
    const group = db.prepare(
      `INSERT INTO access_groups (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`,
    );
    for (const id of GROUPS) group.run(id, `Group ${id}`, T, T);
    const holder = db.prepare(
      `INSERT INTO holders (id, display_name, status, created_at, updated_at) VALUES (?, ?, 'active', ?, ?)`,
    );
    for (const id of HOLDERS) holder.run(id, `Holder ${id}`, T, T);
    const member = db.prepare('INSERT INTO holder_groups (holder_id, group_id) VALUES (?, ?)');
    member.run('h-1', 'g-2');
    member.run('h-1', 'g-1');
    member.run('h-2', 'g-3');
  }

  /** Each holder's groups, sorted: as the column has them, and as holder_groups has them. */
  function groupsBothWays(db: Database.Database) {
    const column = db.prepare('SELECT id, group_ids FROM holders ORDER BY id').all() as {
      id: string;
      group_ids: string;
    }[];
    const truth = db.prepare('SELECT holder_id, group_id FROM holder_groups').all() as {
      holder_id: string;
      group_id: string;
    }[];
    return {
      column: Object.fromEntries(
        column.map((h) => [h.id, h.group_ids === '' ? [] : h.group_ids.split(' ').sort()]),
      ),
      truth: Object.fromEntries(
        column.map((h) => [
          h.id,
          truth
            .filter((m) => m.holder_id === h.id)
            .map((m) => m.group_id)
            .sort(),
        ]),
      ),
    };
  }

  it('fills the column from holder_groups, and undone, leaves the schema and memberships as they were', async () => {
    await migrate();
    await undoLast();
    const before = withFile((db) => {
      enrol(db);
      return {
        schema: db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all(),
        memberships: db.prepare('SELECT * FROM holder_groups ORDER BY 1, 2').all(),
      };
    });

    await migrate();
    withFile((db) => {
      const { column, truth } = groupsBothWays(db);
      expect(column).toEqual({ 'h-1': ['g-1', 'g-2'], 'h-2': ['g-3'], 'h-3': [] });
      expect(column).toEqual(truth);
    });

    await undoLast();
    withFile((db) => {
      expect(db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(
        before.schema,
      );
      expect(db.prepare('SELECT * FROM holder_groups ORDER BY 1, 2').all()).toEqual(
        before.memberships,
      );
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });

    await migrate();
    withFile((db) => expect(groupsBothWays(db).column).toEqual(groupsBothWays(db).truth));
  });

  type Change =
    | { kind: 'add'; holder: string; group: string }
    | { kind: 'remove'; holder: string; group: string }
    | { kind: 'move'; holder: string; from: string; to: string }
    | { kind: 'hand over'; from: string; to: string; group: string }
    | { kind: 'delete group'; group: string }
    | { kind: 'delete holder'; holder: string };

  const holder = fc.constantFrom(...HOLDERS);
  const group = fc.constantFrom(...GROUPS);
  const change: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), holder, group }),
    fc.record({ kind: fc.constant('remove' as const), holder, group }),
    fc.record({ kind: fc.constant('move' as const), holder, from: group, to: group }),
    fc.record({ kind: fc.constant('hand over' as const), from: holder, to: holder, group }),
    fc.record({ kind: fc.constant('delete group' as const), group }),
    fc.record({ kind: fc.constant('delete holder' as const), holder }),
  );

  function apply(db: Database.Database, c: Change): void {
    const run = (sql: string, ...params: string[]) => db.prepare(sql).run(...params);
    switch (c.kind) {
      case 'add':
        return void run(`INSERT OR IGNORE INTO holder_groups VALUES (?, ?)`, c.holder, c.group);
      case 'remove':
        return void run(
          `DELETE FROM holder_groups WHERE holder_id = ? AND group_id = ?`,
          c.holder,
          c.group,
        );
      case 'move':
        return void run(
          `UPDATE OR IGNORE holder_groups SET group_id = ? WHERE holder_id = ? AND group_id = ?`,
          c.to,
          c.holder,
          c.from,
        );
      case 'hand over':
        return void run(
          `UPDATE OR IGNORE holder_groups SET holder_id = ? WHERE holder_id = ? AND group_id = ?`,
          c.to,
          c.from,
          c.group,
        );
      case 'delete group': // ON DELETE CASCADE to holder_groups
        return void run(`DELETE FROM access_groups WHERE id = ?`, c.group);
      case 'delete holder': // ON DELETE CASCADE to holder_groups (these holders have no cards)
        return void run(`DELETE FROM holders WHERE id = ?`, c.holder);
    }
  }

  it('keeps the column equal to holder_groups through any changes of memberships', async () => {
    await migrate();
    withFile((db) => {
      enrol(db);
      fc.assert(
        fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
          db.exec('SAVEPOINT changes');
          try {
            for (const c of changes) {
              try {
                apply(db, c);
              } catch (refused) {
                // A membership of a group or holder deleted before: refused, nothing changes.
                expect(String(refused)).toMatch(/FOREIGN KEY constraint failed/);
              }
              const { column, truth } = groupsBothWays(db);
              expect(column).toEqual(truth);
            }
          } finally {
            db.exec('ROLLBACK TO changes');
            db.exec('RELEASE changes');
          }
        }),
      );
    });
  });
});
