import { Injectable } from '@nestjs/common';
import { SqliteConnection } from './sqlite/sqlite-connection';

/** The live database's online copy, for `kiosk backup` (backup/backup.service.ts). */
@Injectable()
export class DatabaseBackup {
  constructor(private readonly connection: SqliteConnection) {}

  /**
   * Copies the database, as of one moment, into `path` (an empty file or none) while the service
   * goes on writing (SqliteConnection.backupTo).
   */
  copyTo(path: string): Promise<void> {
    return this.connection.backupTo(path);
  }
}
