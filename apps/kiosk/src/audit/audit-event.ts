import type { ChainedAuditFields } from './audit-chain';

import type { AuditEventType, AuditOutcome } from './audit-catalogue';

export type { AuditEventType } from './audit-catalogue';

/**
 * What the kiosk records: a type and an outcome from the catalogue (audit-catalogue.ts, described
 * in docs/audit-events.md), and no other. Refusals are decisions, not errors, and are recorded
 * the same way.
 */
export type AuditRecordInput = {
  [T in AuditEventType]: AuditRecordFields & { type: T; outcome?: AuditOutcome<T> | null };
}[AuditEventType];

interface AuditRecordFields {
  at?: Date;
  doorId?: string | null;
  reader?: string | null;
  credentialKind?: string | null;
  /** Never a PAN: a UID, or a masked PAN with its last four digits. */
  credentialDisplay?: string | null;
  holderId?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export interface AppendedAuditRecord {
  seq: number;
  at: string;
  hash: string;
}

/** A record as stored: the chained fields and the two hashes. */
export interface StoredAuditRecord extends ChainedAuditFields {
  prevHash: string;
  hash: string;
}
