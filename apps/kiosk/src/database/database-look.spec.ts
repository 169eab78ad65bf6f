import { chownSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lookAtDatabase } from './database-look';

describe('a read-only look at a database', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-look-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves -wal and -shm files of the database file's owner, even run as root", () => {
    const path = join(dir, 'kiosk.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    // The doctor usually runs as root: root's files would lock the service user out of its own
    // database (SQLite gives them the database's owner). As another user, only its own uid is possible.
    const owner = process.getuid?.() === 0 ? 4242 : (process.getuid?.() ?? 0);
    chownSync(path, owner, owner);
    expect(lookAtDatabase(path)).toMatchObject({ journalMode: 'wal', applied: null, head: null });
    for (const side of ['-wal', '-shm']) {
      expect(statSync(`${path}${side}`)).toMatchObject({ uid: owner, gid: owner });
    }
  });
});
