import { decodeCommandApdu, encodeResponseApdu, type CommandApdu } from '../../codec/apdu.codec';
import { encodeBerTlv, type TlvInput } from '../../codec/ber-tlv.codec';

/** Shared pieces of the virtual card profiles (test and demo only). */
export const sw = (word: number): Uint8Array => encodeResponseApdu(new Uint8Array(0), word);
export const ok = (data: Uint8Array): Uint8Array => encodeResponseApdu(data, 0x9000);

/** TLV bytes of test fixtures; a fixture's own tags are always well-made. */
export function tlv(...objects: TlvInput[]): Uint8Array {
  const encoded = encodeBerTlv(objects);
  return encoded.ok ? encoded.bytes : new Uint8Array(0);
}

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** PC/SC Part 3 ATR of a contactless ISO/IEC 14443-4 card: 3B 8n 80 01 <ATS historical> TCK. */
export function contactlessProcessorAtr(historical: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = [0x80 | historical.length, 0x80, 0x01, ...historical];
  return Uint8Array.of(
    0x3b,
    ...body,
    body.reduce((x, b) => x ^ b, 0),
  );
}

/** A T=0 contact card ATR (TS 3B, only T=0: no TCK), with the EMV-style historical bytes. */
export const CONTACT_T0_ATR = Uint8Array.from([
  0x3b, 0x6e, 0x00, 0x00, 0x80, 0x31, 0x80, 0x66, 0xb0, 0x84, 0x0c, 0x01, 0x6e, 0x01, 0x83, 0x00,
  0x90, 0x00,
]);

/**
 * A T=0 card's outgoing data: the answer to a case 4 command waits behind 61 xx until GET
 * RESPONSE (INS C0, in `getResponseCla`) fetches it.
 */
export class T0Outbox {
  private pending?: Uint8Array;

  constructor(private readonly getResponseCla: number) {}

  /** Puts data aside and answers 61 xx (xx = 00 for 256). */
  hold(data: Uint8Array): Uint8Array {
    this.pending = data;
    return sw(0x6100 | (data.length & 0xff));
  }

  /** Answers GET RESPONSE, or undefined when the command is something else. */
  fetch(c: CommandApdu): Uint8Array | undefined {
    if (c.ins !== 0xc0) return undefined;
    if (c.cla !== this.getResponseCla) return sw(0x6e00);
    const data = this.pending;
    this.pending = undefined;
    if (!data) return sw(0x6985); // conditions of use not satisfied: nothing to get
    if (c.ne !== undefined && c.ne < data.length) return sw(0x6c00 | data.length);
    return ok(data);
  }

  clear(): void {
    this.pending = undefined;
  }
}

export function decodeOr6700(bytes: Uint8Array): CommandApdu | Uint8Array {
  const command = decodeCommandApdu(bytes);
  return command.ok ? command.value : sw(0x6700);
}
