import type { PanCredential } from './pan-credential';

/**
 * What identifies a card holder: a contactless card's UID, or a bank card's number (PAN). A PAN
 * is a PanCredential: it prints, logs and serialises masked; use `hmac(key)` and `last4`.
 */
export type Credential =
  | { kind: 'uid'; /** upper-case hex, no spaces */ uid: string }
  | { kind: 'pan'; pan: PanCredential };

/**
 * How a credential is read:
 * - `uid`: PC/SC GET DATA (FF CA 00 00 00), the contactless UID;
 * - `emv`: the EMV application's PAN (tag 5A, track 2 equivalent 57, Mastercard 9F6B or 56);
 * - `purse-file`: the seed's method, the card number as BCD in a file (default 3F00/2901).
 */
export type CredentialMethod = 'uid' | 'emv' | 'purse-file';

export const CREDENTIAL_METHODS: readonly CredentialMethod[] = ['uid', 'emv', 'purse-file'];

/**
 * Why a presented card yields no credential. Refusals are not errors:
 * - `random-uid`: a 4-byte UID starting 08 (ISO/IEC 14443-3 random ID: phones, privacy cards);
 * - `unreadable-card`: the card or reader answered something we cannot use;
 * - `card-removed`: the card left the field (or the reader went) before the read was done;
 * - `no-credential`: the card answered, but has no credential of a kind we read (this includes a
 *   bank-card number that fails its Luhn check, and one the card carries twice, differently);
 * - `no-pan-card`: a card of a stored-value or national scheme (GeldKarte) that carries no
 *   12-19 digit card number: it is read as it should be, and is no card a door can use.
 */
export type CardReadRefusal =
  'random-uid' | 'unreadable-card' | 'card-removed' | 'no-credential' | 'no-pan-card';

/**
 * What an installer needs to send in a card the kiosk could not read: the AIDs the card offered
 * (its directory, or the AIDs it answered SELECT to) and each command with the last status word
 * it got (`SELECT 2PAY.SYS.DDF01: 6A82`). Never a PAN, nor any data the card returned.
 */
export interface ReadDiagnosis {
  aidsOffered: string[];
  steps: string[];
}

export type CredentialReadOutcome =
  | { ok: true; method: CredentialMethod; credential: Credential }
  | { ok: false; reason: CardReadRefusal; detail?: string; diagnosis?: ReadDiagnosis };

export type CredentialRefusal = Extract<CredentialReadOutcome, { ok: false }>;
