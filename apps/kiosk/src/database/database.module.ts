import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { kioskDataSourceOptions } from './database.options';
import { SqliteConnection } from './sqlite/sqlite-connection';
import { SERVICE_BUSY_TIMEOUT_MS, type SqliteSessionSettings } from './sqlite/sqlite-pragmas';
import { WAL_CHECKPOINT_POLICY, WalCheckpointer } from './wal-checkpointer';
import { DatabaseBackup } from './database-backup';
import { DatabaseStatusService } from './database-status';
import { UnitOfWork } from './unit-of-work';
import { WriteOutage } from './write-outage';

/** Holds the connection TypeORM hands over, so that TypeORM's factory can inject it. */
@Module({ providers: [SqliteConnection], exports: [SqliteConnection] })
class SqliteConnectionModule {}

/**
 * The database: TypeORM opens the SQLite file and runs the migrations; repositories read and write
 * through SqliteConnection and UnitOfWork (docs/architecture.md, "How a write flows").
 */
@Global()
@Module({})
export class DatabaseModule {
  /** The service's database; the CLI passes a longer busy timeout (one short command may wait). */
  static forRoot(
    settings: SqliteSessionSettings = {
      busyTimeoutMs: SERVICE_BUSY_TIMEOUT_MS,
      deferCheckpoints: true,
    },
  ): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        SqliteConnectionModule,
        TypeOrmModule.forRootAsync({
          imports: [SqliteConnectionModule],
          inject: [kioskConfig.KEY, SqliteConnection],
          useFactory: (config: KioskConfigType, connection: SqliteConnection) =>
            kioskDataSourceOptions(
              config.database.path,
              {
                ...settings,
                maxBytes: config.database.maxBytes,
                mmapBytes: config.database.mmapBytes,
              },
              (db) => connection.attach(db),
            ),
        }),
      ],
      providers: [
        {
          provide: WalCheckpointer,
          inject: [SqliteConnection],
          useFactory: (connection: SqliteConnection) =>
            new WalCheckpointer(
              connection,
              settings.deferCheckpoints ? WAL_CHECKPOINT_POLICY : null,
            ),
        },
        UnitOfWork,
        DatabaseStatusService,
        WriteOutage,
        DatabaseBackup,
      ],
      exports: [
        SqliteConnectionModule,
        WalCheckpointer,
        UnitOfWork,
        DatabaseStatusService,
        WriteOutage,
        DatabaseBackup,
      ],
    };
  }
}
