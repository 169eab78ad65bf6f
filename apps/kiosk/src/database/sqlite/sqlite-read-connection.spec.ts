import Database from 'better-sqlite3';
import { openTestDatabase, type TestDatabase } from '../../testing/test-database';
import { SqliteConnection } from './sqlite-connection';
import { READ_CONNECTION_CACHE_KIB, SqliteReadConnection } from './sqlite-read-connection';

describe('SqliteReadConnection', () => {
  let db: TestDatabase;
  let readers: { open(): SqliteReadConnection };
  beforeAll(async () => {
    db = await openTestDatabase([]);
    const service = db.module.get(SqliteConnection);
    readers = { open: () => SqliteReadConnection.openBeside(service) };
    service.statement('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)').run();
    service.statement("INSERT INTO notes (text) VALUES ('first')").run();
  });
  afterAll(() => db.close());

  it("opens the service's file read-only, with a small page cache and no mapped pages", () => {
    const reader = readers.open();
    try {
      expect(reader.settings()).toEqual({
        readonly: true,
        cacheSize: -READ_CONNECTION_CACHE_KIB,
        mmapSize: 0,
      });
      expect(reader.statement('SELECT text FROM notes').all()).toEqual([{ text: 'first' }]);
      expect(() => reader.statement("INSERT INTO notes (text) VALUES ('no')").run()).toThrow(
        /readonly/,
      );
    } finally {
      reader.close();
    }
  });

  it('reads what the service committed before each statement, while the service writes', () => {
    const service = db.module.get(SqliteConnection);
    const reader = readers.open();
    try {
      const count = () =>
        (reader.statement('SELECT count(*) AS n FROM notes').get() as { n: number }).n;
      const before = count();
      service.statement("INSERT INTO notes (text) VALUES ('second')").run();
      expect(count()).toBe(before + 1);
    } finally {
      reader.close();
    }
  });

  it('prepares each statement once', () => {
    const reader = readers.open();
    try {
      expect(reader.statement('SELECT 1 AS one')).toBe(reader.statement('SELECT 1 AS one'));
    } finally {
      reader.close();
    }
  });

  it('closes; closing again does nothing; a closed one reads nothing', () => {
    const reader = readers.open();
    expect(reader.isOpen).toBe(true);
    reader.close();
    expect(reader.isOpen).toBe(false);
    expect(() => reader.close()).not.toThrow();
    expect(() => reader.statement('SELECT 1').get()).toThrow(/not open/);
  });

  it('refuses a file that is not there (it never makes one)', () => {
    expect(() => SqliteReadConnection.open(`${db.path}.missing`)).toThrow();
  });

  it('refuses a database with no file (in memory): another connection could not read it', () => {
    const memory = new Database(':memory:');
    try {
      expect(() =>
        SqliteReadConnection.openBeside({ statement: (sql) => memory.prepare(sql) }),
      ).toThrow(/no file/);
    } finally {
      memory.close();
    }
  });
});
