import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { Logger } from '@nestjs/common';
import { DatabaseUnavailableError } from './database.errors';
import { applySqlitePragmas, readSqlitePragmas } from './sqlite/sqlite-pragmas';
import { WalCheckpointer, type WalCheckpointPolicy } from './wal-checkpointer';

const POLICY: WalCheckpointPolicy = { commits: 3, idleMs: 500, mostCommits: 8 };

describe('WalCheckpointer', () => {
  let dir: string;
  let db: Database.Database;
  const sql = { statement: (text: string) => db.prepare(text) };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-wal-'));
    db = new Database(join(dir, 'kiosk.db'));
    applySqlitePragmas(db, { busyTimeoutMs: 20, deferCheckpoints: true });
    db.exec('CREATE TABLE t (x BLOB)');
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One commit of `pages` pages' worth of rows, told to the checkpointer as UnitOfWork does. */
  const commit = (checkpointer: WalCheckpointer, pages = 1) => {
    db.prepare('INSERT INTO t VALUES (randomblob(?))').run(pages * 4000);
    checkpointer.committed();
  };
  const runs = (checkpointer: WalCheckpointer) => jest.spyOn(checkpointer, 'checkpoint');

  it('the service connection runs no checkpoint inside a commit; the CLI keeps SQLite’s', () => {
    expect(readSqlitePragmas(db).walAutoCheckpointPages).toBe(0);
    // 1,200 pages in one commit: past SQLite's 1,000, yet nothing is copied until asked.
    db.prepare('INSERT INTO t VALUES (randomblob(?))').run(1200 * 4000);
    const outcome = new WalCheckpointer(sql, POLICY).checkpoint()!;
    expect(outcome.walFrames).toBeGreaterThan(1000);
    expect(outcome.checkpointedFrames).toBe(outcome.walFrames);

    const cli = new Database(join(dir, 'cli.db'));
    applySqlitePragmas(cli, { busyTimeoutMs: 5000 });
    expect(readSqlitePragmas(cli).walAutoCheckpointPages).toBe(1000);
    cli.close();
  });

  it('checkpoints on the next turn once enough commits are in, and copies every frame', () => {
    const checkpointer = new WalCheckpointer(sql, POLICY);
    const spy = runs(checkpointer);
    commit(checkpointer, 5);
    commit(checkpointer, 5);
    jest.advanceTimersByTime(0);
    expect(spy).not.toHaveBeenCalled();
    commit(checkpointer, 5);
    expect(spy).not.toHaveBeenCalled(); // not inside the commit that made it due
    jest.advanceTimersByTime(0);
    expect(spy).toHaveBeenCalledTimes(1);
    const outcome = spy.mock.results[0]!.value as ReturnType<WalCheckpointer['checkpoint']>;
    expect(outcome!.walFrames).toBeGreaterThanOrEqual(15);
    expect(outcome!.checkpointedFrames).toBe(outcome!.walFrames);
  });

  it('waits while a tap is in hand, and runs when the last hold ends', () => {
    const checkpointer = new WalCheckpointer(sql, POLICY);
    const spy = runs(checkpointer);
    const first = checkpointer.hold();
    const second = checkpointer.hold();
    for (let i = 0; i < 5; i++) commit(checkpointer);
    jest.advanceTimersByTime(10 * POLICY.idleMs);
    expect(spy).not.toHaveBeenCalled();
    first();
    first(); // a second release of the same hold counts once
    jest.advanceTimersByTime(10 * POLICY.idleMs);
    expect(spy).not.toHaveBeenCalled();
    expect(checkpointer.held).toBe(true);
    second();
    expect(checkpointer.held).toBe(false);
    expect(spy).not.toHaveBeenCalled(); // after the release's own turn
    jest.advanceTimersByTime(0);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('runs at once, tap in hand or not, once the most commits have piled up', () => {
    const checkpointer = new WalCheckpointer(sql, POLICY);
    const spy = runs(checkpointer);
    checkpointer.hold();
    for (let i = 0; i < POLICY.mostCommits - 1; i++) commit(checkpointer);
    expect(spy).not.toHaveBeenCalled();
    // No timer turn: a writer awaiting its appends back to back never lets the loop reach one.
    commit(checkpointer);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('gives the page cache back after a checkpoint between taps, not with a tap in hand', () => {
    const ran: string[] = [];
    const recorded = {
      statement: (text: string) => {
        ran.push(text);
        return db.prepare(text);
      },
    };
    const checkpointer = new WalCheckpointer(recorded, POLICY);
    for (let i = 0; i < POLICY.commits; i++) commit(checkpointer, 5);
    jest.advanceTimersByTime(0);
    expect(ran).toEqual(['PRAGMA wal_checkpoint(PASSIVE)', 'PRAGMA shrink_memory']);

    ran.length = 0;
    const release = checkpointer.hold();
    for (let i = 0; i < POLICY.mostCommits; i++) commit(checkpointer);
    expect(ran).toEqual(['PRAGMA wal_checkpoint(PASSIVE)']); // the most commits: the tap waits not
    release();
    jest.advanceTimersByTime(10 * POLICY.idleMs);
    expect(ran).toEqual(['PRAGMA wal_checkpoint(PASSIVE)']);
  });

  it('checkpoints a few commits once writes pause, each commit pushing it back', () => {
    const checkpointer = new WalCheckpointer(sql, POLICY);
    const spy = runs(checkpointer);
    commit(checkpointer);
    jest.advanceTimersByTime(POLICY.idleMs - 1);
    commit(checkpointer);
    jest.advanceTimersByTime(POLICY.idleMs - 1);
    expect(spy).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(spy).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10 * POLICY.idleMs);
    expect(spy).toHaveBeenCalledTimes(1); // nothing new: nothing more
  });

  it('tries again later when a reader’s snapshot keeps frames in the WAL', () => {
    const checkpointer = new WalCheckpointer(sql, POLICY);
    commit(checkpointer);
    const reader = new Database(join(dir, 'kiosk.db'), { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM t').get(); // its snapshot: one row
    for (let i = 0; i < POLICY.commits; i++) commit(checkpointer, 2);
    const spy = runs(checkpointer);
    jest.advanceTimersByTime(0);
    const held = spy.mock.results[0]!.value as ReturnType<WalCheckpointer['checkpoint']>;
    expect(held!.checkpointedFrames).toBeLessThan(held!.walFrames);
    reader.exec('COMMIT');
    reader.close();
    jest.advanceTimersByTime(POLICY.idleMs);
    expect(spy).toHaveBeenCalledTimes(2);
    const done = spy.mock.results[1]!.value as ReturnType<WalCheckpointer['checkpoint']>;
    expect(done!.checkpointedFrames).toBe(done!.walFrames);
  });

  it('does nothing with no policy (SQLite’s own checkpoint is in force)', () => {
    const checkpointer = new WalCheckpointer(sql, null);
    const spy = runs(checkpointer);
    checkpointer.hold()();
    for (let i = 0; i < 2 * POLICY.mostCommits; i++) commit(checkpointer);
    jest.advanceTimersByTime(60_000);
    expect(spy).not.toHaveBeenCalled();
  });

  it('runs nothing after the module is destroyed', () => {
    const checkpointer = new WalCheckpointer(sql, POLICY);
    const spy = runs(checkpointer);
    commit(checkpointer);
    checkpointer.onModuleDestroy();
    for (let i = 0; i < POLICY.commits; i++) commit(checkpointer);
    jest.advanceTimersByTime(60_000);
    expect(spy).not.toHaveBeenCalled();
  });

  it('a closed database is not retried; a failing disk is logged once and retried on a pause', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let failure: Error = new DatabaseUnavailableError('the kiosk database is not open');
    const prepared = jest.fn((): never => {
      throw failure;
    });
    const checkpointer = new WalCheckpointer({ statement: prepared }, POLICY);
    for (let i = 0; i < POLICY.commits; i++) checkpointer.committed();
    jest.advanceTimersByTime(0);
    expect(prepared).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(60_000);
    expect(prepared).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();

    failure = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    for (let i = 0; i < POLICY.commits; i++) checkpointer.committed();
    jest.advanceTimersByTime(0);
    expect(prepared).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(POLICY.idleMs - 1);
    expect(prepared).toHaveBeenCalledTimes(2); // not in a tight loop
    jest.advanceTimersByTime(1);
    expect(prepared).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('disk I/O error');
  });

  it('never starts (nor gives the cache back) while a tap is in hand short of the most commits, and always catches up', () => {
    type Step =
      { kind: 'commit' } | { kind: 'hold' } | { kind: 'release' } | { kind: 'wait'; ms: number };
    const step = fc.oneof(
      fc.constant<Step>({ kind: 'commit' }),
      fc.constant<Step>({ kind: 'hold' }),
      fc.constant<Step>({ kind: 'release' }),
      fc.integer({ min: 0, max: 2 * POLICY.idleMs }).map((ms): Step => ({ kind: 'wait', ms })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let sinceRun = 0;
        let ranInHand = 0;
        const wal = {
          get: () => {
            // Counted, not thrown: the checkpointer catches a failing checkpoint.
            if (checkpointer.held && sinceRun < POLICY.mostCommits) ranInHand++;
            sinceRun = 0;
            return { busy: 0, log: 1, checkpointed: 1 };
          },
        };
        let shrankInHand = 0;
        const shrink = {
          run: () => {
            if (checkpointer.held) shrankInHand++;
          },
        };
        const checkpointer = new WalCheckpointer(
          {
            statement: (text) =>
              (text === 'PRAGMA shrink_memory' ? shrink : wal) as unknown as Database.Statement,
          },
          POLICY,
        );
        const releases: Array<() => void> = [];
        for (const s of steps) {
          if (s.kind === 'commit') {
            sinceRun++;
            checkpointer.committed();
          } else if (s.kind === 'hold') releases.push(checkpointer.hold());
          else if (s.kind === 'release') releases.shift()?.();
          else jest.advanceTimersByTime(s.ms);
        }
        // Every tap done and a pause: whatever was committed is checkpointed.
        releases.forEach((release) => release());
        jest.advanceTimersByTime(POLICY.idleMs);
        expect(ranInHand).toBe(0);
        expect(shrankInHand).toBe(0);
        expect(sinceRun).toBe(0);
        checkpointer.onModuleDestroy();
      }),
      {
        // Found by this property in CI: a checkpoint run at the most commits left the due one's
        // timer pending, and it ran later with a tap in hand.
        examples: [
          [
            [
              ...Array.from({ length: POLICY.mostCommits }, (): Step => ({ kind: 'commit' })),
              { kind: 'hold' },
              { kind: 'wait', ms: 0 },
            ],
          ],
        ],
      },
    );
  });
});
