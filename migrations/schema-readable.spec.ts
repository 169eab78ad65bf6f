import { spawnSync } from 'node:child_process';
import { KIOSK_MIGRATIONS } from './index';
import { MigrationFile } from './testing/migration-file';

/**
 * The migrated database opens in the `sqlite3` command-line tool the terminal's system has
 * (Debian 12: SQLite 3.40), which operators look into the file with (docs/operations.md) and the
 * audit export's benchmark compares against. better-sqlite3 bundles a newer SQLite: syntax it
 * accepts in a trigger or view (an `ORDER BY` inside `group_concat`, say, from 3.44) makes the
 * whole schema unreadable to an older one ("malformed database schema").
 */
describe('every migration, as an older SQLite reads it', () => {
  let file: MigrationFile;
  beforeEach(() => (file = MigrationFile.create('schema-readable')));
  afterEach(() => file.remove());

  it("leaves a database the system's sqlite3 opens and checks", async () => {
    await file.migrate(KIOSK_MIGRATIONS);

    const cli = spawnSync(
      'sqlite3',
      [
        file.path,
        'SELECT count(*) FROM sqlite_schema; SELECT count(*) FROM holders; PRAGMA quick_check;',
      ],
      { encoding: 'utf8' },
    );
    expect(cli.error).toBeUndefined();
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(cli.stdout.trim().split('\n').slice(1)).toEqual(['0', 'ok']);
  });
});
