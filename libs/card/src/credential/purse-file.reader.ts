import type { CommandApdu } from '../codec/apdu.codec';
import { decodeBcd } from '../codec/bcd.codec';
import { parseHex } from '../codec/hex';
import type { CardSession } from '../session/card.session';
import { isProcessed, sendCommand, statusDetail } from './card-command';
import type { CredentialReadOutcome } from './credential';
import { PanCredential } from './pan-credential';

/**
 * Where the card number sits, for the seed's purse-file method. The defaults are the seed's
 * Belgian bank cards: class BC, master file 3F00, purse file 2901, the number in bytes 105 to 112
 * counted from 1 (offset 104 from 0, 8 bytes = 16 BCD digits), read with one READ BINARY of 255
 * bytes from the start of the file (`BC B0 00 00 FF`, as the seed does).
 */
export interface PurseFileOptions {
  cla?: number;
  /** File ids as hex, 2 bytes each. */
  masterFile?: string;
  purseFile?: string;
  /** 0-based offset of the number in the file. */
  offset?: number;
  /** Bytes of BCD (two digits each). */
  length?: number;
  /** Ne of the READ BINARY (1-256); at least offset + length. */
  readLength?: number;
}

export const PURSE_FILE_DEFAULTS: Required<PurseFileOptions> = {
  cla: 0xbc,
  masterFile: '3F00',
  purseFile: '2901',
  offset: 104,
  length: 8,
  readLength: 255,
};

const INS_SELECT = 0xa4;
const INS_READ_BINARY = 0xb0;

/**
 * The purse-file method (the seeds' student project): SELECT the master file, SELECT the purse
 * file, READ BINARY, and the card number as packed BCD at the configured offset. T=0 cards answer
 * SELECT with 61xx: GET RESPONSE goes in the card's own class (BC C0 …), as such a card wants.
 */
export class PurseFileReader {
  private readonly options: Required<PurseFileOptions>;

  constructor(options: PurseFileOptions = {}) {
    this.options = { ...PURSE_FILE_DEFAULTS, ...options };
  }

  async read(session: CardSession): Promise<CredentialReadOutcome> {
    const { cla, masterFile, purseFile, offset, length } = this.options;
    const readLength = Math.min(256, Math.max(this.options.readLength, offset + length));
    for (const fileId of [masterFile, purseFile]) {
      const selected = await this.select(session, fileId);
      if (selected) return selected;
    }
    const read = await sendCommand(
      session,
      'READ BINARY',
      this.command(INS_READ_BINARY, new Uint8Array(0), readLength),
      {
        getResponseCla: cla,
      },
    );
    if (!read.ok) return read;
    const { sw, data } = read.response;
    if (!isProcessed(sw))
      return { ok: false, reason: 'no-credential', detail: statusDetail('READ BINARY', sw) };
    if (data.length < offset + length) {
      const detail = `purse file: ${data.length} byte(s) read, the number needs ${offset + length}`;
      return { ok: false, reason: 'no-credential', detail };
    }
    return panFromBcd(data.subarray(offset, offset + length));
  }

  /** SELECT by file id (P1 = 00), case 3, as the seed sends it: `BC A4 00 00 02 3F 00`. */
  private async select(
    session: CardSession,
    fileId: string,
  ): Promise<CredentialReadOutcome | undefined> {
    const id = parseHex(fileId);
    if (!id.ok || id.value.length !== 2) {
      return {
        ok: false,
        reason: 'no-credential',
        detail: `purse file: file id "${fileId}" is not 2 bytes of hex`,
      };
    }
    const what = `SELECT ${fileId.toUpperCase()}`;
    const selected = await sendCommand(session, what, this.command(INS_SELECT, id.value), {
      getResponseCla: this.options.cla,
    });
    if (!selected.ok) return selected;
    if (isProcessed(selected.response.sw)) return undefined;
    return { ok: false, reason: 'no-credential', detail: statusDetail(what, selected.response.sw) };
  }

  private command(ins: number, data: Uint8Array, ne?: number): CommandApdu {
    return { cla: this.options.cla, ins, p1: 0, p2: 0, data, ...(ne === undefined ? {} : { ne }) };
  }
}

/** Digits of packed BCD (F padding allowed), then the PAN checks (length, Luhn). */
export function panFromBcd(bytes: Uint8Array): CredentialReadOutcome {
  const digits = decodeBcd(bytes, { trailingF: true });
  if (!digits.ok)
    return {
      ok: false,
      reason: 'no-credential',
      detail: `purse file: not BCD at nibble ${digits.at}`,
    };
  const pan = PanCredential.fromDigits(digits.value);
  if (!pan.ok) return { ok: false, reason: 'no-credential', detail: `card number: ${pan.problem}` };
  return { ok: true, method: 'purse-file', credential: { kind: 'pan', pan: pan.pan } };
}
