import { CredentialError, CredentialErrorCode } from './credentials.errors';

// ISO/IEC 14443-3 UIDs are single (4), double (7) or triple (10) size.
const UID_LENGTHS = [4, 7, 10];

/**
 * A UID as a person types it ("04 a2:24-e2c35e80") to the form the allowlist keys on
 * (upper-case hex, no separators). Refuses a random UID: a 4-byte UID beginning 08 changes
 * on every tap (ISO/IEC 14443-3, single-size UID with uid0 = 08h), so it cannot name a person.
 */
export function parseUidText(text: string): string {
  const hex = text.replace(/[\s:.-]/g, '').toUpperCase();
  if (!/^([0-9A-F]{2})+$/.test(hex) || !UID_LENGTHS.includes(hex.length / 2)) {
    throw new CredentialError(
      CredentialErrorCode.InvalidUid,
      `"${text}" is not a card UID: expected 4, 7 or 10 bytes of hex`,
    );
  }
  if (hex.length === 8 && hex.startsWith('08')) {
    throw new CredentialError(
      CredentialErrorCode.RandomUid,
      `${hex} is a random UID (4 bytes beginning 08): it changes on every tap and cannot be enrolled`,
    );
  }
  return hex;
}
