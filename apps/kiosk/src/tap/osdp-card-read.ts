import { PanCredential, toHex, type CardRead, type Credential } from '@kiosk/card';
import type { OsdpCardRead } from '@kiosk/door';
import { normaliseCredential } from '../credentials/credential-text';
import { osdpReaderName } from '../doors/reader-door-map';

/**
 * A card read by an OSDP reader on the door board as the tap path's CardRead, on reader
 * `OSDP <address>/<reader>`.
 * - osdp_RAW (raw bits, Wiegand): the data bytes, in hex, are a UID-like credential, enrolled as
 *   a UID (so only 4, 7 or 10 bytes can be enrolled today) - unless the hex spells a PAN, which
 *   is then that PAN (credential-text.ts), never a UID in clear.
 * - osdp_FMT (the card number as characters): a number that is a valid PAN (12-19 digits, Luhn)
 *   becomes a PanCredential, so a bank card read by a mag-stripe OSDP reader is masked and
 *   hashed like one read by PC/SC, never shown in clear; other text is refused.
 */
export function cardReadFromOsdp(read: OsdpCardRead, at: Date): CardRead {
  const credential = credentialOf(read);
  return {
    reader: osdpReaderName(read.address, read.reader),
    atr: '',
    cardKind: 'unknown',
    cardName: `OSDP ${read.format} ${read.bitCount} bits`,
    methodsTried: ['uid'],
    startedAt: at,
    durationMs: 0,
    presentAtAttach: false,
    outcome: credential.ok
      ? { ok: true, method: 'uid', credential: credential.value }
      : { ok: false, reason: 'unreadable-card', detail: credential.detail },
  };
}

function credentialOf(
  read: OsdpCardRead,
): { ok: true; value: Credential } | { ok: false; detail: string } {
  if (read.data.length === 0) return { ok: false, detail: 'the OSDP reader sent no card data' };
  if (read.format !== 'ascii')
    return { ok: true, value: normaliseCredential({ kind: 'uid', uid: toHex(read.data) }) };
  const pan = PanCredential.fromDigits(Buffer.from(read.data).toString('latin1'));
  return pan.ok
    ? { ok: true, value: { kind: 'pan', pan: pan.pan } }
    : {
        ok: false,
        detail: `the OSDP reader sent a card number that is not a PAN (${pan.problem})`,
      };
}
