import type { CardRead } from '@kiosk/card';
import type { OsdpCardRead } from '@kiosk/door';

/**
 * A card read by an OSDP reader on the door board (osdp_RAW / osdp_FMT) as the tap path's
 * CardRead: its data bytes, in hex, are its UID-like credential, enrolled like any UID. The
 * reader's name says which board and reader it came from.
 */
export function cardReadFromOsdp(read: OsdpCardRead, at: Date): CardRead {
  return {
    reader: `OSDP ${read.address}/${read.reader}`,
    atr: '',
    cardKind: 'unknown',
    cardName: `OSDP ${read.format} ${read.bitCount} bits`,
    methodsTried: ['uid'],
    startedAt: at,
    durationMs: 0,
    presentAtAttach: false,
    outcome:
      read.data.length > 0
        ? { ok: true, method: 'uid', credential: { kind: 'uid', uid: read.hex.toUpperCase() } }
        : { ok: false, reason: 'unreadable-card', detail: 'the OSDP reader sent no card data' },
  };
}
