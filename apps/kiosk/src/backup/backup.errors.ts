import { DomainError, type DomainErrorCode } from '../errors/domain-error';

type BackupErrorCode = Extract<
  DomainErrorCode,
  'backup-unusable' | 'file-exists' | 'database-in-use' | 'invalid-input'
>;

/** A backup or restore refused, before anything was replaced; the message names the file. */
export class BackupError extends DomainError {
  constructor(code: BackupErrorCode, message: string) {
    super(code, message);
    this.name = 'BackupError';
  }
}
