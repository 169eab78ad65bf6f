import { parseHex, parseUid } from '@kiosk/card';
import { CredentialError, CredentialErrorCode } from './credentials.errors';

/**
 * A UID as a person types it ("04 a2:24-e2c35e80") to the form the allowlist keys on (upper-case
 * hex). The rules (4, 7 or 10 bytes; a 4-byte UID beginning 08 is random) are the card
 * library's, so an enrolled UID is exactly what a reader will report.
 */
export function parseUidText(text: string): string {
  const bytes = parseHex(text);
  const uid = bytes.ok ? parseUid(bytes.value) : null;
  if (uid?.ok) return uid.value.hex;
  if (uid?.problem === 'random-uid') {
    throw new CredentialError(
      CredentialErrorCode.RandomUid,
      `${text.trim()} is a random UID (4 bytes beginning 08): it changes on every tap and cannot be enrolled`,
    );
  }
  throw new CredentialError(
    CredentialErrorCode.InvalidUid,
    `"${text}" is not a card UID: expected 4, 7 or 10 bytes of hex`,
  );
}
