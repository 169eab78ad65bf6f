import { AuditRepository } from '../audit/audit.repository';
import { verifyAuditLog } from '../audit/audit-log-verify';
import { BUILD_MIGRATIONS, DatabaseCopy } from '../database/database-copy';
import { BackupError } from './backup.errors';

/** What a sound copy holds: its audit log's size and head. */
export interface CheckedCopy {
  records: number;
  lastSeq: number;
  headHash: string;
}

/**
 * Opens a database copy (a backup just taken, or one about to be restored) and checks it through:
 * a SQLite file, sound (PRAGMA integrity_check), a kiosk database no newer than this build, and
 * an audit chain that verifies, as `kiosk audit verify` would. `migrate`: runs this build's
 * pending migrations on it first (a restore; the service would at start). Returns it open and
 * made one file (no -wal beside it); the first problem found is thrown as a BackupError naming
 * `label`, with the copy closed.
 */
export async function openCheckedCopy(
  path: string,
  label: string,
  { migrate }: { migrate: boolean },
): Promise<{ copy: DatabaseCopy; checked: CheckedCopy }> {
  const refuse = (problem: string) => new BackupError('backup-unusable', `${label} ${problem}`);
  let copy: DatabaseCopy;
  try {
    copy = DatabaseCopy.open(path);
  } catch (err) {
    throw asFileProblem(err, refuse) ?? err;
  }
  try {
    copy.toSingleFile();
    const problems = copy.integrityProblems();
    if (problems.length > 0)
      throw refuse(`is damaged: PRAGMA integrity_check says "${problems.join('; ')}"`);
    const applied = copy.appliedMigrations();
    if (applied === null) throw refuse('is not a kiosk database (it has no migrations table)');
    const unknown = applied.find((name) => !BUILD_MIGRATIONS.includes(name));
    if (unknown)
      throw refuse(
        `was made by a newer kiosk (migration ${unknown} is not in this build): upgrade the kiosk first`,
      );
    if (migrate) await copy.migrate();
    const audit = new AuditRepository(copy.connection);
    const chain = await verifyAuditLog(audit);
    if (chain.break)
      throw refuse(`has a broken audit chain at seq ${chain.break.seq} (${chain.break.problem})`);
    const head = audit.head();
    return { copy, checked: { records: chain.records, lastSeq: head.seq, headHash: head.hash } };
  } catch (err) {
    copy.close();
    throw asFileProblem(err, refuse) ?? err;
  }
}

/** A driver error that says the file is no database, or a damaged one, as a refusal. */
function asFileProblem(err: unknown, refuse: (problem: string) => BackupError): BackupError | null {
  if (err instanceof BackupError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB') return refuse('is not a SQLite database');
  if (typeof code === 'string' && /^SQLITE_CORRUPT/.test(code))
    return refuse(`is damaged: ${(err as Error).message}`);
  return null;
}
