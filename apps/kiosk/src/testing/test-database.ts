import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import type { DynamicModule, Type } from '@nestjs/common';
import { kioskConfig, loadKioskConfig } from '../config/kiosk.config';
import { KioskConfigModule } from '../config/kiosk-config.module';
import { DatabaseModule } from '../database/database.module';

/** A Nest testing module on a real SQLite file in a fresh temp directory, migrated. */
export async function openTestDatabase(
  imports: Array<Type | DynamicModule>,
  env: Record<string, string> = {},
): Promise<{ module: TestingModule; path: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-spec-'));
  const path = join(dir, 'kiosk.db');
  const module = await Test.createTestingModule({
    imports: [KioskConfigModule, DatabaseModule, ...imports],
  })
    .overrideProvider(kioskConfig.KEY)
    .useValue(
      loadKioskConfig({ KIOSK_DB: path, KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'), ...env }),
    )
    .compile();
  await module.init();
  return {
    module,
    path,
    close: async () => {
      await module.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
