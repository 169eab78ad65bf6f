import Database from 'better-sqlite3';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { SqliteConnection } from './sqlite/sqlite-connection';
import { UnitOfWork } from './unit-of-work';
import type { WriteTransaction } from './write-transaction';

describe('UnitOfWork on a real SQLite file', () => {
  let db: TestDatabase;
  let unitOfWork: UnitOfWork;
  let sql: SqliteConnection;

  beforeEach(async () => {
    db = await openTestDatabase([]);
    unitOfWork = db.module.get(UnitOfWork);
    sql = db.module.get(SqliteConnection);
  });
  afterEach(() => db.close());

  const insert = (tx: WriteTransaction, action: string) =>
    tx
      .statement(
        "INSERT INTO allowlist_revisions (at, entity, entity_id, action) VALUES ('t', 'holder', 'h', ?)",
      )
      .run(action);
  const actions = () =>
    (
      db.outside().prepare('SELECT action FROM allowlist_revisions ORDER BY revision').all() as {
        action: string;
      }[]
    ).map((r) => r.action);

  it('commits a write and runs overlapping writes one after the other, in order', async () => {
    await Promise.all(['a', 'b', 'c'].map((a) => unitOfWork.write((tx) => insert(tx, a))));
    expect(actions()).toEqual(['a', 'b', 'c']);
    expect(unitOfWork.backlog()).toEqual({ waiting: 0, oldestWaitMs: 0 });
  });

  it('rolls the whole write back when it throws, and the next write still runs', async () => {
    const failed = unitOfWork.write((tx) => {
      insert(tx, 'lost');
      throw new Error('boom');
    });
    const next = unitOfWork.write((tx) => insert(tx, 'kept'));
    await expect(failed).rejects.toThrow('boom');
    await next;
    expect(actions()).toEqual(['kept']);
  });

  it('refuses a write inside a write instead of nesting it', async () => {
    await expect(
      unitOfWork.write((tx) => {
        insert(tx, 'outer');
        void unitOfWork.write((inner) => insert(inner, 'inner'));
      }),
    ).rejects.toThrow('UnitOfWork.write inside a write: pass the open transaction instead');
    expect(actions()).toEqual([]);
  });

  it('refuses asynchronous work and rolls it back', async () => {
    await expect(
      unitOfWork.write(async (tx) => {
        insert(tx, 'async');
        await Promise.resolve();
      }),
    ).rejects.toThrow('A unit of work is synchronous: it returned a promise');
    expect(actions()).toEqual([]);
  });

  it('refuses a transaction used after its unit of work ended', async () => {
    const kept = await unitOfWork.write((tx) => tx);
    expect(() => insert(kept, 'late')).toThrow('This write transaction has ended');
  });

  it('waits without blocking while another process holds the write lock, then writes in order', async () => {
    const other = new Database(db.path);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const first = unitOfWork.write((tx) => insert(tx, 'first'));
      const second = unitOfWork.write((tx) => insert(tx, 'second'));
      // The event loop keeps turning: timers fire while the writes wait for the lock.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      await new Promise((resolve) => setTimeout(resolve, 300));
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(10);
      expect(unitOfWork.backlog().waiting).toBe(2);
      expect(unitOfWork.backlog().oldestWaitMs).toBeGreaterThanOrEqual(250);
      expect(actions()).toEqual([]);
      other.prepare('COMMIT').run();
      await Promise.all([first, second]);
      expect(actions()).toEqual(['first', 'second']);
      expect(unitOfWork.backlog().waiting).toBe(0);
    } finally {
      other.close();
    }
  });

  it('runs after-commit callbacks once the write is durable, and never for a rolled-back one', async () => {
    const told: string[] = [];
    await unitOfWork.write((tx) => {
      insert(tx, 'kept');
      tx.afterCommit(() => told.push(`committed: ${actions().join(',')}`));
    });
    await expect(
      unitOfWork.write((tx) => {
        tx.afterCommit(() => told.push('rolled back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(told).toEqual(['committed: kept']);
  });

  it('keeps every statement it prepared, and prepares each text once', () => {
    const text = 'SELECT count(*) AS n FROM holders';
    expect(sql.statement(text)).toBe(sql.statement(text));
  });
});
