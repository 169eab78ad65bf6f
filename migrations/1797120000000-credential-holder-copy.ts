import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The holder's fields a tap reads, as copied onto each of their credentials (same order). */
const COPY_COLUMNS = [
  'holder_display_name',
  'holder_lcd_name',
  'holder_status',
  'holder_valid_from',
  'holder_valid_until',
  'holder_group_ids',
];
const HOLDER_COLUMNS = [
  'display_name',
  'lcd_name',
  'status',
  'valid_from',
  'valid_until',
  'group_ids',
];
const COPY = `(${COPY_COLUMNS.join(', ')})`;
/** The holder's fields by id: no row (no such holder) gives NULLs, as the LEFT JOIN did. */
const HOLDER_OF = (id: string) =>
  `(SELECT ${HOLDER_COLUMNS.join(', ')} FROM holders WHERE holders.id = ${id})`;
const FIELDS_OF = (row: 'NEW') => `(${HOLDER_COLUMNS.map((c) => `${row}.${c}`).join(', ')})`;
const NONE = `(${COPY_COLUMNS.map(() => 'NULL').join(', ')})`;

const TRIGGERS = [
  'credential_holder_copied',
  'credential_holder_moved',
  'holder_added_to_credentials',
  'holder_changed_on_credentials',
  'holder_removed_from_credentials',
];

/**
 * Each credential carries a copy of the holder's fields the tap reads (name, LCD name, status,
 * validity, groups), kept by triggers; `holders` stays the truth and nothing but the triggers
 * writes the copy. A tap searched `holders` by id after the credential, a third B-tree beside
 * the floor's two (the credentials' (kind, lookup_key) index and table): about 6 us of a 15 us
 * lookup at 100k cards (issue 19, bench/README.md, "Decision"). Now the tap reads one row.
 * The price is on writes: a credential's insert writes its row twice, and a change of a
 * holder's fields (their groups included: migration 10's triggers update `holders`) rewrites
 * each of their cards. A null copy means no holder row, as the LEFT JOIN's nulls did (only
 * possible with foreign keys off). A migration that rebuilds `credentials` or `holders` must
 * create these triggers again.
 */
export class CredentialHolderCopy1797120000000 implements MigrationInterface {
  name = 'CredentialHolderCopy1797120000000';

  async up(db: QueryRunner): Promise<void> {
    for (const column of COPY_COLUMNS)
      await db.query(`ALTER TABLE credentials ADD COLUMN ${column} TEXT NULL`);
    await db.query(`UPDATE credentials SET ${COPY} = ${HOLDER_OF('credentials.holder_id')}`);
    // rowid: the row just written, without a search of the id's index.
    await db.query(`
      CREATE TRIGGER credential_holder_copied AFTER INSERT ON credentials BEGIN
        UPDATE credentials SET ${COPY} = ${HOLDER_OF('NEW.holder_id')} WHERE rowid = NEW.rowid;
      END`);
    await db.query(`
      CREATE TRIGGER credential_holder_moved AFTER UPDATE OF holder_id ON credentials BEGIN
        UPDATE credentials SET ${COPY} = ${HOLDER_OF('NEW.holder_id')} WHERE rowid = NEW.rowid;
      END`);
    // With foreign keys on, a holder has no cards when added or removed: these find none
    // through credentials_holder_id. With them off, the copy still says what holders says.
    await db.query(`
      CREATE TRIGGER holder_added_to_credentials AFTER INSERT ON holders BEGIN
        UPDATE credentials SET ${COPY} = ${FIELDS_OF('NEW')} WHERE holder_id = NEW.id;
      END`);
    await db.query(`
      CREATE TRIGGER holder_changed_on_credentials
        AFTER UPDATE OF id, ${HOLDER_COLUMNS.join(', ')} ON holders BEGIN
        UPDATE credentials SET ${COPY} = ${NONE} WHERE holder_id = OLD.id AND OLD.id <> NEW.id;
        UPDATE credentials SET ${COPY} = ${FIELDS_OF('NEW')} WHERE holder_id = NEW.id;
      END`);
    await db.query(`
      CREATE TRIGGER holder_removed_from_credentials AFTER DELETE ON holders BEGIN
        UPDATE credentials SET ${COPY} = ${NONE} WHERE holder_id = OLD.id;
      END`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) await db.query(`DROP TRIGGER ${trigger}`);
    for (const column of [...COPY_COLUMNS].reverse())
      await db.query(`ALTER TABLE credentials DROP COLUMN ${column}`);
  }
}
