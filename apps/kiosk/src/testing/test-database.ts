import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Test, type TestingModule } from '@nestjs/testing';
import type { DynamicModule, Type } from '@nestjs/common';
import { kioskConfig, loadKioskConfig } from '../config/kiosk.config';
import { KioskConfigModule } from '../config/kiosk-config.module';
import { DatabaseModule } from '../database/database.module';

export interface TestDatabase {
  module: TestingModule;
  path: string;
  /**
   * A second connection to the same file, for a test to look at or tamper with the rows as
   * another process would; the kiosk's own connection stays behind its repositories.
   */
  outside(): Database.Database;
  /** The id of the "Everyone" access group (every door, any time) that the migrations make. */
  everyoneGroupId(): string;
  close(): Promise<void>;
}

/** A Nest testing module on a real SQLite file in a fresh temp directory, migrated. */
export async function openTestDatabase(
  imports: Array<Type | DynamicModule>,
  env: Record<string, string> = {},
): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-spec-'));
  // KIOSK_DB in `env` opens an existing file (an upgrade test); otherwise a new one here.
  const path = env.KIOSK_DB ?? join(dir, 'kiosk.db');
  const module = await Test.createTestingModule({
    imports: [KioskConfigModule, DatabaseModule.forRoot(), ...imports],
  })
    .overrideProvider(kioskConfig.KEY)
    .useValue(
      loadKioskConfig({
        KIOSK_DB: path,
        KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'),
        KIOSK_AUDIT_KEY_FILE: join(dir, 'audit-ed25519.pem'),
        ...env,
      }),
    )
    .compile();
  await module.init();
  let outside: Database.Database | null = null;
  return {
    module,
    path,
    outside: () => (outside ??= new Database(path)),
    everyoneGroupId: () =>
      (
        (outside ??= new Database(path))
          .prepare("SELECT id FROM access_groups WHERE name = 'Everyone'")
          .get() as { id: string }
      ).id,
    close: async () => {
      outside?.close();
      await module.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
