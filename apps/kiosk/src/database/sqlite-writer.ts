import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';

/**
 * The one way the app writes. TypeORM's SQLite drivers share a single query runner, so two
 * overlapping `dataSource.transaction()` calls would nest into each other. A write here is one
 * synchronous BEGIN IMMEDIATE transaction on the better-sqlite3 handle: nothing in this process
 * can interleave with it, and another process (the CLI) waits on the lock (busy_timeout).
 */
@Injectable()
export class SqliteWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get db(): Database {
    const driver = this.dataSource.driver as unknown as { databaseConnection?: Database };
    if (!driver.databaseConnection) throw new Error('The kiosk database is not open');
    return driver.databaseConnection;
  }

  immediate<T>(write: (db: Database) => T): T {
    const db = this.db;
    return db.transaction(() => write(db)).immediate();
  }
}
