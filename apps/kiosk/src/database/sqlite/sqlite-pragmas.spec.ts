import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applySqlitePragmas, readSqlitePragmas, withPageCache } from './sqlite-pragmas';

describe('withPageCache', () => {
  const db = new Database(':memory:');
  const sql = { statement: (text: string) => db.prepare(text) };
  const cacheSize = () => db.pragma('cache_size', { simple: true }) as number;
  afterAll(() => db.close());

  it('runs the work with the cache raised, then sets it back', () => {
    db.pragma('cache_size = -3000');
    expect(withPageCache(sql, 64, () => cacheSize())).toBe(-64 * 1024);
    expect(cacheSize()).toBe(-3000);
  });

  it('sets it back when the work throws', () => {
    db.pragma('cache_size = 500');
    expect(() =>
      withPageCache(sql, 8, () => {
        throw new Error('bad row');
      }),
    ).toThrow('bad row');
    expect(cacheSize()).toBe(500);
  });
});

describe('applySqlitePragmas', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pragmas-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      { busyTimeoutMs: 20, deferCheckpoints: true, mmapBytes: 64 * 1024 * 1024 },
      0,
      64 * 1024 * 1024,
    ],
    [{ busyTimeoutMs: 5000 }, 1000, 0],
  ])('sets every pragma explicitly: %j', (settings, checkpointPages, mmapBytes) => {
    const db = new Database(join(dir, `${mmapBytes}.db`));
    try {
      // Set first to something else, so that "absent" is seen to set the map off, not leave it.
      db.pragma('mmap_size = 4096');
      applySqlitePragmas(db, settings);
      expect(readSqlitePragmas(db)).toEqual({
        journalMode: 'wal',
        synchronous: 2,
        foreignKeys: true,
        busyTimeoutMs: settings.busyTimeoutMs,
        walAutoCheckpointPages: checkpointPages,
        mmapBytes,
      });
    } finally {
      db.close();
    }
  });

  it('reads and writes through the map as through the page cache', () => {
    const db = new Database(join(dir, 'mapped.db'));
    try {
      applySqlitePragmas(db, { busyTimeoutMs: 20, mmapBytes: 1024 * 1024 * 1024 });
      db.exec('CREATE TABLE cards (key TEXT PRIMARY KEY, holder TEXT)');
      const insert = db.prepare('INSERT INTO cards VALUES (?, ?)');
      db.transaction(() => {
        for (let i = 0; i < 20_000; i++) insert.run(`k${i}`, `holder ${i}`);
      })();
      // Into the file, so the next reads come from the mapped file, not the WAL.
      db.pragma('wal_checkpoint(TRUNCATE)');
      const find = db.prepare('SELECT holder FROM cards WHERE key = ?');
      expect(find.get('k12345')).toEqual({ holder: 'holder 12345' });
      db.prepare('UPDATE cards SET holder = ? WHERE key = ?').run('moved', 'k12345');
      expect(find.get('k12345')).toEqual({ holder: 'moved' });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
