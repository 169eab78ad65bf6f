import {
  chmodSync,
  copyFileSync,
  constants,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { AdminActor } from '../audit/admin-actor';
import { AuditRepository } from '../audit/audit.repository';
import { loadOrCreateAuditSigningKey } from '../audit/audit-signing-key';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { loadOrCreatePanKey } from '../credentials/pan-key';
import { holdDatabaseExclusively } from '../database/exclusive-hold';
import { BackupError } from './backup.errors';
import {
  copyFileAtomically,
  fileStamp,
  fsyncPath,
  KEY_FILES,
  removeDatabaseFile,
  SQLITE_SIDE_FILES,
  statOrNull,
  type KeyName,
} from './backup-files';
import { openCheckedCopy, type CheckedCopy } from './database-copy-check';

/** How long a restore waits for another process to let go of the database (a short command). */
const IN_USE_WAIT_MS = 1000;

export interface RestoreRequest {
  /** The backup file. */
  from: string;
  /** Also restore the key files beside it (FILE.pan-hmac.key, FILE.audit-ed25519.pem). */
  withKeys?: boolean;
}

export interface RestoreSummary extends CheckedCopy {
  from: string;
  database: string;
  /** The restore's own record, the first after the backup's last. */
  restoredSeq: number;
  /** Where the database it replaced is kept (null: there was none). */
  replaced: string | null;
  keys: { key: KeyName; file: string; replaced: string | null }[];
}

/**
 * `kiosk restore`: checks a backup through (docs/operations.md, "Restore") on a copy made beside
 * KIOSK_DB, brings that copy to this build's schema, appends the record that says it was
 * restored, and only then puts it in place: the old database is kept under a new name and the new
 * one renamed over its path, so KIOSK_DB is at every moment one whole database or the other.
 * Refused while any other process (the service) has KIOSK_DB open (holdDatabaseExclusively).
 * Needs no working database: it never opens KIOSK_DB through TypeORM.
 */
@Injectable()
export class RestoreService {
  constructor(@Inject(kioskConfig.KEY) private readonly config: KioskConfigType) {}

  async restore(
    request: RestoreRequest,
    actor: AdminActor,
    now = new Date(),
  ): Promise<RestoreSummary> {
    const from = resolve(request.from);
    const database = resolve(this.config.database.path);
    const current = this.refuseRequest(request.from, from, database);
    const keys = request.withKeys ? this.checkedKeys(from) : [];
    mkdirSync(dirname(database), { recursive: true });
    const stamp = fileStamp(now);
    const replaced = current ? `${database}.before-restore-${stamp}` : null;
    const incoming = `${database}.restore-${process.pid}.tmp`;
    try {
      removeDatabaseFile(incoming);
      copyFileSync(from, incoming, constants.COPYFILE_EXCL);
      chmodSync(incoming, 0o600);
      const { checked, restoredSeq } = await this.prepare(incoming, request.from, {
        actor,
        from,
        replaced,
      });
      this.swapIn(incoming, database, replaced ?? `${database}.before-restore-${stamp}`);
      const restoredKeys = keys.map((k) => this.restoreKey(k, stamp));
      return { from, database, ...checked, restoredSeq, replaced, keys: restoredKeys };
    } finally {
      removeDatabaseFile(incoming);
    }
  }

  /** What can be refused at once; returns whether there is a database at KIOSK_DB now. */
  private refuseRequest(given: string, from: string, database: string): boolean {
    const source = statOrNull(from);
    if (!source) throw new BackupError('backup-unusable', `${given} does not exist`);
    if (!source.isFile()) throw new BackupError('backup-unusable', `${given} is not a file`);
    if (from === database)
      throw new BackupError('invalid-input', `${given} is KIOSK_DB itself: restore from a backup`);
    const current = statOrNull(database);
    if (current?.isDirectory())
      throw new BackupError(
        'invalid-input',
        `KIOSK_DB=${database} is a directory: name a file in it`,
      );
    return current !== null;
  }

  /** Checks the copy through, brings it to this build's schema, and records the restore in it. */
  private async prepare(
    incoming: string,
    label: string,
    detail: { actor: AdminActor; from: string; replaced: string | null },
  ): Promise<{ checked: CheckedCopy; restoredSeq: number }> {
    const { copy, checked } = await openCheckedCopy(incoming, label, { migrate: true });
    try {
      const restoredSeq = copy.write(
        (tx) =>
          new AuditRepository(copy.connection).appendIn(tx, {
            type: 'admin-action',
            outcome: 'database-restored',
            detail: {
              actor: detail.actor,
              from: detail.from,
              backupLastSeq: checked.lastSeq,
              backupHeadHash: checked.headHash,
              replaced: detail.replaced,
            },
          }).seq,
      );
      return { checked, restoredSeq };
    } finally {
      copy.close();
      fsyncPath(incoming);
    }
  }

  /** Only now is KIOSK_DB touched: held, so no other process has it, until it is swapped. */
  private swapIn(incoming: string, database: string, keep: string): void {
    const hold = statOrNull(database) ? holdDatabaseExclusively(database, IN_USE_WAIT_MS) : null;
    if (hold?.state === 'in-use')
      throw new BackupError(
        'database-in-use',
        `KIOSK_DB=${database} is open in another process (the kiosk service?): stop it (systemctl stop kiosk), then restore`,
      );
    try {
      this.putInPlace(incoming, database, keep, hold?.state === 'held' && hold.whole);
    } finally {
      if (hold?.state === 'held') hold.release();
    }
  }

  /**
   * The swap, with the old database held: its name is linked to `keep` first, then the new file
   * renamed over it (atomic). What SQLite kept beside it must not stay beside the new file (a
   * foreign WAL or journal would be played into it): when the old file is `whole` that holds
   * nothing and is removed; otherwise its -wal and -journal go along to `keep` (the -shm is only
   * an index, and is removed).
   */
  private putInPlace(incoming: string, database: string, keep: string, whole: boolean): void {
    if (statOrNull(database)) linkSync(database, keep);
    for (const side of SQLITE_SIDE_FILES) {
      if (!statOrNull(`${database}${side}`)) continue;
      if (whole || side === '-shm') rmSync(`${database}${side}`, { force: true });
      else renameSync(`${database}${side}`, `${keep}${side}`);
    }
    renameSync(incoming, database);
    fsyncPath(dirname(database));
  }

  /** The key files beside the backup, each loaded as the service would (refused if unusable). */
  private checkedKeys(from: string) {
    const targets = { pan: this.config.panKeyFile, audit: this.config.auditKeyFile };
    const present = KEY_FILES.map(({ key, suffix }) => ({
      key,
      from: `${from}${suffix}`,
      file: resolve(targets[key]),
    })).filter(({ from: path }) => statOrNull(path) !== null);
    if (present.length === 0)
      throw new BackupError(
        'backup-unusable',
        `--with-keys: no key file beside ${from} (${KEY_FILES.map((k) => `${from}${k.suffix}`).join(', ')})`,
      );
    for (const { key, from: path } of present)
      if (key === 'pan') loadOrCreatePanKey(path);
      else loadOrCreateAuditSigningKey(path);
    return present;
  }

  /** Puts a key in place; a different key there is kept under a new name first. */
  private restoreKey(k: { key: KeyName; from: string; file: string }, stamp: string) {
    const existing = statOrNull(k.file);
    let replaced: string | null = null;
    if (existing && !readFileSync(k.file).equals(readFileSync(k.from))) {
      replaced = `${k.file}.before-restore-${stamp}`;
      linkSync(k.file, replaced);
    }
    mkdirSync(dirname(k.file), { recursive: true });
    copyFileAtomically(k.from, k.file);
    return { key: k.key, file: k.file, replaced };
  }
}
