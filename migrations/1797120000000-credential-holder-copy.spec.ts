import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { KIOSK_MIGRATIONS } from './index';
import { MigrationFile } from './testing/migration-file';

const T = '2026-11-01T08:00:00.000Z';
const TWELFTH = KIOSK_MIGRATIONS.findIndex((m) => m.name.startsWith('CredentialHolderCopy'));
const HOLDERS = ['h-1', 'h-2', 'h-3'];
const GROUPS = ['g-1', 'g-2'];
const CARDS = ['c-1', 'c-2', 'c-3', 'c-4'];

/** Each card's holder copy, and what a join of holders gives for it (the truth). */
const COPY_AND_TRUTH = `SELECT c.id,
    c.holder_display_name, c.holder_lcd_name, c.holder_status, c.holder_valid_from,
    c.holder_valid_until, c.holder_group_ids,
    h.display_name, h.lcd_name, h.status, h.valid_from, h.valid_until, h.group_ids
  FROM credentials c LEFT JOIN holders h ON h.id = c.holder_id ORDER BY c.id`;

function copyAndTruth(db: Database.Database) {
  const rows = db.prepare(COPY_AND_TRUTH).raw().all() as unknown[][];
  return {
    copy: rows.map((r) => [r[0], ...r.slice(1, 7)]),
    truth: rows.map((r) => [r[0], ...r.slice(7, 13)]),
  };
}

/**
 * Migration 12 copies the holder's fields a tap reads onto each of their credentials, kept by
 * triggers. The copy must say what a join of `holders` says, after the migration and after any
 * change of holders, memberships or cards (foreign keys on, and off as an operator's repair
 * might have them); undone, nothing of it is left.
 */
