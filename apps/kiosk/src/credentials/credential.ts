export type CredentialKind = 'uid' | 'pan';
export type CredentialStatus = 'active' | 'suspended' | 'revoked';

/** An enrolled credential as the rest of the app sees it: never its lookup key (a PAN's HMAC). */
export interface CredentialRecord {
  id: string;
  holderId: string;
  kind: CredentialKind;
  /** The UID, or the masked PAN. */
  display: string;
  status: CredentialStatus;
  validFrom: Date | null;
  validUntil: Date | null;
  /** Entries left on a visitor card; null: no limit. */
  usesLeft: number | null;
}
