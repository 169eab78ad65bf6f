import { PanCredential, type Credential } from '@kiosk/card';

/**
 * The one normalisation of credential text, used wherever a credential enters: a UID typed by
 * an administrator, a UID read by a PC/SC reader, the raw bits of an OSDP reader. It is the hex
 * parser's own (libs/card parseHex: trim, a leading 0x, spaces, colons and dashes), so that the
 * bank-card guard sees exactly the digits the parser would keep.
 */
export function compactCredentialText(text: string): string {
  return text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:-]/g, '');
}

/**
 * The PAN that `text` spells once compacted (12-19 decimal digits with a valid Luhn check), or
 * null. Such text is a bank-card number whatever else it might be: it is never kept or shown as
 * a UID, since that would store the number in clear.
 */
export function panSpelledBy(text: string): PanCredential | null {
  const parsed = PanCredential.fromDigits(compactCredentialText(text));
  return parsed.ok ? parsed.pan : null;
}

/**
 * A card read's credential as the allowlist keys it: a "UID" whose hex spells a PAN (some OSDP
 * readers send a bank card's number as raw digits; by chance a UID may read so) is that PAN,
 * masked and hashed like any other.
 */
export function normaliseCredential(credential: Credential): Credential {
  if (credential.kind !== 'uid') return credential;
  const pan = panSpelledBy(credential.uid);
  return pan ? { kind: 'pan', pan } : credential;
}

/** True when `text` holds a run of 12 or more digits once compacted: never echo such text. */
export function mayHoldCardNumber(text: string): boolean {
  return /\d{12,}/.test(compactCredentialText(text));
}
