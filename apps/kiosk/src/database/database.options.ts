import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { DataSourceOptions } from 'typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import { applySqlitePragmas, type SqliteSessionSettings } from './sqlite/sqlite-pragmas';
import { HolderEntity } from '../holders/holder.entity';
import { CredentialEntity } from '../credentials/credential.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';

export const KIOSK_ENTITIES = [HolderEntity, CredentialEntity, AuditEventEntity];

/**
 * One SQLite file; migrations run at start; the schema is never synchronised from entities.
 * `onOpen` receives the connection TypeORM opened (its prepareDatabase hook), after the pragmas.
 */
export function kioskDataSourceOptions(
  path: string,
  settings: SqliteSessionSettings,
  onOpen: (db: Database) => void,
): DataSourceOptions {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: path,
    entities: KIOSK_ENTITIES,
    migrations: KIOSK_MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    prepareDatabase: (db: Database) => {
      applySqlitePragmas(db, settings);
      onOpen(db);
    },
  };
}
