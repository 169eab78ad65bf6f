import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AuditModule } from '../audit/audit.module';
import { AuditService } from '../audit/audit.service';
import { DatabaseBackup } from '../database/database-backup';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { BackupModule } from './backup.module';
import { BackupService } from './backup.service';

const actor = { kind: 'cli', user: 'tester' } as const;

describe('kiosk backup, on a real SQLite file', () => {
  let db: TestDatabase;
  let backups: BackupService;
  let audit: AuditService;
  let dir: string;

  beforeEach(async () => {
    db = await openTestDatabase([AuditModule, BackupModule]);
    backups = db.module.get(BackupService);
    audit = db.module.get(AuditService);
    dir = dirname(db.path);
    for (let i = 0; i < 20; i += 1)
      await audit.record({
        type: 'access-decision',
        outcome: 'granted',
        doorId: 'main',
        reader: `r${i}`,
      });
  });
  afterEach(() => db.close());

  const filesIn = () => readdirSync(dir).sort();
  const out = () => join(dir, 'backup.db');

  it('writes one whole file, mode 0600, that holds the log as it was and verifies; and records it', async () => {
    const summary = await backups.backup({ out: out() }, actor);
    expect(summary).toMatchObject({ file: out(), records: 20, lastSeq: 20 });
    expect(summary.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.bytes).toBe(statSync(out()).size);
    expect(statSync(out()).mode & 0o777).toBe(0o600);
    // One file: no -wal beside it, and its header says rollback journal (bytes 18 and 19: 1).
    expect(filesIn().filter((f) => f.startsWith('backup.db'))).toEqual(['backup.db']);
    expect([...readFileSync(out()).subarray(18, 20)]).toEqual([1, 1]);
    const copy = new Database(out(), { readonly: true });
    const last = copy.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get();
    copy.close();
    expect(last).toEqual({ seq: 20, hash: summary.headHash });

    const recorded = db.outside().prepare('SELECT * FROM audit_events WHERE seq = 21').get() as {
      type: string;
      outcome: string;
      detail: string;
    };
    expect(recorded).toMatchObject({ type: 'admin-action', outcome: 'database-backed-up' });
    expect(JSON.parse(recorded.detail)).toEqual({
      actor,
      file: out(),
      bytes: summary.bytes,
      records: 20,
      lastSeq: 20,
      headHash: summary.headHash,
      keys: [],
    });
    expect(await audit.verify()).toEqual({ records: 21, break: null });
  });

  it('refuses a file that is there already, unless forced, and writes nothing', async () => {
    writeFileSync(out(), 'mine');
    await expect(backups.backup({ out: out() }, actor)).rejects.toMatchObject({
      code: 'file-exists',
      message: `${out()} exists already: choose another name, or --force to replace it`,
    });
    expect(readFileSync(out(), 'utf8')).toBe('mine');
    await backups.backup({ out: out(), force: true }, actor);
    expect(readFileSync(out()).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('refuses the live database itself, even with --force', async () => {
    await expect(backups.backup({ out: db.path, force: true }, actor)).rejects.toMatchObject({
      code: 'invalid-input',
      message: `${db.path} is the live database (KIOSK_DB): back up to another file`,
    });
  });

  it('refuses a directory that is not there', async () => {
    const nowhere = join(dir, 'no-such-dir', 'backup.db');
    await expect(backups.backup({ out: nowhere }, actor)).rejects.toMatchObject({
      code: 'invalid-input',
      message: `Cannot write ${nowhere}: ${join(dir, 'no-such-dir')} is not a directory`,
    });
  });

  it('leaves nothing at the file, nor a part of it, when the copy fails midway', async () => {
    const before = filesIn();
    jest.spyOn(db.module.get(DatabaseBackup), 'copyTo').mockImplementation(async (path: string) => {
      writeFileSync(path, 'SQLite format 3\0half a page');
      await Promise.resolve();
      throw new Error('disk pulled');
    });
    await expect(backups.backup({ out: out() }, actor)).rejects.toThrow('disk pulled');
    expect(filesIn()).toEqual(before);
    expect(await audit.verify()).toEqual({ records: 20, break: null }); // no record of a backup
  });

  it('--with-keys copies both keys beside it, mode 0600, and refuses to overwrite them', async () => {
    const pan = join(dir, 'pan-hmac.key');
    const signing = join(dir, 'audit-ed25519.pem');
    writeFileSync(pan, Buffer.alloc(32, 9), { mode: 0o600 });
    writeFileSync(signing, 'PEM', { mode: 0o600 });
    const summary = await backups.backup({ out: out(), withKeys: true }, actor);
    expect(summary.keys).toEqual([
      { key: 'pan', file: `${out()}.pan-hmac.key` },
      { key: 'audit', file: `${out()}.audit-ed25519.pem` },
    ]);
    expect(readFileSync(`${out()}.pan-hmac.key`)).toEqual(Buffer.alloc(32, 9));
    expect(readFileSync(`${out()}.audit-ed25519.pem`, 'utf8')).toBe('PEM');
    for (const f of summary.keys) expect(statSync(f.file).mode & 0o777).toBe(0o600);
    expect(filesIn().filter((f) => f.includes('.tmp'))).toEqual([]);

    await expect(
      backups.backup({ out: join(dir, 'other.db'), withKeys: true }, actor),
    ).resolves.toMatchObject({ keys: expect.any(Array) });
    writeFileSync(join(dir, 'third.db.audit-ed25519.pem'), 'old');
    await expect(
      backups.backup({ out: join(dir, 'third.db'), withKeys: true }, actor),
    ).rejects.toMatchObject({ code: 'file-exists' });
    expect(existsSync(join(dir, 'third.db'))).toBe(false);
  });

  it('--with-keys names a key there is none of yet, and copies the other', async () => {
    writeFileSync(join(dir, 'pan-hmac.key'), Buffer.alloc(32, 9), { mode: 0o600 });
    const summary = await backups.backup({ out: out(), withKeys: true }, actor);
    expect(summary.keys).toEqual([{ key: 'pan', file: `${out()}.pan-hmac.key` }]);
    expect(summary.keysMissing).toEqual([{ key: 'audit', file: join(dir, 'audit-ed25519.pem') }]);
  });
});
