import { parseNtagVersion, type NtagVersion } from '../codec/card-identity';
import { hexBytes } from '../codec/hex';
import type { CardSession } from '../session/card.session';

/**
 * NXP GET VERSION (60) sent through the reader: the ACR122U (PN532) direct transmit pseudo-APDU
 * FF 00 00 00 Lc with InCommunicateThru (D4 42) and the card command 60. The reader answers
 * D5 43 <status> <8 version bytes> 90 00 (the seeds' example). Our virtual NTAG answers it too.
 */
export const DIRECT_TRANSMIT_GET_VERSION = hexBytes('FF 00 00 00 03 D4 42 60');

/** The card's version, or undefined when the reader or the card does not answer it. */
export async function readNtagVersion(session: CardSession): Promise<NtagVersion | undefined> {
  const outcome = await session.transmit({
    cla: 0xff,
    ins: 0x00,
    p1: 0x00,
    p2: 0x00,
    data: DIRECT_TRANSMIT_GET_VERSION.subarray(5),
  });
  if (!outcome.ok || outcome.response.sw !== 0x9000) return undefined;
  const data = outcome.response.data;
  if (data[0] !== 0xd5 || data[1] !== 0x43 || data[2] !== 0x00) return undefined;
  return parseNtagVersion(data.subarray(3));
}