describe('migration 12: the holder’s fields on each credential', () => {
  let file: MigrationFile;
  beforeEach(() => (file = MigrationFile.create('credential-holder-copy')));
  afterEach(() => file.remove());
  const migrate = () => file.migrate(KIOSK_MIGRATIONS.slice(0, TWELFTH + 1));
  const undoLast = () => file.undoLast(KIOSK_MIGRATIONS.slice(0, TWELFTH + 1));
  const withFile = <R>(work: (db: Database.Database) => R) => file.withFile(work);

  /** Three holders (h-1 with every field set), two groups, cards: c-1, c-2 of h-1, c-3 of h-2. */
  function enrol(db: Database.Database): void {
    const group = db.prepare(
      `INSERT INTO access_groups (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`,
    );
    for (const id of GROUPS) group.run(id, `Group ${id}`, T, T);
    db.prepare(
      `INSERT INTO holders (id, display_name, status, valid_from, valid_until, lcd_name, created_at, updated_at)
       VALUES ('h-1', 'Ada Example', 'suspended', ?, ?, 'Ada', ?, ?)`,
    ).run('2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', T, T);
    const holder = db.prepare(
      `INSERT INTO holders (id, display_name, status, created_at, updated_at) VALUES (?, ?, 'active', ?, ?)`,
    );
    for (const id of HOLDERS.slice(1)) holder.run(id, `Holder ${id}`, T, T);
    const member = db.prepare('INSERT INTO holder_groups (holder_id, group_id) VALUES (?, ?)');
    member.run('h-1', 'g-2');
    member.run('h-1', 'g-1');
    member.run('h-2', 'g-1');
    for (const [card, holderId] of [
      ['c-1', 'h-1'],
      ['c-2', 'h-1'],
      ['c-3', 'h-2'],
    ] as const)
      insertCard(db, card, holderId);
  }

  function insertCard(db: Database.Database, id: string, holderId: string): void {
    db.prepare(
      `INSERT INTO credentials (id, holder_id, kind, lookup_key, display, created_at, updated_at)
       VALUES (?, ?, 'uid', ?, ?, ?, ?)`,
    ).run(id, holderId, `KEY-${id}`, `KEY-${id}`, T, T);
  }

  const schemaOf = (db: Database.Database) =>
    db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all();

  it('fills the copy from holders, and undone, leaves the schema and cards as they were', async () => {
    await migrate();
    await undoLast();
    const before = withFile((db) => {
      enrol(db);
      return {
        schema: schemaOf(db),
        cards: db.prepare('SELECT * FROM credentials ORDER BY id').all(),
      };
    });

    await migrate();
    withFile((db) => {
      const { copy, truth } = copyAndTruth(db);
      const ada = [
        'Ada Example',
        'Ada',
        'suspended',
        '2026-01-01T00:00:00.000Z',
        '2027-01-01T00:00:00.000Z',
        expect.stringMatching(/^g-[12] g-[12]$/),
      ];
      expect(copy).toEqual([
        ['c-1', ...ada],
        ['c-2', ...ada],
        ['c-3', 'Holder h-2', null, 'active', null, null, 'g-1'],
      ]);
      expect(copy).toEqual(truth);
    });

    await undoLast();
    withFile((db) => {
      expect(schemaOf(db)).toEqual(before.schema);
      expect(db.prepare('SELECT * FROM credentials ORDER BY id').all()).toEqual(before.cards);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  });

  type Change =
    | { kind: 'rename'; holder: string; name: string }
    | { kind: 'lcd name'; holder: string; name: string | null }
    | { kind: 'suspend' | 'reinstate'; holder: string }
    | { kind: 'validity'; holder: string; from: string | null; until: string | null }
    | { kind: 'join' | 'leave'; holder: string; group: string }
    | { kind: 'delete group'; group: string }
    | { kind: 'enrol'; card: string; holder: string }
    | { kind: 'hand over'; card: string; holder: string }
    | { kind: 'remove card'; card: string }
    | { kind: 'delete holder'; holder: string; foreignKeysOff: boolean }
    | { kind: 'add holder'; holder: string; foreignKeysOff: boolean };

  const holder = fc.constantFrom(...HOLDERS);
  const group = fc.constantFrom(...GROUPS);
  const card = fc.constantFrom(...CARDS);
  const date = fc.option(fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'));
  const change: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ kind: fc.constant('rename' as const), holder, name: fc.constantFrom('Bea', 'Cy') }),
    fc.record({
      kind: fc.constant('lcd name' as const),
      holder,
      name: fc.option(fc.constant('B')),
    }),
    fc.record({ kind: fc.constantFrom('suspend' as const, 'reinstate' as const), holder }),
    fc.record({ kind: fc.constant('validity' as const), holder, from: date, until: date }),
    fc.record({ kind: fc.constantFrom('join' as const, 'leave' as const), holder, group }),
    fc.record({ kind: fc.constant('delete group' as const), group }),
    fc.record({ kind: fc.constantFrom('enrol' as const, 'hand over' as const), card, holder }),
    fc.record({ kind: fc.constant('remove card' as const), card }),
    fc.record({
      kind: fc.constantFrom('delete holder' as const, 'add holder' as const),
      holder,
      foreignKeysOff: fc.boolean(),
    }),
  );

  function apply(db: Database.Database, c: Change): void {
    const run = (sql: string, ...params: Array<string | null>) => db.prepare(sql).run(...params);
    switch (c.kind) {
      case 'rename':
        return void run('UPDATE holders SET display_name = ? WHERE id = ?', c.name, c.holder);
      case 'lcd name':
        return void run('UPDATE holders SET lcd_name = ? WHERE id = ?', c.name, c.holder);
      case 'suspend':
      case 'reinstate': {
        const status = c.kind === 'suspend' ? 'suspended' : 'active';
        return void run('UPDATE holders SET status = ? WHERE id = ?', status, c.holder);
      }
      case 'validity':
        return void run(
          'UPDATE holders SET valid_from = ?, valid_until = ? WHERE id = ?',
          c.from,
          c.until,
          c.holder,
        );
      case 'join':
        return void run('INSERT OR IGNORE INTO holder_groups VALUES (?, ?)', c.holder, c.group);
      case 'leave':
        return void run(
          'DELETE FROM holder_groups WHERE holder_id = ? AND group_id = ?',
          c.holder,
          c.group,
        );
      case 'delete group': // ON DELETE CASCADE to holder_groups, which updates holders
        return void run('DELETE FROM access_groups WHERE id = ?', c.group);
      case 'enrol':
        return void insertCard(db, c.card, c.holder);
      case 'hand over':
        return void run('UPDATE credentials SET holder_id = ? WHERE id = ?', c.holder, c.card);
      case 'remove card':
        return void run('DELETE FROM credentials WHERE id = ?', c.card);
      case 'delete holder':
      case 'add holder':
        // Foreign keys off: a holder deleted from under their cards, or added back after.
        db.pragma(`foreign_keys = ${c.foreignKeysOff ? 'OFF' : 'ON'}`);
        try {
          if (c.kind === 'delete holder') run('DELETE FROM holders WHERE id = ?', c.holder);
          else
            run(
              `INSERT INTO holders (id, display_name, status, created_at, updated_at) VALUES (?, 'Back', 'active', ?, ?)`,
              c.holder,
              T,
              T,
            );
        } finally {
          db.pragma('foreign_keys = ON');
        }
    }
  }

  it('keeps the copy equal to holders through any changes of holders, groups and cards', async () => {
    await migrate();
    withFile((db) => {
      enrol(db);
      fc.assert(
        fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
          // foreign_keys cannot change inside a transaction: a copy of the file per run instead.
          const initial = db.serialize();
          const run = new (db.constructor as typeof Database)(initial);
          run.pragma('foreign_keys = ON');
          try {
            for (const c of changes) {
              try {
                apply(run, c);
              } catch (refused) {
                // A card of a missing holder, a holder with cards deleted, one added twice, a
                // second card with the same key: refused, nothing changes.
                expect(String(refused)).toMatch(
                  /FOREIGN KEY constraint failed|UNIQUE constraint failed/,
                );
              }
              const { copy, truth } = copyAndTruth(run);
              expect(copy).toEqual(truth);
            }
          } finally {
            run.close();
          }
        }),
      );
    });
  });
});
