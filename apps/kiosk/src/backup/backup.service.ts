import { closeSync, openSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { DatabaseBackup } from '../database/database-backup';
import { BackupError } from './backup.errors';
import {
  copyFileAtomically,
  fsyncPath,
  KEY_FILES,
  removeDatabaseFile,
  statOrNull,
  type KeyName,
} from './backup-files';
import { openCheckedCopy, type CheckedCopy } from './database-copy-check';

export interface BackupRequest {
  /** The backup file to write. */
  out: string;
  /** Replace `out` (and the key copies) if they are there. */
  force?: boolean;
  /** Also copy the PAN key and the audit signing key beside `out`. */
  withKeys?: boolean;
}

export interface BackupSummary extends CheckedCopy {
  file: string;
  bytes: number;
  /** The key files copied beside it, and the keys there was none of yet. */
  keys: { key: KeyName; file: string }[];
  keysMissing: { key: KeyName; file: string }[];
}

/**
 * `kiosk backup`: SQLite's online backup of the live database while the service goes on
 * deciding taps, written under a temporary name beside the target, checked (integrity, audit
 * chain) and only then renamed into place; the backup itself is an audit record.
 */
@Injectable()
export class BackupService {
  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly database: DatabaseBackup,
    private readonly audit: AuditService,
  ) {}

  async backup(request: BackupRequest, actor: AdminActor): Promise<BackupSummary> {
    const file = resolve(request.out);
    const keys = request.withKeys ? this.keyCopies(file) : [];
    this.refuseTargets(file, keys, request.force === true);
    const checked = await this.copyInto(file);
    const copied = keys.filter(({ from }) => statOrNull(from) !== null);
    for (const { from, file: to } of copied) copyFileAtomically(from, to);
    const summary: BackupSummary = {
      file,
      bytes: statSync(file).size,
      ...checked,
      keys: copied.map(({ key, file: to }) => ({ key, file: to })),
      keysMissing: keys
        .filter((k) => !copied.includes(k))
        .map(({ key, from }) => ({ key, file: from })),
    };
    await this.audit.record({
      type: 'admin-action',
      outcome: 'database-backed-up',
      detail: {
        actor,
        file,
        bytes: summary.bytes,
        records: summary.records,
        lastSeq: summary.lastSeq,
        headHash: summary.headHash,
        keys: summary.keys.map(({ key }) => key),
      },
    });
    return summary;
  }

  /** The copy, under a temporary name beside `file`, checked, then renamed to `file`. */
  private async copyInto(file: string): Promise<CheckedCopy> {
    const partial = `${file}.partial-${process.pid}`;
    try {
      removeDatabaseFile(partial); // left by a crash of a process with the same pid
      closeSync(openSync(partial, 'wx', 0o600)); // SQLite writes into it and keeps its mode
      await this.database.copyTo(partial);
      const { copy, checked } = await openCheckedCopy(partial, `The copy just taken (${partial})`, {
        migrate: false,
      });
      copy.close();
      fsyncPath(partial);
      renameSync(partial, file);
      fsyncPath(dirname(file));
      return checked;
    } finally {
      removeDatabaseFile(partial);
    }
  }

  private keyCopies(file: string) {
    const from = { pan: this.config.panKeyFile, audit: this.config.auditKeyFile };
    return KEY_FILES.map(({ key, suffix }) => ({
      key,
      from: resolve(from[key]),
      file: `${file}${suffix}`,
    }));
  }

  /** Before anything is written: no target over the live database, none there without --force. */
  private refuseTargets(file: string, keys: { file: string }[], force: boolean): void {
    const live = resolve(this.config.database.path);
    const target = statOrNull(file);
    const liveStat = statOrNull(live);
    if (
      file === live ||
      (target && liveStat && target.ino === liveStat.ino && target.dev === liveStat.dev)
    )
      throw new BackupError(
        'invalid-input',
        `${file} is the live database (KIOSK_DB): back up to another file`,
      );
    if (!statOrNull(dirname(file))?.isDirectory())
      throw new BackupError(
        'invalid-input',
        `Cannot write ${file}: ${dirname(file)} is not a directory`,
      );
    if (target?.isDirectory())
      throw new BackupError('invalid-input', `${file} is a directory: name a file in it`);
    if (force) return;
    for (const path of [file, ...keys.map((k) => k.file)])
      if (statOrNull(path))
        throw new BackupError(
          'file-exists',
          `${path} exists already: choose another name, or --force to replace it`,
        );
  }
}
