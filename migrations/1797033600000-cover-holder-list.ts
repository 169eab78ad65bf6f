import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A page of the holder list (`GET /api/v1/holders`: 50 in name order after a keyset) is read from
 * one index, `holders_list`: the list's order and keyset, (display_name, id), and after them every
 * field a page shows, the holder's groups included (their copy in the row, migration 10). It
 * replaces `holders_by_name` (migration 8), which held the order alone, so that each of a page's
 * holders cost a search of `holders` by id for the rest of their fields: at 10k holders 125-135 us
 * of SQLite a page, then 54-55 us with this index, a page's SQL having been a third of the
 * route's CPU (issue 19, bench/README.md, "Admin API"). The price: each holder's fields are stored
 * twice, and a write of a holder writes both.
 */
export class CoverHolderList1797033600000 implements MigrationInterface {
  name = 'CoverHolderList1797033600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX holders_list ON holders
         (display_name, id, status, valid_from, valid_until, lcd_name, notes, visitor, group_ids)`,
    );
    await db.query(`DROP INDEX holders_by_name`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX holders_by_name ON holders (display_name, id)`);
    await db.query(`DROP INDEX holders_list`);
  }
}
