import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BUILD_MIGRATIONS } from '../database/database-copy';
import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { lookAtDatabase, type DatabaseLook } from '../database/database-look';
import { checkDatabase } from './database.check';
import { formatCheckLine } from './doctor-check';
import { nodeDoctorHost } from './doctor-host';
import { resolveServiceUser } from './service-user';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const settings = (path: string, maxBytes: number | null = null) => ({
  path,
  maxBytes,
  mmapBytes: 0,
});

describe('the database check, on real SQLite files', () => {
  let dir: string;
  let db: TestDatabase;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-doctor-db-'));
    db = await openTestDatabase([], { KIOSK_DB: join(dir, 'kiosk.db') });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes a migrated database open in the service, and reads its audit head', () => {
    const [database, audit] = checkDatabase(nodeDoctorHost, settings(db.path), null);
    expect(database).toMatchObject({
      status: 'ok',
      line: expect.stringMatching(
        new RegExp(
          `^quick_check ok, journal_mode wal, ${BUILD_MIGRATIONS.length} migrations applied, [0-9.]+ MB used, none pending$`,
        ),
      ) as unknown,
    });
    const head = db
      .outside()
      .prepare('SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: string; at: string } | undefined;
    expect(formatCheckLine(audit!)).toBe(
      head
        ? `ok   audit log: head seq ${head.seq}, hash ${head.hash.slice(0, 16)}…, last record at ${head.at}`
        : 'ok   audit log: empty: no record yet',
    );
  });

  it('writes nothing to a database no process has open', async () => {
    await db.close();
    const before = sha256(join(dir, 'kiosk.db'));
    expect(checkDatabase(nodeDoctorHost, settings(join(dir, 'kiosk.db')), null)[0]?.status).toBe(
      'ok',
    );
    expect(sha256(join(dir, 'kiosk.db'))).toBe(before);
    db = await openTestDatabase([], { KIOSK_DB: join(dir, 'kiosk.db') }); // for afterEach
  });

  it('warns of pending migrations, and fails a database made by a newer kiosk', async () => {
    await db.close();
    const copy = join(dir, 'copy.db');
    copyFileSync(join(dir, 'kiosk.db'), copy);
    const edit = new Database(copy);
    edit.prepare('DELETE FROM migrations WHERE name = ?').run(BUILD_MIGRATIONS.at(-1));
    edit.close();
    expect(checkDatabase(nodeDoctorHost, settings(copy), null)[0]).toMatchObject({
      status: 'warn',
      line: expect.stringMatching(/, 1 pending$/) as unknown,
      fix: 'the service runs them at its next start; take a backup first (kiosk backup)',
    });
    const newer = new Database(copy);
    newer
      .prepare('INSERT INTO migrations (timestamp, name) VALUES (?, ?)')
      .run(1, 'FromTheFuture1');
    newer.close();
    expect(checkDatabase(nodeDoctorHost, settings(copy), null)[0]).toMatchObject({
      status: 'fail',
      line: 'made by a newer kiosk (migration FromTheFuture1 is not in this build)',
    });
    db = await openTestDatabase([], { KIOSK_DB: join(dir, 'kiosk.db') });
  });

  it('compares the size with database.maxMb when it is set', () => {
    const lines = checkDatabase(nodeDoctorHost, settings(db.path, 1024), null);
    expect(lines[2]).toMatchObject({ name: 'database size', status: 'fail' });
  });

  it('fails a file that is not SQLite', () => {
    writeFileSync(join(dir, 'junk.db'), 'not a database at all, not even close to one'.repeat(40));
    expect(
      formatCheckLine(checkDatabase(nodeDoctorHost, settings(join(dir, 'junk.db')), null)[0]!),
    ).toBe(
      `FAIL database ${join(dir, 'junk.db')}: is not a SQLite database - restore the last backup (docs/operations.md, "Restore")`,
    );
  });

  it('fails a SQLite file that is not a kiosk database', () => {
    const other = new Database(join(dir, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(checkDatabase(nodeDoctorHost, settings(join(dir, 'other.db')), null)[0]).toMatchObject({
      status: 'fail',
      line: 'is not a kiosk database (no migrations table)',
    });
  });

  it('never creates a database that is not there', () => {
    expect(lookAtDatabase(join(dir, 'none.db'))).toMatchObject({
      problem: expect.stringMatching(/^cannot be read/) as unknown,
    });
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });
});

describe('the database check, on a fake host', () => {
  const PATH = '/var/lib/kiosk/kiosk.db';
  const sound: DatabaseLook = {
    quickCheck: ['ok'],
    journalMode: 'wal',
    applied: BUILD_MIGRATIONS,
    head: null,
    usedBytes: 1024 * 1024,
  };
  const host = () =>
    new FakeDoctorHost().account('kiosk', 998).directory('/var/lib/kiosk', 0o700, 998);
  const kiosk = (h: FakeDoctorHost) => resolveServiceUser(h, 'kiosk').user;

  it('warns that a missing database is made at first start', () => {
    expect(formatCheckLine(checkDatabase(host(), settings(PATH), null)[0]!)).toBe(
      `WARN database ${PATH}: not there yet: the service creates it at first start - if the service has run before, KIOSK_DB (database.path) names the wrong file`,
    );
  });

  it("fails a database that is not the service user's to write", () => {
    const h = host().file(PATH, 0o644, 0);
    expect(checkDatabase(h, settings(PATH), kiosk(h), () => sound)[0]).toMatchObject({
      status: 'fail',
      line: 'not writable by user kiosk',
      fix: `chown kiosk ${PATH}`,
    });
  });

  it('fails a database whose directory the service user cannot write (its -wal lives there)', () => {
    const h = new FakeDoctorHost()
      .account('kiosk', 998)
      .directory('/var/lib/kiosk', 0o755, 0)
      .file(PATH, 0o600, 998);
    expect(checkDatabase(h, settings(PATH), kiosk(h), () => sound)[0]?.line).toMatch(
      /^its directory is not writable by user kiosk/,
    );
  });

  it('fails a damaged database, quoting quick_check', () => {
    const h = host().file(PATH, 0o600, 998);
    const damaged = { ...sound, quickCheck: ['*** in database main ***', 'Page 5: never used'] };
    expect(checkDatabase(h, settings(PATH), kiosk(h), () => damaged)[0]?.line).toBe(
      'damaged: PRAGMA quick_check says "*** in database main ***; Page 5: never used"',
    );
  });

  it('warns of a database not in WAL mode', () => {
    const h = host().file(PATH, 0o600, 998);
    expect(
      checkDatabase(h, settings(PATH), kiosk(h), () => ({ ...sound, journalMode: 'delete' }))[0]
        ?.status,
    ).toBe('warn');
  });

  it('fails a directory where the file should be', () => {
    const h = host().directory(PATH, 0o700, 998);
    expect(checkDatabase(h, settings(PATH), kiosk(h))[0]?.line).toBe('is a directory');
  });
});
