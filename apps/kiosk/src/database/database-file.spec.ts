import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { prepareDatabaseFile } from './database-file';

describe('prepareDatabaseFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-dbfile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a new file, creating its directory, and an existing SQLite database', () => {
    const path = join(dir, 'a', 'b', 'kiosk.db');
    prepareDatabaseFile(path);
    new Database(path).exec('CREATE TABLE t (x)');
    expect(() => prepareDatabaseFile(path)).not.toThrow();
    writeFileSync(join(dir, 'empty.db'), '');
    expect(() => prepareDatabaseFile(join(dir, 'empty.db'))).not.toThrow();
    expect(() => prepareDatabaseFile(':memory:')).not.toThrow();
  });

  it.each([
    ['a directory', (d: string) => (mkdirSync(join(d, 'db')), join(d, 'db')), /is a directory/],
    [
      'a file that is not SQLite',
      (d: string) => (
        writeFileSync(join(d, 'notes.txt'), 'hello, not a database'),
        join(d, 'notes.txt')
      ),
      /is not a SQLite database/,
    ],
    [
      'a path under a file',
      (d: string) => (writeFileSync(join(d, 'file'), 'x'), join(d, 'file', 'kiosk.db')),
      /a parent of this path is a file/,
    ],
    ['a path under /proc', () => '/proc/self/kiosk.db', /virtual file system/],
    ['a device', () => '/dev/null', /virtual file system/],
  ])('refuses %s with one line naming KIOSK_DB and the problem', (_what, make, problem) => {
    const path = make(dir);
    let error: unknown;
    try {
      prepareDatabaseFile(path);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'database-unavailable' });
    const message = (error as Error).message;
    expect(message).toMatch(problem);
    expect(message.startsWith(`KIOSK_DB=${path}: `)).toBe(true);
    expect(message).not.toContain('\n');
  });
});
