import type { MigrationInterface, QueryRunner } from 'typeorm';

// A holder's groups, as the column holds them: their ids, space-separated, '' for none; readers
// sort them (holder-row.ts). Not `group_concat(... ORDER BY ...)`: SQLite before 3.44 (Debian
// 12's sqlite3 is 3.40) cannot read a schema with one, so the file would no longer open in the
// command-line tool an operator looks into it with.
const GROUP_IDS_OF = (holder: string) =>
  `(SELECT coalesce(group_concat(group_id, ' '), '') FROM holder_groups WHERE holder_id = ${holder})`;

/**
 * `holders.group_ids`: each holder's groups in their own row, a copy of `holder_groups` that
 * triggers keep (`holder_groups` stays the truth, with its foreign keys; nothing writes the
 * column but the triggers). A tap read the holder's groups by a search of `holder_groups`, a fifth
 * B-tree (2,898 pages at 100k holders, mostly outside SQLite's page cache with random cards), and
 * the admin list one such search for each of its 50 holders, half of a page's SQL (issue 19,
 * bench/README.md, decision and admin API); both now read the column with the row they read
 * anyway. The price is on writes of memberships: each rewrites its holder's row.
 */
export class HolderGroupIds1796947200000 implements MigrationInterface {
  name = 'HolderGroupIds1796947200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE holders ADD COLUMN group_ids TEXT NOT NULL DEFAULT ''`);
    await db.query(`UPDATE holders SET group_ids = ${GROUP_IDS_OF('holders.id')}`);
    // A membership added, removed (by hand, or by its holder's or group's deletion: foreign key
    // actions fire triggers too) or changed sets its holder's column again from holder_groups.
    await db.query(`
      CREATE TRIGGER holder_groups_added AFTER INSERT ON holder_groups BEGIN
        UPDATE holders SET group_ids = ${GROUP_IDS_OF('NEW.holder_id')} WHERE id = NEW.holder_id;
      END`);
    await db.query(`
      CREATE TRIGGER holder_groups_removed AFTER DELETE ON holder_groups BEGIN
        UPDATE holders SET group_ids = ${GROUP_IDS_OF('OLD.holder_id')} WHERE id = OLD.holder_id;
      END`);
    await db.query(`
      CREATE TRIGGER holder_groups_changed AFTER UPDATE ON holder_groups BEGIN
        UPDATE holders SET group_ids = ${GROUP_IDS_OF('OLD.holder_id')} WHERE id = OLD.holder_id;
        UPDATE holders SET group_ids = ${GROUP_IDS_OF('NEW.holder_id')} WHERE id = NEW.holder_id;
      END`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const trigger of ['holder_groups_added', 'holder_groups_removed', 'holder_groups_changed'])
      await db.query(`DROP TRIGGER ${trigger}`);
    await db.query(`ALTER TABLE holders DROP COLUMN group_ids`);
  }
}
