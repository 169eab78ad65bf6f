import type { Database } from 'better-sqlite3';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import { prepareDatabaseFile } from './database-file';
import { applySqlitePragmas, type SqliteSessionSettings } from './sqlite/sqlite-pragmas';

/**
 * One SQLite file; migrations run at start; the schema is never synchronised from entities.
 * `onOpen` receives the connection TypeORM opened (its prepareDatabase hook), after the pragmas.
 */
export function kioskDataSourceOptions(
  path: string,
  settings: SqliteSessionSettings,
  onOpen: (db: Database) => void,
): TypeOrmModuleOptions {
  prepareDatabaseFile(path);
  return {
    type: 'better-sqlite3',
    database: path,
    // Each feature module registers its own entities (TypeOrmModule.forFeature), so this module
    // knows none of them and no entity is imported outside its feature.
    autoLoadEntities: true,
    migrations: KIOSK_MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // A database that cannot be opened now will not open in 3 s either: fail at once, clearly.
    retryAttempts: 0,
    prepareDatabase: (db: Database) => {
      applySqlitePragmas(db, settings);
      onOpen(db);
    },
  };
}
