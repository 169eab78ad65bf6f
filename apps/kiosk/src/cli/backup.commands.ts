import { Command } from 'commander';
import { BackupService, type BackupSummary } from '../backup/backup.service';
import { RestoreModule } from '../backup/restore.module';
import { RestoreService, type RestoreSummary } from '../backup/restore.service';
import { cliActor, withCliContext } from './cli-context';
import { print } from './cli-output';

const KEYS_APART =
  'the keys belong in storage apart from the database backup (docs/operations.md, "Backup")';

/** `kiosk backup` and `kiosk restore` (README, "Command line"; docs/operations.md, "Backup"). */
export function backupCommands(): Command[] {
  const backup = new Command('backup')
    .description(
      'copy the live database with SQLite online backup (safe while the service runs), check the copy (integrity, audit chain) and record the backup',
    )
    .requiredOption('--out <file>', 'the backup file (mode 0600), written whole or not at all')
    .option('--force', 'replace the file (and key copies) if there already')
    .option(
      '--with-keys',
      `also copy the PAN key and the audit signing key beside it (FILE.pan-hmac.key, FILE.audit-ed25519.pem, mode 0600): ${KEYS_APART}`,
    )
    .option('--json', 'print JSON')
    .action(async (opts: { out: string; force?: boolean; withKeys?: boolean; json?: boolean }) => {
      const summary = await withCliContext((app) =>
        app
          .get(BackupService)
          .backup({ out: opts.out, force: opts.force, withKeys: opts.withKeys }, cliActor()),
      );
      print(opts.json, summary, () => describeBackup(summary));
    });

  const restore = new Command('restore')
    .description(
      'check a backup (SQLite, integrity_check, audit chain, not newer than this kiosk) and only then put it in place of KIOSK_DB, keeping the old one; the service must be stopped',
    )
    .argument('<file>', 'the backup file (kiosk backup --out)')
    .option(
      '--with-keys',
      'also restore the key files beside it (FILE.pan-hmac.key, FILE.audit-ed25519.pem) to KIOSK_PAN_KEY_FILE and KIOSK_AUDIT_KEY_FILE',
    )
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { withKeys?: boolean; json?: boolean }) => {
      const summary = await withCliContext(
        (app) =>
          app.get(RestoreService).restore({ from: file, withKeys: opts.withKeys }, cliActor()),
        RestoreModule,
      );
      print(opts.json, summary, () => describeRestore(summary));
    });

  return [backup, restore];
}

function describeBackup(s: BackupSummary): string {
  return [
    `Backed up to ${s.file} (${s.bytes} bytes, ${s.records} audit records, last seq ${s.lastSeq}, head ${s.headHash})`,
    ...s.keys.map(({ key, file }) => `  ${key} key copied to ${file}`),
    ...s.keysMissing.map(({ key, file }) => `  no ${key} key at ${file} yet: nothing to copy`),
    ...(s.keys.length > 0 ? [`  ${KEYS_APART}`] : []),
  ].join('\n');
}

function describeRestore(s: RestoreSummary): string {
  return [
    `Restored ${s.from} into ${s.database} (${s.records} audit records, last seq ${s.lastSeq}; the restore is record ${s.restoredSeq})`,
    s.replaced
      ? `  the database it replaced is kept as ${s.replaced}`
      : '  there was no database before',
    ...s.keys.map(
      ({ key, file, replaced }) =>
        `  ${key} key restored to ${file}${replaced ? ` (the one it replaced is kept as ${replaced})` : ''}`,
    ),
  ].join('\n');
}
