import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The holder list's order, (display_name, id), as an index: each page of the admin API and the
 * console (`GET /api/v1/holders`, a keyset after the last name and id) is then a search of 50
 * entries, not a scan of every holder sorted in a temporary B-tree (the admin API benchmark:
 * half the service's CPU at 10k holders, issue 19).
 */
export class AddHoldersByNameIndex1796774400000 implements MigrationInterface {
  name = 'AddHoldersByNameIndex1796774400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX holders_by_name ON holders (display_name, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX holders_by_name`);
  }
}
