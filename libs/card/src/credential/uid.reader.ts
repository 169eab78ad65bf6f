import type { CommandApdu } from '../codec/apdu.codec';
import { describeStatusWord, SW_SUCCESS, type StatusWord } from '../codec/status-word';
import { parseUid } from '../codec/uid';
import type { CardSession } from '../session/card.session';
import { refusalForFault } from './card-command';
import type { CredentialReadOutcome } from './credential';

export { refusalForFault } from './card-command';

/**
 * PC/SC Part 3 GET DATA (pseudo-APDU, class FF, answered by the reader): P1 = 00 asks for the
 * UID, Le = 00 for all of it.
 */
export const GET_DATA_UID: Readonly<CommandApdu> = {
  cla: 0xff,
  ins: 0xca,
  p1: 0x00,
  p2: 0x00,
  data: new Uint8Array(0),
  ne: 256,
};

/**
 * Status words that mean "no UID here" rather than "something went wrong": the reader does not
 * support GET DATA for this card (6A81), or refuses class FF / INS CA (6E00, 6D00), typical of
 * a contact card or a reader without the PC/SC Part 3 pseudo-APDUs.
 */
const NO_UID: ReadonlySet<StatusWord> = new Set([
  0x6a81, 0x6a82, 0x6a86, 0x6a88, 0x6b00, 0x6d00, 0x6e00,
]);

/** Reads a contactless card's UID as its credential. */
export class UidReader {
  async read(session: CardSession): Promise<CredentialReadOutcome> {
    const outcome = await session.transmit({ ...GET_DATA_UID });
    if (!outcome.ok) {
      if (outcome.problem === 'fault') return refusalForFault(outcome.fault);
      return {
        ok: false,
        reason: 'unreadable-card',
        detail: `${outcome.problem}: ${outcome.detail}`,
      };
    }
    const { sw, data } = outcome.response;
    if (sw !== SW_SUCCESS) {
      const described = describeStatusWord(sw);
      const detail = `GET DATA UID: ${described.hex} ${described.meaning}`;
      return { ok: false, reason: NO_UID.has(sw) ? 'no-credential' : 'unreadable-card', detail };
    }
    const uid = parseUid(data);
    if (!uid.ok) {
      if (uid.problem === 'random-uid') return { ok: false, reason: 'random-uid' };
      return { ok: false, reason: 'unreadable-card', detail: `UID of ${data.length} byte(s)` };
    }
    return { ok: true, method: 'uid', credential: { kind: 'uid', uid: uid.value.hex } };
  }
}
