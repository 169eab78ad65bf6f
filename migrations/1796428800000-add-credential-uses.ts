import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A visitor card good for N entries: `uses_left` counts the grants it still has (NULL: no
 * limit). Each grant takes one, in the same transaction as its audit record; at 0 the card is
 * denied as 'used-up'. Existing cards keep no limit.
 */
export class AddCredentialUses1796428800000 implements MigrationInterface {
  name = 'AddCredentialUses1796428800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE credentials ADD COLUMN uses_left INTEGER NULL CHECK (uses_left >= 0)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE credentials DROP COLUMN uses_left`);
  }
}
