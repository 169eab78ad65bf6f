import { parseHex, parseUid } from '@kiosk/card';
import { compactCredentialText, mayHoldCardNumber, panSpelledBy } from './credential-text';
import { CredentialError, CredentialErrorCode } from './credentials.errors';

/**
 * A UID as a person types it ("04 a2:24-e2c35e80", "0x04A2...") to the form the allowlist keys on
 * (upper-case hex). The rules (4, 7 or 10 bytes; a 4-byte UID beginning 08 is random) are the card
 * library's, so an enrolled UID is exactly what a reader will report.
 */
export function parseUidText(text: string): string {
  // A bank-card number is decimal, 12-19 digits with a Luhn check: some of them are valid hex
  // of UID length too. Refused without repeating it, so it lands in no log or terminal scrollback.
  if (panSpelledBy(text)) {
    throw new CredentialError(
      CredentialErrorCode.PanAsUid,
      'That looks like a bank-card number, not a card UID: enrol bank cards with --pan-stdin',
    );
  }
  const bytes = parseHex(compactCredentialText(text));
  const uid = bytes.ok ? parseUid(bytes.value) : null;
  if (uid?.ok) return uid.value.hex;
  // Text that may hold a card number (a mistyped one, say) is described, never repeated.
  const shown = mayHoldCardNumber(text) ? 'That' : `"${text.trim()}"`;
  if (uid?.problem === 'random-uid') {
    throw new CredentialError(
      CredentialErrorCode.RandomUid,
      `${shown} is a random UID (4 bytes beginning 08): it changes on every tap and cannot be enrolled`,
    );
  }
  throw new CredentialError(
    CredentialErrorCode.InvalidUid,
    `${shown} is not a card UID: expected 4, 7 or 10 bytes of hex`,
  );
}
