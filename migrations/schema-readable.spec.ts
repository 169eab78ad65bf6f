import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { KIOSK_MIGRATIONS } from './index';

/**
 * The migrated database opens in the `sqlite3` command-line tool the terminal's system has
 * (Debian 12: SQLite 3.40), which operators look into the file with (docs/operations.md) and the
 * audit export's benchmark compares against. better-sqlite3 bundles a newer SQLite: syntax it
 * accepts in a trigger or view (an `ORDER BY` inside `group_concat`, say, from 3.44) makes the
 * whole schema unreadable to an older one ("malformed database schema").
 */
describe('every migration, as an older SQLite reads it', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-schema-readable-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves a database the system's sqlite3 opens and checks", async () => {
    const path = join(dir, 'kiosk.db');
    const source = new DataSource({
      type: 'better-sqlite3',
      database: path,
      migrations: KIOSK_MIGRATIONS,
    });
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
    await source.destroy();

    const cli = spawnSync(
      'sqlite3',
      [
        path,
        'SELECT count(*) FROM sqlite_schema; SELECT count(*) FROM holders; PRAGMA quick_check;',
      ],
      { encoding: 'utf8' },
    );
    expect(cli.error).toBeUndefined();
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(cli.stdout.trim().split('\n').slice(1)).toEqual(['0', 'ok']);
  });
});
