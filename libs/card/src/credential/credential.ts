/** What identifies a card holder. Issue 3 adds `{ kind: 'pan'; … }` for bank cards. */
export type Credential = { kind: 'uid'; /** upper-case hex, no spaces */ uid: string };

export type CredentialMethod = 'uid';

/**
 * Why a presented card yields no credential. Refusals are not errors:
 * - `random-uid`: a 4-byte UID starting 08 (ISO/IEC 14443-3 random ID: phones, privacy cards);
 * - `unreadable-card`: the card or reader answered something we cannot use;
 * - `card-removed`: the card left the field (or the reader went) before the read was done;
 * - `no-credential`: the card answered, but has no credential of a kind we read.
 */
export type CardReadRefusal = 'random-uid' | 'unreadable-card' | 'card-removed' | 'no-credential';

export type CredentialReadOutcome =
  | { ok: true; method: CredentialMethod; credential: Credential }
  | { ok: false; reason: CardReadRefusal; detail?: string };
