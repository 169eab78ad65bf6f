import Database from 'better-sqlite3';

export interface AuditRow {
  seq: number;
  /** UTC, ISO-8601 with milliseconds. */
  at: string;
  type: string;
  door_id: string | null;
  reader: string | null;
  credential_kind: string | null;
  credential_display: string | null;
  holder_id: string | null;
  outcome: string | null;
  reason: string | null;
  detail: string;
}

/** Reads the kiosk's SQLite file directly, read-only, as an auditor's tool would. */
export function readAuditRows(path: string): AuditRow[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as AuditRow[];
  } finally {
    db.close();
  }
}
