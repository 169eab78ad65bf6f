import type { ChainedAuditFields } from './audit-chain';

/** What the kiosk records. Refusals are decisions, not errors, and are recorded the same way. */
export type AuditEventType =
  | 'access-decision' // a card was read and decided
  | 'card-read-incomplete' // a card was seen but no credential was read to the end (no decision)
  | 'door-command-failed' // the door board did not acknowledge a command after a decision
  | 'device-event' // a reader or the card middleware came, went, or changed state
  | 'door-event' // the door opened, closed, was forced or held open, tamper, power, out of service
  | 'admin-action'; // enrolment, revocation, and every other change made by a person

export interface AuditRecordInput {
  type: AuditEventType;
  at?: Date;
  doorId?: string | null;
  reader?: string | null;
  credentialKind?: string | null;
  /** Never a PAN: a UID, or a masked PAN with its last four digits. */
  credentialDisplay?: string | null;
  holderId?: string | null;
  outcome?: string | null;
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
